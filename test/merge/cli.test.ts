// tansaku merge digits as a user runs it: the JSON shape for M2N2 and each baseline, exit code 2 on bad flags.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function tansaku(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("tansaku merge digits", () => {
  const cases: [string[], string][] = [
    [[], "m2n2"],
    [["--baseline", "ga"], "ga"],
    [["--baseline", "map-elites"], "map-elites"],
    [["--baseline", "cmaes"], "sep_cma_es (stand-in for cma_es)"],
  ];
  for (const [flags, method] of cases) {
    it(`prints {method, evaluations, train_accuracy, test_accuracy, seconds} for ${method}`, () => {
      const run = tansaku("merge", "digits", "--evaluations", "100", "--seed", "3", "--json", ...flags);
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(Object.keys(result).sort()).toEqual(["evaluations", "method", "seconds", "test_accuracy", "train_accuracy"]);
      expect(result.method).toBe(method);
      expect(result.evaluations).toBe(100);
      for (const key of ["train_accuracy", "test_accuracy"]) {
        expect(result[key]).toBeGreaterThanOrEqual(0);
        expect(result[key]).toBeLessThanOrEqual(1);
      }
    });
  }

  it("exits 2 with one line on bad flags", () => {
    for (const flags of [["--baseline", "cma"], ["--evaluations", "1"], ["--seed", "-1"], ["--evaluations", "x"]]) {
      const run = tansaku("merge", "digits", ...flags);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
