// Evaluates one candidate through its task's evaluator and reads back the evaluation contract
// (evolve.md section 16.1): results/metrics.json and results/correct.json. A candidate's misbehaviour
// (a crash, a hang, garbage or missing files) is a failed evaluation, never an exception.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { runSandboxed, type SandboxCapabilities, type SandboxResult } from "./sandbox.js";
import { activatedCommand, checkSchedulerOptions, threadCapEnv } from "./scheduler.js";
import type { Task } from "./task.js";

export interface EvaluateOptions {
  task: Task;
  program_path: string;
  results_dir: string;
  /** Defaults to the task's limit. */
  timeout_ms?: number;
  memory_mb?: number;
  /** Extra `--key value` arguments for the evaluator process. */
  extra_args?: Record<string, string | number | boolean>;
  /** The evaluator's scratch directory (default: the parent of results_dir, i.e. the generation directory). */
  work_dir?: string;
  /** Shinka's numeric_threads_per_job: OMP/OPENBLAS/MKL/NUMEXPR thread caps (default 1). */
  numeric_threads?: number;
  /** Sourced before an evaluator process starts (excludes conda_env). */
  activate_script?: string | null;
  /** An evaluator process runs under `conda run -n ENV` (excludes activate_script). */
  conda_env?: string | null;
  /** SIGTERM to the process group at the timeout, SIGKILL this much later (default 2000). */
  kill_grace_ms?: number;
}

export interface EvaluationResult {
  combined_score: number;
  public: Record<string, unknown>;
  private: Record<string, unknown>;
  text_feedback: string;
  correct: boolean;
  /** Why it is incorrect, when it is. */
  error?: string;
  /** Every other key of metrics.json, stored as is. */
  other: Record<string, unknown>;
  stdout_tail: string;
  stderr_tail: string;
  seconds: number;
  timed_out: boolean;
  exit_code: number | null;
  /** What the sandbox enforced for this evaluation (absent when nothing was started). */
  isolation?: SandboxCapabilities;
}

const record = z.record(z.string(), z.unknown());

/** metrics.json: combined_score may be missing (0) or non-finite (incorrect); everything else is kept. */
export const MetricsSchema = z
  .object({
    // Any number, NaN and infinities included: they are reported as such below, not as a bad file.
    combined_score: z.custom<number>((value) => typeof value === "number", "must be a number").nullable().optional(),
    public: record.optional(),
    private: record.optional(),
    text_feedback: z.union([z.string(), z.array(z.string())]).nullable().optional(),
    extra_data: z.unknown().optional(),
  })
  .passthrough();

export const CorrectSchema = z.object({
  correct: z.boolean(),
  error: z.string().nullable().optional(),
});

const NON_FINITE = "\u0000tansaku-non-finite:";

/**
 * JSON.parse that also accepts Python's json.dump spellings NaN, Infinity and -Infinity (outside
 * strings), which a Shinka evaluator writes for a non-finite score.
 */
export function parsePythonJson(text: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const word = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9));
    if (word) {
      out += JSON.stringify(NON_FINITE + word[1]);
      i += word[1]!.length - 1;
      continue;
    }
    out += c;
  }
  return JSON.parse(out, (_key, value) => {
    if (typeof value === "string" && value.startsWith(NON_FINITE)) return Number(value.slice(NON_FINITE.length));
    return value;
  });
}

