// kbench on a CUDA device, shared by test/gpu/kbench.test.ts and the bundled GPU checks
// (run-kbench-checks.ts): reference kernels judged as candidates (against the CPU fp64 reference
// where a configuration is small), the adversarial suite (each case must be rejected by one of the
// checks its header names), and the harness's own overhead per candidate and stage.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTask, taskNames } from "../../lib/kbench/catalogue.js";
import { compileKernel } from "../../lib/kbench/compile.js";
import { expandConfigs, smallConfig } from "../../lib/kbench/configs.js";
import { evaluateCandidate, type KbenchResult } from "../../lib/kbench/evaluate.js";
import { buildRunnerRequest, runRunner, type RunnerTiming } from "../../lib/kbench/runner-client.js";
import { candidatePlan, staticChecks } from "../../lib/kbench/static-checks.js";
import { adversarialCases, type AdversarialCase } from "../kbench/adversarial-cases.js";

/** Light timing for checks (the harness's defaults are for real measurements). */
export const QUICK_TIMING: RunnerTiming = { warmupMs: 5, minReps: 20, minSeconds: 0.05, maxReps: 200 };

/** The task's own naive reference kernel as a candidate (its launch plan declared in the source). */
export function referenceAsCandidate(taskName: string): string {
  const task = loadTask(taskName);
  const plan = { ...task.reference.launch, kernel: task.reference.launch.kernel ?? task.reference.kernel };
  return `// tansaku-launch: ${JSON.stringify(plan)}\n${task.referenceSource}`;
}

/** Is there a device the runner can use? (The runner answers ran: false otherwise.) */
export async function kbenchDevice(): Promise<string | null> {
  const r = await evaluateCandidate("relu", referenceAsCandidate("relu"), { trials: 1, timing: false, llmVisibleOnly: true });
  return r.ran ? r.device ?? "cuda" : null;
}

export interface ReferenceRow {
  task: string;
  correct: boolean | null;
  speedup: number | null;
  reference_ms: number | null;
  note: string;
  seconds: number;
}

/** Each reference kernel judged as a candidate: correct, with a speedup near 1 against itself. */
export async function referenceKernels(names: string[] = taskNames(), budgetSeconds = Infinity): Promise<ReferenceRow[]> {
  const rows: ReferenceRow[] = [];
  const started = performance.now();
  for (const task of names) {
    if ((performance.now() - started) / 1000 > budgetSeconds) break;
    const t0 = performance.now();
    const r = await evaluateCandidate(task, referenceAsCandidate(task), { trials: 2, timing: QUICK_TIMING });
    rows.push({ task, correct: r.correct, speedup: r.speedup, reference_ms: r.reference_ms, note: r.note.slice(0, 300), seconds: (performance.now() - t0) / 1000 });
  }
  return rows;
}

export interface AdversarialRow {
  file: string;
  cheat: string;
  expected: string[];
  rejected: boolean;
  caught_by: string[];
  matches_expected: boolean;
  note: string;
}

/** The checks that fired for a verdict, in the adversarial table's vocabulary. */
export function firedChecks(r: KbenchResult): string[] {
  const fired = new Set<string>();
  for (const c of r.checks) if (!c.passed) fired.add(c.name);
  for (const s of r.shapes) {
    for (const f of s.failures ?? []) {
      const prefix = /^([a-z-]+):/.exec(f)?.[1];
      if (prefix) fired.add(prefix);
      if (/timed repetition/.test(f)) fired.add("checked-repetition");
    }
    if (s.correct === false && s.hidden && r.shapes.filter((x) => !x.hidden).every((x) => x.correct !== false)) fired.add("hidden-config");
    for (const flag of s.flagged) fired.add(flag === "checked-repetition-wrong" ? "checked-repetition" : flag);
  }
  return [...fired];
}

