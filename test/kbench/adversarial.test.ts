// The adversarial suite on the CPU: every case decidable without running (symbol allowlist, source
// rules, launch plan) is rejected by the check its header names; every other case passes the static
// checks (so the GPU really is the judge) and is listed with the runner check expected to catch it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTask } from "../../lib/kbench/catalogue.js";
import { compileKernel, nvccVersion } from "../../lib/kbench/compile.js";
import { staticChecks } from "../../lib/kbench/static-checks.js";
import { adversarialCases } from "./adversarial-cases.js";

const cases = adversarialCases();
const cacheDir = mkdtempSync(join(tmpdir(), "kbench-adversarial-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe("adversarial suite table", () => {
  it("covers the cheats of the spec, each with a stage and the check expected to catch it", () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
    for (const c of cases) {
      expect(c.caughtBy.length, c.file).toBeGreaterThan(0);
      expect(() => loadTask(c.task), c.file).not.toThrow();
    }
    const cheats = cases.map((c) => c.cheat).join("\n");
    for (const word of ["zeros", "constant", "copies", "pointer", "zeroes its input", "own stream", "cuBLAS", "freed", "half", "past the end", "shared memory", "visible shapes", "TF32", "20x"]) {
      expect(cheats, word).toContain(word);
    }
    // Printed for the record: the table the GPU run checks against.
    console.log(cases.map((c) => `${c.stage.padEnd(6)} ${c.file.padEnd(26)} ${c.caughtBy.join(" | ")}`).join("\n"));
  });
});

describe.skipIf(!nvccVersion())("adversarial cases with nvcc", () => {
  for (const c of cases) {
    it(`${c.file}: ${c.stage === "static" ? `rejected by ${c.caughtBy.join(" or ")}` : `passes static checks; on the GPU: ${c.caughtBy.join(" or ")}`}`, async () => {
      const task = loadTask(c.task);
      const compiled = await compileKernel(c.source, { task, cacheDir });
      const checks = staticChecks(c.source, compiled, task);
      const failed = checks.filter((x) => !x.passed).map((x) => x.name);
      if (c.stage === "static") {
        expect(failed.some((name) => c.caughtBy.includes(name)), `${c.file} failed: ${failed.join(", ")}`).toBe(true);
      } else {
        expect(compiled.ok, compiled.errors.join("\n")).toBe(true);
        expect(failed, checks.filter((x) => !x.passed).map((x) => x.detail).join("; ")).toEqual([]);
      }
    }, 120_000);
  }
});
