// evaluateCandidate reads the evaluation contract back (evolve.md 16.1, behaviour cases 31 and 33):
// a Shinka-style Python task through the run_shinka_eval shim, and evaluators that misbehave.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateCandidate, parsePythonJson } from "../../lib/evolve/evaluate.js";
import { loadTask, loadTaskDir } from "../../lib/evolve/task.js";

const fixture = join(import.meta.dirname, "..", "fixtures", "shinka-task");
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tansaku-evaluate-test-"));
  chmodSync(root, 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A generation directory holding `main<ext>` with the given code. */
function generation(code: string, ext = ".py"): { program_path: string; results_dir: string } {
  const dir = join(root, `gen_${counter++}`);
  mkdirSync(dir, { recursive: true });
  const program_path = join(dir, `main${ext}`);
  writeFileSync(program_path, code);
  return { program_path, results_dir: join(dir, "results") };
}

describe("a ShinkaEvolve task folder run with python3", () => {
  it("loads it: the initial program, the language, the evaluator and task.json's message", async () => {
    const task = await loadTask(fixture);
    expect(task.name).toBe("tiny-shinka");
    expect(task.language).toBe("python");
    expect(task.extension).toBe(".py");
    expect(task.initial_program_path).toBe(join(fixture, "initial.py"));
    expect(task.sys_msg).toBe("Make run_experiment return larger values.");
    expect(task.timeout_ms).toBe(60_000);
    expect(task.evaluator.kind).toBe("process");
  });

  it("scores the initial program through run_shinka_eval", async () => {
    const task = await loadTask(fixture);
    const paths = generation(readFileSync(task.initial_program_path, "utf8"));
    const result = await evaluateCandidate({ task, ...paths });
    expect(result.error).toBeUndefined();
    expect(result.correct).toBe(true);
    expect(result.combined_score).toBe(4); // mean of 2, 4, 6
    expect(result.public).toEqual({ mean_value: 4 });
    expect(result.private).toEqual({ values: [2, 4, 6] });
    expect(result.text_feedback).toBe("run 0: 2.0\nrun 1: 4.0\nrun 2: 6.0");
    expect(result.other).toMatchObject({ num_successful_runs: 3, num_valid_runs: 3, num_invalid_runs: 0, all_validation_errors: [] });
    expect(typeof result.other.execution_time_mean).toBe("number");
    const correct = JSON.parse(readFileSync(join(paths.results_dir, "correct.json"), "utf8"));
    expect(correct).toEqual({ correct: true, error: null });
  });

  it("marks a program whose runs fail validation incorrect, keeping the first error", async () => {
    const task = await loadTask(fixture);
    const paths = generation("def run_experiment(seed=1):\n    return {'value': -seed}\n");
    const result = await evaluateCandidate({ task, ...paths });
    expect(result.correct).toBe(false);
    expect(result.error).toBe("value -1 is negative");
    expect(result.other.all_validation_errors).toEqual(["value -1 is negative", "value -2 is negative", "value -3 is negative"]);
  });

  it("gives the default metrics when the experiment raises", async () => {
    const task = await loadTask(fixture);
    const paths = generation("def run_experiment(seed=1):\n    raise ValueError('no luck with seed %d' % seed)\n");
    const result = await evaluateCandidate({ task, ...paths });
    expect(result.correct).toBe(false);
    expect(result.combined_score).toBe(0);
    expect(result.error).toBe("ValueError: no luck with seed 1");
    expect(result.text_feedback).toContain("no luck with seed 1");
  });

  it("marks a NaN combined_score incorrect (Python writes NaN into the JSON)", async () => {
    const task = await loadTask(fixture);
    const paths = generation("def run_experiment(seed=1):\n    return {'value': float('nan')}\n");
    const result = await evaluateCandidate({ task, ...paths });
    expect(readFileSync(join(paths.results_dir, "metrics.json"), "utf8")).toContain("NaN");
    expect(result.correct).toBe(false);
    expect(result.combined_score).toBe(0);
    expect(result.error).toMatch(/combined_score is NaN/);
  });

  it("works without task.json, named after its folder", () => {
    const copy = join(root, "plain-task");
    cpSync(fixture, copy, { recursive: true });
    rmSync(join(copy, "task.json"));
    const task = loadTaskDir(copy);
    expect(task.name).toBe("plain-task");
    expect(task.sys_msg).toContain("EVOLVE-BLOCK");
  });
});

describe("evaluators that misbehave", () => {
  /** A task whose evaluate.mjs is the given script (the candidate's content does not matter). */
  function jsTask(script: string, extra: Record<string, unknown> = {}) {
    const dir = join(root, `task_${counter++}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "initial.mjs"), "// EVOLVE-BLOCK-START\nexport const x = 1;\n// EVOLVE-BLOCK-END\n");
    writeFileSync(join(dir, "evaluate.mjs"), script);
    writeFileSync(join(dir, "task.json"), JSON.stringify({ timeout_s: 30, ...extra }));
    return loadTaskDir(dir);
  }
  const writer = (metrics: string, correct = '{"correct": true, "error": null}', tail = "") => `
import { writeFileSync } from "node:fs";
import { join } from "node:path";
const dir = process.argv[process.argv.indexOf("--results_dir") + 1];
writeFileSync(join(dir, "metrics.json"), ${JSON.stringify(metrics)});
writeFileSync(join(dir, "correct.json"), ${JSON.stringify(correct)});
${tail}`;

  it("passes --program_path and --results_dir, any extra arguments and the thread caps", async () => {
    const task = jsTask(
      writer('{"combined_score": 1}', undefined, `writeFileSync(join(dir, "argv.json"), JSON.stringify([process.argv.slice(2), process.env.OMP_NUM_THREADS]));`),
    );
    const paths = generation("", ".mjs");
    const result = await evaluateCandidate({ task, ...paths, extra_args: { level: 3 }, numeric_threads: 2 });
    expect(result.correct).toBe(true);
    const [argv, threads] = JSON.parse(readFileSync(join(paths.results_dir, "argv.json"), "utf8"));
    expect(argv).toEqual(["--program_path", paths.program_path, "--results_dir", paths.results_dir, "--level", "3"]);
    expect(threads).toBe("2");
  });

  it("treats a missing combined_score as 0 and a text_feedback list as lines", async () => {
    const task = jsTask(writer('{"public": {"a": 1}, "text_feedback": ["one", "two"], "custom": 7}'));
    const result = await evaluateCandidate({ task, ...generation("", ".mjs") });
    expect(result.correct).toBe(true);
    expect(result.combined_score).toBe(0);
    expect(result.text_feedback).toBe("one\ntwo");
    expect(result.other).toEqual({ custom: 7 });
  });

  it("reports missing files, naming them, with the stderr tail", async () => {
    const task = jsTask(`console.error("evaluator gave up"); process.exit(0);`);
    const result = await evaluateCandidate({ task, ...generation("", ".mjs") });
    expect(result.correct).toBe(false);
    expect(result.error).toMatch(/metrics\.json is missing/);
    expect(result.error).toMatch(/correct\.json is missing/);
    expect(result.error).toContain("evaluator gave up");
    expect(result.text_feedback).toContain("metrics.json is missing");
  });

  it("reports a garbled metrics file", async () => {
    const task = jsTask(writer("{combined_score: oops"));
    const result = await evaluateCandidate({ task, ...generation("", ".mjs") });
    expect(result.correct).toBe(false);
    expect(result.error).toMatch(/metrics\.json is not valid JSON/);
  });

  it("reports metrics of the wrong shape", async () => {
    const task = jsTask(writer('{"combined_score": "high"}'));
    const result = await evaluateCandidate({ task, ...generation("", ".mjs") });
    expect(result.correct).toBe(false);
    expect(result.error).toMatch(/combined_score/);
  });

  it("marks a non-zero exit incorrect even with files written, keeping the reported score", async () => {
    const task = jsTask(writer('{"combined_score": 5}', undefined, `console.error("boom"); process.exit(3);`));
    const result = await evaluateCandidate({ task, ...generation("", ".mjs") });
    expect(result.correct).toBe(false);
    expect(result.exit_code).toBe(3);
    expect(result.combined_score).toBe(5);
    expect(result.error).toMatch(/exited with code 3/);
    expect(result.error).toContain("boom");
  });

  it("passes on the evaluator's own verdict of incorrect", async () => {
    const task = jsTask(writer('{"combined_score": 0.5}', '{"correct": false, "error": "too slow"}'));
    const result = await evaluateCandidate({ task, ...generation("", ".mjs") });
    expect(result.correct).toBe(false);
    expect(result.error).toBe("too slow");
    expect(result.combined_score).toBe(0.5);
  });

  it("stops an evaluator that hangs at the timeout", async () => {
    const task = jsTask(`for (;;) {}`);
    const result = await evaluateCandidate({ task, ...generation("", ".mjs"), timeout_ms: 1000 });
    expect(result.correct).toBe(false);
    expect(result.timed_out).toBe(true);
    expect(result.error).toBe("timeout after 1 s");
  });

  it("rejects bad arguments with TypeError or RangeError", async () => {
    const task = jsTask(writer('{"combined_score": 1}'));
    await expect(evaluateCandidate({ task, program_path: "", results_dir: "x" })).rejects.toThrow(TypeError);
    await expect(evaluateCandidate({ task, program_path: "a", results_dir: "b", timeout_ms: -1 })).rejects.toThrow(RangeError);
  });
});

describe("parsePythonJson", () => {
  it("reads NaN and infinities outside strings and leaves strings alone", () => {
    const value = parsePythonJson('{"a": NaN, "b": -Infinity, "c": [Infinity], "d": "NaN and Infinity"}') as Record<string, unknown>;
    expect(value.a).toBeNaN();
    expect(value.b).toBe(-Infinity);
    expect(value.c).toEqual([Infinity]);
    expect(value.d).toBe("NaN and Infinity");
  });
});