export async function adversarialOnGpu(cases: AdversarialCase[] = adversarialCases()): Promise<AdversarialRow[]> {
  const rows: AdversarialRow[] = [];
  for (const c of cases) {
    const r = await evaluateCandidate(c.task, c.source, { trials: 2, timing: QUICK_TIMING });
    const fired = firedChecks(r);
    const rejected = r.correct === false || fired.some((f) => f === "speedup>10x" || f === "beyond-roofline");
    rows.push({ file: c.file, cheat: c.cheat, expected: c.caughtBy, rejected, caught_by: fired, matches_expected: c.caughtBy.some((x) => fired.includes(x)), note: r.note.slice(0, 300) });
  }
  return rows;
}

export interface OverheadRow {
  task: string;
  compile_s: number;
  static_checks_s: number;
  check_s: number;
  time_s: number;
  total_s: number;
}

/** Seconds per stage for one candidate (cold compile cache), the harness's own cost. */
export async function harnessOverhead(taskName = "relu", source = referenceAsCandidate(taskName)): Promise<OverheadRow> {
  const task = loadTask(taskName);
  const cacheDir = mkdtempSync(join(tmpdir(), "kbench-overhead-"));
  const t0 = performance.now();
  const compiled = await compileKernel(source, { task, cacheDir });
  const t1 = performance.now();
  staticChecks(source, compiled, task);
  const t2 = performance.now();
  const reference = await compileKernel(task.referenceSource, { task, cacheDir });
  const configs = expandConfigs(task, { includeHidden: true });
  const common = { referenceModule: reference.path, candidateModule: compiled.path, candidateKind: compiled.kind, candidatePlan: candidatePlan(source, task).plan };
  const t3 = performance.now();
  await runRunner(buildRunnerRequest(task, "check", configs, common));
  const t4 = performance.now();
  await runRunner(buildRunnerRequest(task, "time", configs, common));
  const t5 = performance.now();
  const s = (a: number, b: number) => (b - a) / 1000;
  return { task: taskName, compile_s: s(t0, t1), static_checks_s: s(t1, t2), check_s: s(t3, t4), time_s: s(t4, t5), total_s: s(t0, t5) - s(t2, t3) };
}

export interface SanitizerRow {
  file: string;
  tool: string;
  exit_code: number | null;
  /** compute-sanitizer reported errors (its --error-exitcode). */
  errors_reported: boolean;
  expected_errors: boolean;
  tail: string;
}

/** compute-sanitizer around the runner (check mode, small configuration, one trial): memcheck must flag
 * the out-of-bounds write, initcheck the uninitialised shared memory, and neither the reference kernel. */
export async function sanitizerRuns(sanitizer = "compute-sanitizer"): Promise<SanitizerRow[]> {
  const cases = adversarialCases();
  const plan: { file: string; source: string; task: string; tool: string; expected: boolean }[] = [
    { file: "reference relu", source: referenceAsCandidate("relu"), task: "relu", tool: "memcheck", expected: false },
    ...["out_of_bounds.cu:memcheck", "uninit_shared.cu:initcheck", "uninit_shared.cu:racecheck"].map((spec) => {
      const [file, tool] = spec.split(":") as [string, string];
      const c = cases.find((x) => x.file === file)!;
      return { file, source: c.source, task: c.task, tool, expected: true };
    }),
  ];
  const rows: SanitizerRow[] = [];
  for (const p of plan) {
    const task = loadTask(p.task);
    const compiled = await compileKernel(p.source, { task });
    const reference = await compileKernel(task.referenceSource, { task });
    const req = buildRunnerRequest(task, "check", [smallConfig(task)], {
      trials: 1, referenceModule: reference.path, candidateModule: compiled.path, candidateKind: compiled.kind, candidatePlan: candidatePlan(p.source, task).plan,
    });
    const r = await runRunner(req, { wrapper: [sanitizer, "--tool", p.tool, "--error-exitcode", "99"], timeoutMs: 300_000 });
    rows.push({ file: p.file, tool: p.tool, exit_code: r.exitCode, errors_reported: r.exitCode === 99, expected_errors: p.expected, tail: r.stderr.slice(-600) });
  }
  return rows;
}
