// runEval (TypeScript) and its Python twin run_shinka_eval: same rules (evolve.md 16.2, case 31).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateCandidate } from "../../lib/evolve/evaluate.js";
import { parseEvalArgs, runEval } from "../../lib/evolve/run-eval.js";
import { loadTask } from "../../lib/evolve/task.js";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tansaku-run-eval-test-"));
  chmodSync(root, 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
function program(code: string): { program_path: string; results_dir: string } {
  const dir = join(root, `gen_${counter++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.mjs"), code);
  return { program_path: join(dir, "main.mjs"), results_dir: join(dir, "results") };
}

describe("runEval", () => {
  it("runs the experiment num_runs times with {seed: i + 1}, aggregates and writes both files", async () => {
    const paths = program("export function run({ seed }) { return seed * 10; }");
    const result = await runEval({ ...paths, experiment_fn_name: "run", num_runs: 3 });
    expect(result.correct).toBe(true);
    expect(result.error).toBeNull();
    expect(result.metrics).toMatchObject({ combined_score: 20, num_successful_runs: 3, num_valid_runs: 3, num_invalid_runs: 0 });
    expect(JSON.parse(readFileSync(join(paths.results_dir, "metrics.json"), "utf8")).combined_score).toBe(20);
    expect(JSON.parse(readFileSync(join(paths.results_dir, "correct.json"), "utf8"))).toEqual({ correct: true, error: null });
  });

  it("makes any invalid run incorrect, keeping the first error and every distinct one", async () => {
    const paths = program("export function run({ seed }) { return seed; }");
    const result = await runEval({
      ...paths,
      experiment_fn_name: "run",
      num_runs: 4,
      validate_fn: (value: number) => (value % 2 === 0 ? [false, `even ${value}`] : [true, null]),
    });
    expect(result.correct).toBe(false);
    expect(result.error).toBe("even 2");
    expect(result.metrics.all_validation_errors).toEqual(["even 2", "even 4"]);
    expect(result.metrics.num_invalid_runs).toBe(2);
  });

  it("gives the default metrics when the experiment throws", async () => {
    const paths = program("export function run() { throw new RangeError('out of ideas'); }");
    const result = await runEval({ ...paths, experiment_fn_name: "run" });
    expect(result.correct).toBe(false);
    expect(result.error).toBe("RangeError: out of ideas");
    expect(result.metrics.combined_score).toBe(0);
    expect(result.metrics.num_successful_runs).toBe(0);
  });

  it("marks a non-finite combined_score incorrect and writes it as Python would", async () => {
    const paths = program("export function run() { return NaN; }");
    const result = await runEval({ ...paths, experiment_fn_name: "run" });
    expect(result.correct).toBe(false);
    expect(result.error).toBe("combined_score is NaN, not a finite number");
    expect(readFileSync(join(paths.results_dir, "metrics.json"), "utf8")).toContain('"combined_score": NaN');
  });

  it("reports a missing experiment function", async () => {
    const paths = program("export const x = 1;");
    const result = await runEval({ ...paths, experiment_fn_name: "run" });
    expect(result.correct).toBe(false);
    expect(result.error).toContain("exports no function run");
  });
});

describe("parseEvalArgs", () => {
  it("reads Shinka's command line and extra keys", () => {
    expect(parseEvalArgs(["--program_path", "a.mjs", "--results_dir=r", "--level", "2"])).toEqual({
      program_path: "a.mjs",
      results_dir: "r",
      extra: { level: "2" },
    });
  });
  it("rejects a command line without the required paths", () => {
    expect(() => parseEvalArgs(["--program_path", "a"])).toThrow(/--results_dir is required/);
    expect(() => parseEvalArgs(["stray"])).toThrow(TypeError);
  });
});

describe("a task folder whose evaluate.ts uses runEval", () => {
  it("runs in the sandbox with tsx and is scored", async () => {
    const task = await loadTask(join(import.meta.dirname, "..", "fixtures", "js-task"));
    expect(task.language).toBe("javascript");
    expect(task.extension).toBe(".mjs");
    const paths = program(readFileSync(task.initial_program_path, "utf8"));
    const result = await evaluateCandidate({ task, ...paths });
    expect(result.error).toBeUndefined();
    expect(result.correct).toBe(true);
    expect(result.combined_score).toBe(4.5); // mean of 3 and 6
    expect(result.private).toEqual({ values: [3, 6] });
  });
});
