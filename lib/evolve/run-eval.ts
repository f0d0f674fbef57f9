// runEval: the TypeScript counterpart of ShinkaEvolve's run_shinka_eval (evolve.md 16.2), for task
// evaluators written in TypeScript or JavaScript. It imports the candidate into this process, so an
// evaluator that uses it is itself untrusted and runs in the sandbox, as every evaluator process does.
//
//   const { program_path, results_dir } = parseEvalArgs();
//   await runEval({ program_path, results_dir, experiment_fn_name: "run_experiment", num_runs: 3, ... });
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export type Metrics = Record<string, unknown> & { combined_score?: number };
export type Validation = readonly [boolean, string | null | undefined] | { valid: boolean; message?: string | null };

export interface RunEvalOptions<Result> {
  program_path: string;
  results_dir: string;
  /** The exported function to run; it gets the run's kwargs object. */
  experiment_fn_name: string;
  num_runs?: number;
  /** kwargs of run i (default `{ seed: i + 1 }`). */
  get_experiment_kwargs?: (run: number) => Record<string, unknown>;
  /** Default: combined_score = mean of numeric results or of their combined_score. */
  aggregate_metrics_fn?: (results: Result[]) => Metrics | Promise<Metrics>;
  validate_fn?: (result: Result) => Validation | Promise<Validation>;
  default_metrics_on_error?: Metrics;
  /** Accepted for Shinka compatibility; runs are sequential (results in run order either way). */
  run_workers?: number;
}

export interface RunEvalResult {
  metrics: Metrics;
  correct: boolean;
  error: string | null;
}

export const DEFAULT_METRICS_ON_ERROR: Metrics = {
  combined_score: 0,
  execution_time_mean: 0,
  execution_time_std: 0,
  num_successful_runs: 0,
  num_valid_runs: 0,
  num_invalid_runs: 0,
  all_validation_errors: [],
};

/** Reads `--program_path P --results_dir R [--key value ...]` (Shinka's evaluator command line). */
export function parseEvalArgs(argv: readonly string[] = process.argv.slice(2)): { program_path: string; results_dir: string; extra: Record<string, string> } {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!;
    if (!key.startsWith("--")) throw new TypeError(`unexpected argument "${key}": expected --key value pairs`);
    const [name, inline] = key.slice(2).split("=", 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new TypeError(`--${name} needs a value`);
    values[name.replaceAll("-", "_")] = value;
  }
  const { program_path, results_dir, ...extra } = values;
  if (!program_path) throw new TypeError("--program_path is required");
  if (!results_dir) throw new TypeError("--results_dir is required");
  return { program_path, results_dir, extra };
}

function normalise(validation: Validation): { valid: boolean; message: string | null } {
  if (Array.isArray(validation)) return { valid: Boolean(validation[0]), message: validation[1] ?? null };
  const object = validation as { valid: boolean; message?: string | null };
  return { valid: Boolean(object.valid), message: object.message ?? null };
}

function defaultAggregate(results: unknown[]): Metrics {
  const scores: number[] = [];
  for (const result of results) {
    if (typeof result === "number") scores.push(result);
    else if (result && typeof result === "object" && typeof (result as Metrics).combined_score === "number") {
      scores.push((result as Metrics).combined_score as number);
    }
  }
  return { combined_score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0 };
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function std(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}

/** JSON with Python's spellings for non-finite numbers, so NaN scores survive the file. */
function toJson(value: unknown): string {
  const NON_FINITE = "__tansaku_non_finite__:";
  const text = JSON.stringify(value, (_key, v) => (typeof v === "number" && !Number.isFinite(v) ? NON_FINITE + String(v) : v), 2);
  return text.replace(new RegExp(`"${NON_FINITE}(NaN|-?Infinity)"`, "g"), "$1");
}

function save(resultsDir: string, result: RunEvalResult): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "correct.json"), `${JSON.stringify({ correct: result.correct, error: result.error })}\n`);
  writeFileSync(join(resultsDir, "metrics.json"), `${toJson(result.metrics)}\n`);
}

/**
 * Runs the program's experiment num_runs times, validates each result, aggregates, and writes
 * metrics.json and correct.json. Any invalid run makes the program incorrect (first error reported,
 * every distinct one kept); a non-finite combined_score is incorrect; an exception gives the default
 * metrics, incorrect, with the error kept. Never throws for the candidate's behaviour.
 */
export async function runEval<Result = unknown>(options: RunEvalOptions<Result>): Promise<RunEvalResult> {
  const runs = options.num_runs ?? 1;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`num_runs must be an integer >= 1, got ${runs}`);
  const kwargsFor = options.get_experiment_kwargs ?? ((run: number) => ({ seed: run + 1 }));
  let result: RunEvalResult;
  try {
    const module = (await import(pathToFileURL(resolve(options.program_path)).href)) as Record<string, unknown>;
    const experiment = module[options.experiment_fn_name];
    if (typeof experiment !== "function") throw new TypeError(`${options.program_path} exports no function ${options.experiment_fn_name}`);
    const results: Result[] = [];
    const times: number[] = [];
    const errors: string[] = [];
    let validRuns = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const value = (await experiment(kwargsFor(run))) as Result;
      times.push((performance.now() - started) / 1000);
      results.push(value);
      const { valid, message } = options.validate_fn ? normalise(await options.validate_fn(value)) : { valid: true, message: null };
      if (valid) validRuns++;
      else {
        const text = message ?? `run ${run} is invalid`;
        if (!errors.includes(text)) errors.push(text);
      }
    }
    const metrics: Metrics = {
      ...(options.aggregate_metrics_fn ? await options.aggregate_metrics_fn(results) : defaultAggregate(results)),
      execution_time_mean: mean(times),
      execution_time_std: std(times),
      num_successful_runs: results.length,
      num_valid_runs: validRuns,
      num_invalid_runs: results.length - validRuns,
      all_validation_errors: errors,
    };
    const score = metrics.combined_score ?? 0;
    if (typeof score !== "number" || !Number.isFinite(score)) {
      result = { metrics, correct: false, error: `combined_score is ${String(score)}, not a finite number` };
    } else {
      result = { metrics, correct: errors.length === 0, error: errors[0] ?? null };
    }
  } catch (error) {
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;
    const metrics: Metrics = { ...(options.default_metrics_on_error ?? DEFAULT_METRICS_ON_ERROR) };
    metrics.combined_score ??= 0;
    metrics.text_feedback = error instanceof Error && error.stack ? error.stack : failure;
    result = { metrics, correct: false, error: failure };
  }
  save(options.results_dir, result);
  return result;
}