function readJson<T>(path: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; error: string } {
  if (!existsSync(path)) return { ok: false, error: `${path} is missing` };
  let data: unknown;
  try {
    data = parsePythonJson(readFileSync(path, "utf8"));
  } catch (error) {
    return { ok: false, error: `${path} is not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${path}: ${issue?.path.join(".") || "file"}: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, value: parsed.data };
}

function lastLines(text: string, lines = 20): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function feedbackText(value: string | string[] | null | undefined): string {
  if (value === null || value === undefined) return "";
  return Array.isArray(value) ? value.join("\n") : value;
}

function argumentsFor(extra: EvaluateOptions["extra_args"]): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(extra ?? {})) out.push(`--${key}`, String(value));
  return out;
}

function checkOptions(options: EvaluateOptions): void {
  if (!options || typeof options !== "object") throw new TypeError("options must be an object");
  if (!options.task || typeof options.task !== "object") throw new TypeError("task must be a Task (see loadTask)");
  if (typeof options.program_path !== "string" || options.program_path === "") throw new TypeError("program_path must be a non-empty string");
  if (typeof options.results_dir !== "string" || options.results_dir === "") throw new TypeError("results_dir must be a non-empty string");
  if (options.timeout_ms !== undefined && !(options.timeout_ms > 0)) throw new RangeError(`timeout_ms must be > 0, got ${options.timeout_ms}`);
  if (options.memory_mb !== undefined && !(options.memory_mb >= 0)) throw new RangeError(`memory_mb must be >= 0, got ${options.memory_mb}`);
  if (options.numeric_threads !== undefined && !(Number.isInteger(options.numeric_threads) && options.numeric_threads >= 1)) {
    throw new RangeError(`numeric_threads must be an integer >= 1, got ${options.numeric_threads}`);
  }
  if (options.kill_grace_ms !== undefined && !(options.kill_grace_ms >= 0)) throw new RangeError(`kill_grace_ms must be >= 0, got ${options.kill_grace_ms}`);
  checkSchedulerOptions({ activate_script: options.activate_script ?? null, conda_env: options.conda_env ?? null });
}

/** Runs the task's evaluator on one candidate and reads its verdict. Throws only for bad arguments. */
export async function evaluateCandidate(options: EvaluateOptions): Promise<EvaluationResult> {
  checkOptions(options);
  const { task } = options;
  const programPath = resolve(options.program_path);
  const resultsDir = resolve(options.results_dir);
  const timeoutMs = options.timeout_ms ?? task.timeout_ms;
  const memoryMb = options.memory_mb ?? task.memory_mb;
  mkdirSync(resultsDir, { recursive: true });
  const started = performance.now();

  let run: SandboxResult | undefined;
  let launchError: string | undefined;
  try {
    const threads = threadCapEnv(options.numeric_threads ?? 1);
    const killGrace = options.kill_grace_ms === undefined ? {} : { kill_grace_ms: options.kill_grace_ms };
    if (task.evaluator.kind === "trusted") {
      run = await task.evaluator.evaluate({ program_path: programPath, results_dir: resultsDir, timeout_ms: timeoutMs, memory_mb: memoryMb, env: threads, ...killGrace });
    } else {
      const workDir = resolve(options.work_dir ?? dirname(resultsDir));
      const { command, args } = activatedCommand(
        { activate_script: options.activate_script ?? null, conda_env: options.conda_env ?? null },
        task.evaluator.command,
        [...task.evaluator.args, "--program_path", programPath, "--results_dir", resultsDir, ...argumentsFor(options.extra_args)],
      );
      run = await runSandboxed({
        command,
        args,
        cwd: workDir,
        writable_paths: [resultsDir],
        env: { ...threads, ...task.evaluator.env },
        timeout_ms: timeoutMs,
        memory_mb: memoryMb,
        ...killGrace,
        network: task.network ?? false,
        stdout_path: join(resultsDir, "job_log.out"),
        stderr_path: join(resultsDir, "job_log.err"),
      });
    }
  } catch (error) {
    // The evaluator could not even be started (or a trusted evaluator failed on the candidate's output).
    launchError = `evaluation failed: ${(error as Error).message}`;
  }
  const seconds = (performance.now() - started) / 1000;
  const base = {
    stdout_tail: run?.stdout_tail ?? "",
    stderr_tail: run?.stderr_tail ?? "",
    seconds,
    timed_out: run?.timed_out ?? false,
    exit_code: run?.exit_code ?? null,
    ...(run ? { isolation: run.isolation } : {}),
  };
  const fail = (error: string, partial: Partial<EvaluationResult> = {}): EvaluationResult => ({
    combined_score: 0,
    public: {},
    private: {},
    other: {},
    ...partial,
    text_feedback: partial.text_feedback && partial.text_feedback !== error ? `${error}\n${partial.text_feedback}` : error,
    correct: false,
    error,
    ...base,
  });

  if (launchError) return fail(launchError);
  if (run!.timed_out) return fail(`timeout after ${Math.round(timeoutMs / 1000)} s`);

  const metricsFile = readJson(join(resultsDir, "metrics.json"), MetricsSchema);
  const correctFile = readJson(join(resultsDir, "correct.json"), CorrectSchema);
  // A trusted evaluator has already judged the candidate's exit into the files it wrote.
  const exitedBadly = task.evaluator.kind === "process" && run!.exit_code !== 0;
  const stderr = lastLines(run!.stderr_tail);
  if (!metricsFile.ok || !correctFile.ok) {
    const missing = [metricsFile, correctFile].flatMap((file) => (file.ok ? [] : [file.error]));
    const how = exitedBadly ? `the evaluator exited with ${describeExit(run!)}` : "the evaluator exited normally";
    return fail(`${how}, and ${missing.join("; ")}${stderr ? `\nstderr:\n${stderr}` : ""}`);
  }

  const { combined_score: score, public: pub, private: priv, text_feedback, extra_data, ...other } = metricsFile.value;
  if (extra_data !== undefined) {
    // Shinka moves extra_data out of the metrics; keep it beside them.
    writeFileSync(join(resultsDir, "extra.json"), `${JSON.stringify(extra_data)}\n`);
  }
  const partial = {
    public: pub ?? {},
    private: priv ?? {},
    other,
    text_feedback: feedbackText(text_feedback),
  };
  const combined = score ?? 0;
  if (!Number.isFinite(combined)) return fail(`combined_score is ${combined}, not a finite number`, partial);
  if (exitedBadly) {
    return fail(`the evaluator exited with ${describeExit(run!)}${stderr ? `\nstderr:\n${stderr}` : ""}`, { ...partial, combined_score: combined });
  }
  if (!correctFile.value.correct) {
    return fail(correctFile.value.error || "the evaluator marked the program incorrect", { ...partial, combined_score: combined });
  }
  return { ...partial, combined_score: combined, correct: true, ...base };
}

function describeExit(run: SandboxResult): string {
  const reason = run.killed_reason === "memory" ? " (out of memory)" : run.killed_reason === "processes" ? " (process limit)" : "";
  return run.signal ? `signal ${run.signal}${reason}` : `code ${run.exit_code}${reason}`;
}
