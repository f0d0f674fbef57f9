// The circle-packing task (evolve.md section 17): n = 26 in the unit square, and the n = 32 and
// rectangle-21 variants. The candidate runs sandboxed and only writes its packing; the score comes
// from the trusted verdict (verdict.ts) computed here, in the parent.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runSandboxed, type SandboxResult } from "../../evolve/sandbox.js";
import { type Task, type TrustedEvaluationContext, tsxImportFlag } from "../../evolve/task.js";
import { packageRoot } from "../../paths.js";
import { judgePacking, type PackingVariant, type PackingVerdict, type ToleranceMode } from "./verdict.js";

export { judgePacking, type PackingVariant, type PackingVerdict, RawPackingSchema, TOLERANCE, type ToleranceMode } from "./verdict.js";

export const CIRCLE_PACKING_VARIANTS: readonly PackingVariant[] = [
  {
    name: "circle-packing",
    n: 26,
    container: "unit-square",
    best_known: 2.635983,
    best_known_source: "ShinkaEvolve and later (about 2.635983 at 1e-6, 2.635978 strictly); AlphaEvolve 2.63586275",
    initial_program: "initial.mjs",
  },
  {
    name: "circle-packing-32",
    n: 32,
    container: "unit-square",
    best_known: 2.9395727712,
    best_known_source: "TTT-Discover (certified 2.9395727712); AlphaEvolve 2.937944526205518",
    initial_program: "initial-32.mjs",
  },
  {
    name: "circle-packing-rect-21",
    n: 21,
    container: "rectangle-perimeter-4",
    best_known: 2.3658321334167627,
    best_known_source: "AlphaEvolve 2.3658321334167627",
    initial_program: "initial-rect-21.mjs",
  },
];

/** The task folder: lib/tasks/circle-packing of the package (from sources or from the build). */
export function circlePackingDir(): string {
  return join(packageRoot(), "lib", "tasks", "circle-packing");
}

function systemMessage(variant: PackingVariant): string {
  const where =
    variant.container === "unit-square"
      ? "the unit square [0, 1] x [0, 1]"
      : "a rectangle of perimeter 4 whose width w you choose (the height is 2 - w), with corners (0, 0) and (w, 2 - w)";
  return [
    `You are an expert in geometry and numerical optimisation. Pack ${variant.n} circles, each with its own radius, inside ${where}, with no two circles overlapping, so that the sum of the radii is as large as possible.`,
    `The best value known is about ${variant.best_known} (${variant.best_known_source}).`,
    "The packing is checked exactly (no tolerance): every circle must lie inside the container and no pair may overlap, so leave no rounding-error overlaps.",
    "Ideas that have worked: radii that differ from circle to circle; hexagonal-like arrangements, which are weak at the edges, combined with other patterns; placing circles in the corners and along the edges; larger circles in the middle; arrangements tailored to this particular number of circles; physics-like or gradient-based optimisation of the centres; and solving for the best radii of fixed centres as a linear programme (tools.optimalRadii does exactly that).",
    "The program is JavaScript (an ES module run by Node.js). Keep run_packing's signature and return value; it receives `tools`, tansaku's packing tools, described in the code.",
  ].join("\n");
}

/** The harness that runs in the sandboxed child, and the node flags it needs (tsx from sources). */
function harnessCommand(memoryMb: number): { flags: string[]; path: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSources = import.meta.url.endsWith(".ts");
  const path = join(here, fromSources ? "harness.ts" : "harness.js");
  const flags = fromSources ? [tsxImportFlag()] : [];
  // V8 fails with a clear message before RLIMIT_DATA cuts it off.
  if (memoryMb > 0) flags.push(`--max-old-space-size=${Math.max(64, Math.floor(memoryMb * 0.75))}`);
  return { flags, path };
}

function passThroughEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["TANSAKU_ADDON", "TANSAKU_DEVICE"]) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  return env;
}

function writeVerdict(resultsDir: string, verdict: PackingVerdict): void {
  const { correct, error, ...metrics } = verdict;
  writeFileSync(join(resultsDir, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`);
  writeFileSync(join(resultsDir, "correct.json"), `${JSON.stringify({ correct, error })}\n`);
}

function failure(error: string): PackingVerdict {
  return { correct: false, error, combined_score: 0, public: {}, private: {}, text_feedback: error };
}

function lastLines(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Runs the candidate in the sandbox, then judges its packing here; writes metrics.json and correct.json. */
export async function evaluateCirclePacking(
  context: TrustedEvaluationContext,
  variant: PackingVariant,
  mode: ToleranceMode = "strict",
): Promise<SandboxResult> {
  const work = join(context.results_dir, "candidate");
  mkdirSync(work, { recursive: true });
  const output = join(work, "packing.json");
  const { flags, path } = harnessCommand(context.memory_mb);
  const run = await runSandboxed({
    command: process.execPath,
    args: [...flags, path, "--program_path", context.program_path, "--output", output, "--n", String(variant.n)],
    cwd: work,
    env: { ...context.env, ...passThroughEnv() },
    timeout_ms: context.timeout_ms,
    ...(context.kill_grace_ms === undefined ? {} : { kill_grace_ms: context.kill_grace_ms }),
    memory_mb: context.memory_mb,
    stdout_path: join(context.results_dir, "job_log.out"),
    stderr_path: join(context.results_dir, "job_log.err"),
  });
  let verdict: PackingVerdict = failure("not judged");
  if (run.timed_out) verdict = failure(`timeout after ${Math.round(context.timeout_ms / 1000)} s`);
  else if (run.exit_code !== 0) {
    const how = run.signal ? `signal ${run.signal}` : `code ${run.exit_code}`;
    verdict = failure(`the program failed (exit ${how}${run.killed_reason ? `, ${run.killed_reason}` : ""}):\n${lastLines(run.stderr_tail)}`);
  } else if (!existsSync(output)) verdict = failure("the program wrote no packing");
  else {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(output, "utf8"));
    } catch (error) {
      raw = undefined;
      verdict = failure(`the program's packing could not be read: ${(error as Error).message}`);
    }
    // A failure of the judge itself (e.g. no native addon) is ours, not the candidate's: it propagates.
    if (raw !== undefined) verdict = await judgePacking(raw, variant, mode);
  }
  writeVerdict(context.results_dir, verdict);
  return run;
}

export interface CirclePackingOptions {
  /** "strict" (default, atol 0) or "relaxed" (1e-6, for comparisons with paper-era numbers). */
  tolerance_mode?: ToleranceMode;
}

/** One of the circle-packing tasks by name. */
export function circlePackingTask(name = "circle-packing", options: CirclePackingOptions = {}): Task {
  const variant = CIRCLE_PACKING_VARIANTS.find((v) => v.name === name);
  if (!variant) throw new RangeError(`unknown circle-packing variant "${name}" (${CIRCLE_PACKING_VARIANTS.map((v) => v.name).join(", ")})`);
  const mode = options.tolerance_mode ?? "strict";
  if (mode !== "strict" && mode !== "relaxed") throw new RangeError(`tolerance_mode must be "strict" or "relaxed", got ${String(mode)}`);
  const dir = circlePackingDir();
  return {
    name: variant.name,
    dir,
    initial_program_path: join(dir, variant.initial_program),
    language: "javascript",
    extension: ".mjs",
    sys_msg: systemMessage(variant),
    evaluator: { kind: "trusted", evaluate: (context) => evaluateCirclePacking(context, variant, mode) },
    timeout_ms: 5 * 60 * 1000,
    memory_mb: 2048,
  };
}
