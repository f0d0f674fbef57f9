// `tansaku es run` as a user runs it: JSON result, reproducibility from the seed, exit code 2 with a
// one-line reason on bad input.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function tansaku(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "es", "run", ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const base = ["--problem", "sphere", "--dim", "10", "--popsize", "32", "--generations", "100", "--device", "cpu", "--json"];

describe("tansaku es run", () => {
  it("prints best_fitness, generations and ms_per_generation, reproducibly", () => {
    const first = tansaku("--strategy", "sep_cma_es", ...base, "--seed", "4");
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(Object.keys(result).sort()).toEqual(["best_fitness", "generations", "ms_per_generation"]);
    expect(result.generations).toBe(100);
    expect(result.best_fitness).toBeLessThan(1e-3);
    expect(result.ms_per_generation).toBeGreaterThan(0);
    const second = tansaku("--strategy", "sep_cma_es", ...base, "--seed", "4");
    expect(JSON.parse(second.stdout).best_fitness).toBe(result.best_fitness);
  });

  it("--fused (population never stored) reaches the same best Rastrigin value as the stored run", () => {
    const args = ["--strategy", "snes", "--problem", "rastrigin", "--dim", "10", "--popsize", "32", "--generations", "100", "--device", "cpu", "--json"];
    const stored = tansaku(...args);
    const fused = tansaku(...args, "--fused");
    expect(fused.code, fused.stderr).toBe(0);
    const expected = JSON.parse(stored.stdout).best_fitness as number;
    expect(JSON.parse(fused.stdout).best_fitness).toBeCloseTo(expected, 9);
  });

  it("exits 2 with a one-line reason on bad input", () => {
    const cases: [string[], RegExp][] = [
      [["--strategy", "nes", ...base], /--strategy must be one of/],
      [["--strategy", "open_es", ...base.slice(0, 4), "--popsize", "33", "--generations", "1"], /popsize must be even/],
      [["--strategy", "snes", "--problem", "ackley", "--dim", "2", "--popsize", "4", "--generations", "1"], /--problem must be one of/],
      [["--strategy", "snes", "--problem", "sphere", "--dim", "0", "--popsize", "4", "--generations", "1"], /--dim must be >= 1/],
      [["--strategy", "snes", "--problem", "sphere", "--dim", "3", "--popsize", "4", "--generations", "x"], /--generations must be a number/],
      [["--strategy", "cma_es", "--problem", "sphere", "--dim", "3000", "--popsize", "4", "--generations", "1"], /at most 2000/],
      [["--strategy", "xnes", "--problem", "sphere", "--dim", "3", "--popsize", "4", "--generations", "1", "--fused"], /fused asks need/],
    ];
    for (const [args, reason] of cases) {
      const run = tansaku(...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(reason);
    }
  });
});
