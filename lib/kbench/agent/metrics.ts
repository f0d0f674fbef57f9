// The harness's verdict as the evolution engine's evaluation contract (metrics.json and
// correct.json): combined_score is the geometric-mean speedup over every shape, 0 unless the kernel
// is correct on all of them; text feedback (compile errors, failed checks, visible per-shape
// timings, registers, spills, shared memory) goes back into the next prompts. Hidden shapes are
// counted but never described.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentKbenchResult } from "./contract.js";

export interface KernelVerdict {
  correct: boolean;
  error: string | null;
  combined_score: number;
  public: Record<string, number | string | boolean | null>;
  private: Record<string, unknown>;
  text_feedback: string;
}

function geometricMean(values: number[]): number | null {
  if (values.length === 0 || values.some((v) => !(v > 0) || !Number.isFinite(v))) return null;
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/** The speedup the run is judged on: the harness's aggregate, else the geometric mean of the shapes'. */
export function overallSpeedup(result: AgentKbenchResult): number | null {
  if (result.speedup !== null && Number.isFinite(result.speedup) && result.speedup > 0) return result.speedup;
  const speedups = result.shapes.map((s) => s.speedup).filter((s): s is number => s !== null);
  return speedups.length === result.shapes.length ? geometricMean(speedups) : null;
}

function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? "-" : `${value.toPrecision(4)} ms`;
}

/** Feedback an LLM may read: everything but the hidden shapes' details. */
export function feedbackText(result: AgentKbenchResult): string {
  const lines: string[] = [];
  const compile = result.compile;
  if (compile && !compile.ok) {
    lines.push("Compilation failed:");
    lines.push(...(compile.errors.length > 0 ? compile.errors : [compile.log]).map((e) => `  ${e.trim()}`).slice(0, 30));
  }
  const failed = result.checks.filter((c) => !c.passed);
  if (failed.length > 0) {
    lines.push("Failed checks:");
    for (const check of failed) lines.push(`  ${check.name}: ${check.detail}`);
  }
  for (const r of compile?.resources ?? []) {
    lines.push(`Kernel ${r.kernel}: ${r.registers} registers, ${r.spillBytes} bytes spilled, ${r.sharedBytes} bytes static shared memory`);
  }
  const visible = result.shapes.filter((s) => !s.hidden);
  for (const shape of visible) {
    const verdict = shape.correct === null ? "not run" : shape.correct ? "correct" : "INCORRECT";
    const error = shape.max_abs_error !== undefined && shape.max_abs_error !== null ? `, max abs error ${shape.max_abs_error.toExponential(2)}` : "";
    const speed = shape.speedup !== null ? `, speedup ${shape.speedup.toFixed(3)}x` : "";
    const flags = shape.flagged && shape.flagged.length > 0 ? `, flagged: ${shape.flagged.join("; ")}` : "";
    lines.push(`Shape ${shape.config}: ${verdict}, kernel ${ms(shape.candidate_ms)}, reference ${ms(shape.reference_ms)}${speed}${error}${flags}`);
  }
  const hidden = result.shapes.filter((s) => s.hidden);
  const hiddenFailed = hidden.filter((s) => s.correct === false).length;
  if (hiddenFailed > 0) lines.push(`${hiddenFailed} of ${hidden.length} unseen shapes are INCORRECT (do not special-case shapes; handle tails and any size).`);
  if (!result.ran) lines.push(`Nothing ran: ${result.note}`);
  else if (result.note) lines.push(result.note);
  return lines.join("\n");
}

/** The verdict of one kernel for the evolution engine. */
export function kernelVerdict(result: AgentKbenchResult): KernelVerdict {
  const speedup = overallSpeedup(result);
  const compiled = result.compile ? result.compile.ok : true;
  const checksPassed = result.checks.every((c) => c.passed);
  let error: string | null = null;
  if (!compiled) error = "compilation failed";
  else if (!checksPassed) error = `failed checks: ${result.checks.filter((c) => !c.passed).map((c) => c.name).join(", ")}`;
  else if (!result.ran) error = `not measured: ${result.note}`;
  else if (result.correct !== true) error = "incorrect output";
  else if (speedup === null) error = "no speedup was measured";
  const correct = error === null;
  const resources = result.compile?.resources ?? [];
  return {
    correct,
    error,
    combined_score: correct ? speedup! : 0,
    public: {
      speedup: speedup,
      candidate_ms: result.candidate_ms,
      reference_ms: result.reference_ms,
      shapes_correct: result.shapes.filter((s) => s.correct === true).length,
      shapes: result.shapes.length,
      registers: resources.length > 0 ? Math.max(...resources.map((r) => r.registers)) : null,
      spill_bytes: resources.length > 0 ? Math.max(...resources.map((r) => r.spillBytes)) : null,
    },
    private: { hidden_shapes: result.shapes.filter((s) => s.hidden), device: result.device ?? null },
    text_feedback: feedbackText(result),
  };
}

/** Writes the engine's metrics.json and correct.json into an evaluation's results directory. */
export function writeVerdict(resultsDir: string, verdict: KernelVerdict): void {
  const { correct, error, ...metrics } = verdict;
  writeFileSync(join(resultsDir, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`);
  writeFileSync(join(resultsDir, "correct.json"), `${JSON.stringify({ correct, error })}\n`);
}
