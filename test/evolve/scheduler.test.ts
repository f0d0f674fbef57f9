// The local scheduler (evolve.md §14) and run health (§13): thread caps and the activated
// environment reach the evaluator process, its output is streamed to job_log.out/.err, conflicting
// settings are refused, and hung jobs and stalls are detected on an injected clock.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveEvolveConfig } from "../../lib/evolve/config.js";
import { ProgramDatabase } from "../../lib/evolve/database.js";
import { RunSetupError, startRun } from "../../lib/evolve/engine.js";
import { evaluateCandidate } from "../../lib/evolve/evaluate.js";
import { HealthMonitor } from "../../lib/evolve/health.js";
import { activatedCommand, checkSchedulerOptions, THREAD_VARIABLES, threadCapEnv } from "../../lib/evolve/scheduler.js";
import type { Task } from "../../lib/evolve/task.js";
import { resolveLlmConfig } from "../../lib/llm/config.js";

const root = mkdtempSync(join(tmpdir(), "tansaku-scheduler-"));
chmodSync(root, 0o755);
let counter = 0;

/** A task whose evaluator is a shell script; it reports its environment in public metrics. */
function shellTask(): Task {
  const dir = join(root, `task_${counter++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "initial.py"), "# EVOLVE-BLOCK-START\nx = 1\n# EVOLVE-BLOCK-END\n");
  const script = join(dir, "evaluate.sh");
  writeFileSync(
    script,
    `while [ $# -gt 0 ]; do case "$1" in --results_dir) out="$2"; shift;; esac; shift; done
echo "evaluator says hello"
echo "evaluator complains" >&2
printf '{"combined_score": 1, "public": {"omp": "%s", "mkl": "%s", "numexpr": "%s", "activated": "%s"}}' "$OMP_NUM_THREADS" "$MKL_NUM_THREADS" "$NUMEXPR_NUM_THREADS" "\${TANSAKU_ACTIVATED:-no}" > "$out/metrics.json"
echo '{"correct": true}' > "$out/correct.json"
`,
  );
  return {
    name: "shell",
    dir,
    initial_program_path: join(dir, "initial.py"),
    language: "python",
    extension: ".py",
    sys_msg: "",
    evaluator: { kind: "process", command: "sh", args: [script] },
    timeout_ms: 30_000,
    memory_mb: 1024,
  };
}

function generation(): { program_path: string; results_dir: string } {
  const dir = join(root, `gen_${counter++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.py"), "x = 2\n");
  return { program_path: join(dir, "main.py"), results_dir: join(dir, "results") };
}

describe("local scheduler settings", () => {
  it("caps every numeric library's threads", () => {
    expect(threadCapEnv(3)).toEqual(Object.fromEntries(THREAD_VARIABLES.map((name) => [name, "3"])));
    expect(THREAD_VARIABLES).toEqual(expect.arrayContaining(["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"]));
  });

  it("refuses activate_script with conda_env, and bad thread counts", () => {
    expect(() => checkSchedulerOptions({ activate_script: "/a", conda_env: "e" })).toThrow(/mutually exclusive/);
    expect(() => checkSchedulerOptions({ numeric_threads_per_job: 0 })).toThrow(RangeError);
    expect(() => activatedCommand({ activate_script: "/a", conda_env: "e" }, "python3", [])).toThrow(TypeError);
    expect(activatedCommand({}, "python3", ["evaluate.py"])).toEqual({ command: "python3", args: ["evaluate.py"] });
  });

  it("refuses both at run start with a one-line reason, before creating anything", async () => {
    const dir = join(root, "both", "run");
    const config = resolveEvolveConfig({ num_generations: 1, activate_script: "/x/activate", conda_env: "env" });
    await expect(startRun({ task: "circle-packing", results_dir: dir, config, llm: resolveLlmConfig({ env: {} }) })).rejects.toThrow(RunSetupError);
    await expect(
      startRun({ task: "circle-packing", results_dir: dir, config: resolveEvolveConfig({ activate_script: join(root, "missing.sh") }), llm: resolveLlmConfig({ env: {} }) }),
    ).rejects.toThrow(/does not exist/);
    expect(existsSync(dir)).toBe(false);
  });
});

describe("evaluator processes under the local scheduler", () => {
  it("sets the thread caps and streams stdout and stderr to job_log.out and job_log.err", async () => {
    const paths = generation();
    const result = await evaluateCandidate({ task: shellTask(), ...paths, numeric_threads: 3 });
    expect(result.correct).toBe(true);
    expect(result.public).toEqual({ omp: "3", mkl: "3", numexpr: "3", activated: "no" });
    expect(readFileSync(join(paths.results_dir, "job_log.out"), "utf8")).toBe("evaluator says hello\n");
    expect(readFileSync(join(paths.results_dir, "job_log.err"), "utf8")).toBe("evaluator complains\n");
  });

  it("sources activate_script first", async () => {
    const script = join(root, "activate.sh");
    writeFileSync(script, "export TANSAKU_ACTIVATED=yes\n");
    const result = await evaluateCandidate({ task: shellTask(), ...generation(), activate_script: script });
    expect(result.correct).toBe(true);
    expect(result.public.activated).toBe("yes");
  });

  it("fails the evaluation, saying why, when activate_script cannot be sourced", async () => {
    const result = await evaluateCandidate({ task: shellTask(), ...generation(), activate_script: join(root, "nowhere.sh") });
    expect(result.correct).toBe(false);
    expect(result.stderr_tail).toContain("cannot source activate_script");
  });

  it("runs the evaluator under conda run -n ENV (CONDA_EXE names conda)", async () => {
    const fake = join(root, "fake-conda");
    // Prints how it was called, then runs the command after `run --no-capture-output -n ENV`.
    writeFileSync(fake, `#!/bin/sh\necho "conda $*" >&2\nshift 4\nexec "$@"\n`);
    chmodSync(fake, 0o755);
    const saved = process.env.CONDA_EXE;
    process.env.CONDA_EXE = fake;
    try {
      const paths = generation();
      const result = await evaluateCandidate({ task: shellTask(), ...paths, conda_env: "evo-env" });
      expect(result.correct).toBe(true);
      expect(readFileSync(join(paths.results_dir, "job_log.err"), "utf8")).toMatch(/^conda run --no-capture-output -n evo-env sh /);
    } finally {
      if (saved === undefined) delete process.env.CONDA_EXE;
      else process.env.CONDA_EXE = saved;
    }
  });
});

describe("HealthMonitor", () => {
  it("reports a job past its limit once, and a stall once per stall timeout", () => {
    let now = 1_000_000;
    const health = new HealthMonitor({ stall_timeout_ms: 900_000, now: () => now });
    health.jobStarted(4, 302_000);
    health.jobStarted(5, 302_000);
    now += 300_000;
    health.progress();
    expect(health.check()).toEqual([]);
    now += 3_000;
    health.jobEnded(5);
    const hung = health.check();
    expect(hung).toEqual([expect.objectContaining({ kind: "hung_job", generation: 4 })]);
    expect(hung[0]!.message).toContain("303 s");
    expect(health.check()).toEqual([]); // reported once
    now += 900_000; // 900 s after the last progress
    const stalled = health.check();
    expect(stalled).toEqual([expect.objectContaining({ kind: "stalled", generation: null })]);
    expect(stalled[0]!.message).toContain("generations 4");
    now += 1_000;
    expect(health.check()).toEqual([]);
    now += 900_000;
    expect(health.check().map((e) => e.kind)).toEqual(["stalled"]);
    health.progress();
    now += 899_999;
    expect(health.check()).toEqual([]);
    expect(() => new HealthMonitor({ stall_timeout_ms: 0 })).toThrow(RangeError);
  });
});

describe("stall detection in a run", () => {
  it("records a stall in the log, generation_event_log and the report while an evaluation hangs", async () => {
    const taskDir = join(root, "hanging-task");
    mkdirSync(taskDir, { recursive: true });
    writeFileSync(join(taskDir, "initial.mjs"), "// EVOLVE-BLOCK-START\nexport const x = 1;\n// EVOLVE-BLOCK-END\n");
    writeFileSync(join(taskDir, "evaluate.mjs"), "for (;;) {}\n");
    writeFileSync(join(taskDir, "task.json"), JSON.stringify({ timeout_s: 4 }));
    const dir = join(root, "stall", "run");
    const config = resolveEvolveConfig({ num_generations: 1, stall_timeout_s: 0.5, kill_grace_s: 0.5 });
    const prepared = await startRun({ task: taskDir, results_dir: dir, config, llm: resolveLlmConfig({ env: {} }) });
    await prepared.runner.run();
    prepared.close();
    const db = ProgramDatabase.open(join(dir, "programs.sqlite"), { readonly: true });
    expect(db.events().some((e) => e.status === "stalled")).toBe(true);
    db.close();
    expect(readFileSync(join(dir, "evolution_run.log"), "utf8")).toMatch(/health: stalled: no evaluation or proposal completed/);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("<h2>Health</h2>");
  }, 60_000);
});
