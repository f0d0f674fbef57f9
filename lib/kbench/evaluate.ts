// evaluateCandidate: the harness end to end (spec §7): compile → static checks → runner `check`
// (correctness on every configuration, hidden ones included) → runner `time` (only for a correct
// candidate). Each device stage is a fresh runner process. Without a CUDA device it compiles, runs
// the static checks and says clearly that nothing ran.
import { loadTask } from "./catalogue.js";
import { compileKernel, type CompileResult } from "./compile.js";
import { expandConfigs, type ResolvedConfig } from "./configs.js";
import { buildRunnerRequest, findRunner, runRunner, type RunnerTiming } from "./runner-client.js";
import { candidatePlan, staticChecks, type Check } from "./static-checks.js";
import { bootstrapSpeedup, geometricMean } from "./stats.js";

export interface ShapeResult {
  config: string;
  hidden: boolean;
  correct: boolean | null;
  candidate_ms: number | null;
  reference_ms: number | null;
  speedup: number | null;
  max_abs_error: number | null;
  rel_frobenius: number | null;
  flagged: string[];
  failures?: string[];
  /** 95% percentile-bootstrap interval of the speedup (median reference / median candidate). */
  speedup_ci?: [number, number];
}

export interface KbenchResult {
  task: string;
  correct: boolean | null;
  ran: boolean;
  device: string | null;
  note: string;
  checks: Check[];
  speedup: number | null;
  candidate_ms: number | null;
  reference_ms: number | null;
  shapes: ShapeResult[];
  compile: CompileResult;
}

export interface EvaluateOptions {
  device?: "auto" | "cuda" | "none";
  /** Correctness trials per configuration (default 5). */
  trials?: number;
  /** false skips the timing stage; an object overrides the runner's timing settings. */
  timing?: boolean | RunnerTiming;
  /** Only the configurations an LLM may see (no hidden ones): for quick feedback, never for a verdict. */
  llmVisibleOnly?: boolean;
  seed?: number;
  cacheDir?: string;
  /** Per-stage runner timeout (default 300 s). */
  timeoutMs?: number;
  runner?: string;
  /** Keeps only some configurations (tests on small machines); a verdict uses all of them. */
  configFilter?: (config: ResolvedConfig) => boolean;
}

export const NOTHING_RAN = "no CUDA device: compiled and statically checked; nothing ran";

type ShapeJson = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Judges one candidate for a task; never throws for the candidate's behaviour (RangeError for an unknown task). */
export async function evaluateCandidate(taskName: string, source: string, opts: EvaluateOptions = {}): Promise<KbenchResult> {
  if (typeof source !== "string") throw new TypeError("evaluateCandidate: source must be a string");
  const device = opts.device ?? "auto";
  if (!["auto", "cuda", "none"].includes(device)) throw new RangeError(`evaluateCandidate: device must be auto, cuda or none, got ${String(device)}`);
  const task = loadTask(taskName);
  const compile = await compileKernel(source, { task, cacheDir: opts.cacheDir });
  const checks = staticChecks(source, compile, task);
  const configs = expandConfigs(task, { includeHidden: !opts.llmVisibleOnly }).filter(opts.configFilter ?? (() => true));
  const emptyShapes = (correct: boolean | null): ShapeResult[] =>
    configs.map((c) => ({ config: c.id, hidden: c.hidden, correct, candidate_ms: null, reference_ms: null, speedup: null, max_abs_error: null, rel_frobenius: null, flagged: [] }));
  const result = (over: Partial<KbenchResult>): KbenchResult => ({
    task: task.name, correct: null, ran: false, device: null, note: "", checks, speedup: null, candidate_ms: null, reference_ms: null, shapes: emptyShapes(null), compile, ...over,
  });

  const failed = checks.filter((c) => !c.passed);
  if (failed.length) {
    return result({ correct: false, shapes: emptyShapes(false), note: `rejected by static checks (${failed.map((c) => c.name).join(", ")}); nothing ran` });
  }
  if (device === "none") return result({ note: NOTHING_RAN });
  const runner = opts.runner ?? findRunner();
  if (!runner) {
    if (device === "cuda") throw new Error("device cuda requested but the kbench runner is not built (npm run build:native)");
    return result({ note: `${NOTHING_RAN} (the kbench runner is not built)` });
  }
  const reference = await compileKernel(task.referenceSource, { task, cacheDir: opts.cacheDir });
  if (!reference.ok) return result({ note: `the task's reference kernel does not compile: ${reference.errors.join("; ")}` });
  const { plan } = candidatePlan(source, task);
  const common = {
    seed: opts.seed ?? 42,
    trials: opts.trials ?? 5,
    referenceModule: reference.path,
    candidateModule: compile.path,
    candidateKind: compile.kind,
    candidatePlan: compile.kind === "cubin" ? plan : null,
  };

  const check = await runRunner(buildRunnerRequest(task, "check", configs, common), { runner, timeoutMs: opts.timeoutMs });
  if (!check.ok || !check.result) {
    return result({ ran: true, correct: false, shapes: emptyShapes(false), note: `failed kernel: ${check.failure}`, checks: [...checks, { name: "runner", passed: false, detail: check.failure ?? "no result" }] });
  }
  const cr = check.result;
  if (cr.ran === false) {
    if (device === "cuda") throw new Error(`device cuda requested but the runner says: ${String(cr.reason ?? "no CUDA device")}`);
    return result({ note: NOTHING_RAN });
  }
  const deviceName = typeof cr.device === "string" ? cr.device : null;
  const checkShapes = (Array.isArray(cr.shapes) ? cr.shapes : []) as ShapeJson[];
  const shapes: ShapeResult[] = configs.map((c) => {
    const s = checkShapes.find((x) => x.config === c.id);
    return {
      config: c.id, hidden: c.hidden, correct: s ? s.correct === true : false,
      candidate_ms: null, reference_ms: null, speedup: null,
      max_abs_error: num(s?.max_abs_error), rel_frobenius: num(s?.rel_frobenius), flagged: [],
      failures: s ? ((s.failures as string[]) ?? []) : [`no result for this configuration${typeof cr.error === "string" ? ` (${cr.error})` : ""}`],
    };
  });
  const correct = cr.correct === true && shapes.every((s) => s.correct);
  const runnerCheck: Check = { name: "runner-check", passed: correct, detail: correct ? `correct on ${shapes.length} configurations` : shapes.flatMap((s) => (s.failures ?? []).map((f) => `${s.config}: ${f}`)).concat(typeof cr.error === "string" ? [cr.error] : []).slice(0, 5).join("; ") };
  if (!correct) return result({ ran: true, correct: false, device: deviceName, shapes, checks: [...checks, runnerCheck], note: "incorrect: see the runner-check failures" });
  if (opts.timing === false) return result({ ran: true, correct: true, device: deviceName, shapes, checks: [...checks, runnerCheck], note: "correct; not timed" });

  const timing = typeof opts.timing === "object" ? opts.timing : undefined;
  const time = await runRunner(buildRunnerRequest(task, "time", configs, { ...common, timing }), { runner, timeoutMs: opts.timeoutMs });
  if (!time.ok || !time.result) {
    return result({ ran: true, correct: false, device: deviceName, shapes, checks: [...checks, runnerCheck, { name: "runner-time", passed: false, detail: time.failure ?? "no result" }], note: `failed kernel while timing: ${time.failure}` });
  }
  const timeShapes = (Array.isArray(time.result.shapes) ? time.result.shapes : []) as ShapeJson[];
  let timedCorrect = time.result.correct !== false;
  for (const s of shapes) {
    const t = timeShapes.find((x) => x.config === s.config);
    if (!t) { timedCorrect = false; continue; }
    s.candidate_ms = num(t.candidate_ms);
    s.reference_ms = num(t.reference_ms);
    s.speedup = num(t.speedup);
    s.flagged = Array.isArray(t.flagged) ? (t.flagged as string[]) : [];
    const refSamples = t.reference_samples, candSamples = t.candidate_samples;
    if (Array.isArray(refSamples) && Array.isArray(candSamples) && refSamples.length > 1 && candSamples.length > 1) {
      const ci = bootstrapSpeedup(refSamples as number[], candSamples as number[], { seed: opts.seed ?? 42, resamples: 1000 });
      s.speedup_ci = [ci.low, ci.high];
    }
    if (t.correct === false) { s.correct = false; s.failures = (t.failures as string[]) ?? []; timedCorrect = false; }
  }
  const timed = shapes.filter((s) => s.candidate_ms !== null && s.reference_ms !== null);
  const runnerTime: Check = { name: "runner-time", passed: timedCorrect, detail: timedCorrect ? `timed ${timed.length} configurations; the checked repetitions were correct` : "a timed repetition's output was wrong (or a configuration has no timing)" };
  const flagged = [...new Set(shapes.flatMap((s) => s.flagged))];
  return result({
    ran: true, correct: timedCorrect, device: deviceName, shapes, checks: [...checks, runnerCheck, runnerTime],
    candidate_ms: timed.length ? geometricMean(timed.map((s) => s.candidate_ms!)) : null,
    reference_ms: timed.length ? geometricMean(timed.map((s) => s.reference_ms!)) : null,
    speedup: timed.length ? geometricMean(timed.map((s) => s.speedup ?? 0)) : null,
    note: timedCorrect ? `correct and timed on ${deviceName ?? "the device"}${flagged.length ? `; flagged: ${flagged.join(", ")}` : ""}` : "incorrect while timing",
  });
}
