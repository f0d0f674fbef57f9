// M2N2 merging throughput: one split-point merge of two large float32 vectors (linear and SLERP),
// in bytes moved per second against a plain copy of one vector in the same run (memcpy through
// TypedArray.set: 8 bytes per parameter; a linear merge moves 12, SLERP 20 with its norm pass).
// And the digits step: merge + mutate + evaluate on 1,437 images, against evaluation alone, to show
// how little of a step the merge is at 19,210 parameters (no fused merge+forward kernel exists yet).
import { cpus } from "node:os";
import { digitsTask } from "../lib/merge/digits-task.js";
import { mergeBatch, mergeBatchSync, mutateInPlace } from "../lib/merge/native.js";
import type { Interp } from "../lib/merge/reference.js";
import { Random } from "../lib/random.js";
import { bestSecondsPerCall } from "./timing.js";

export interface MergeBenchResult {
  device: string;
  machine: { cpus: number; model: string };
  parameters: number;
  copyGBps: number;
  merges: { interp: Interp; GBps: number; ratioToCopy: number; msPerMerge: number }[];
  digitsStep: { evaluateMs: number; mergeMutateEvaluateMs: number; mergeShare: number };
}

export async function runMergeBench(): Promise<MergeBenchResult> {
  const parameters = Number(process.env.TANSAKU_MERGE_BENCH_PARAMS ?? 1e8);
  const parents = new Float32Array(2 * parameters);
  const random = new Random(1);
  for (let i = 0; i < 4096; i++) parents[i] = random.normal();
  // Fill the rest by doubling (fast), then perturb B so A and B are not parallel.
  for (let filled = 4096; filled < parents.length; filled *= 2) parents.copyWithin(filled, 0, Math.min(filled, parents.length - filled));
  parents[parameters] = (parents[parameters] ?? 0) + 1;
  const child = new Float32Array(parameters);
  const a = parents.subarray(0, parameters);
  const copySeconds = await bestSecondsPerCall(() => child.set(a), { minSeconds: 0.5 });
  const copyGBps = (8 * parameters) / copySeconds / 1e9;
  const pairs = { pairA: Int32Array.of(0), pairB: Int32Array.of(1), split: Int32Array.of(Math.floor(parameters / 3)), w: Float32Array.of(0.3) };
  const merges: MergeBenchResult["merges"] = [];
  for (const interp of ["linear", "slerp"] as const) {
    const seconds = await bestSecondsPerCall(() => mergeBatch(parents, parameters, pairs, interp, "global", child), { minSeconds: 0.5 });
    const bytes = (interp === "linear" ? 12 : 20) * parameters;
    merges.push({ interp, GBps: bytes / seconds / 1e9, ratioToCopy: bytes / seconds / 1e9 / copyGBps, msPerMerge: seconds * 1e3 });
  }
  const task = digitsTask();
  const archive = new Float32Array(2 * task.dim);
  for (let i = 0; i < archive.length; i++) archive[i] = 0.01 * random.normal();
  const small = new Float32Array(task.dim);
  const scores = new Float32Array(task.samples);
  const evaluate = await bestSecondsPerCall(() => task.score(archive.subarray(0, task.dim), scores));
  const step = await bestSecondsPerCall(() => {
    mergeBatchSync(archive, task.dim, { ...pairs, split: Int32Array.of(5000) }, "slerp", "global", small);
    mutateInPlace(small, 0.01, 7);
    task.score(small, scores);
  });
  return {
    device: "cpu",
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown" },
    parameters,
    copyGBps,
    merges,
    digitsStep: { evaluateMs: evaluate * 1e3, mergeMutateEvaluateMs: step * 1e3, mergeShare: 1 - evaluate / step },
  };
}

export function formatMergeBench(result: MergeBenchResult): string {
  const lines = [`merge of ${result.parameters.toExponential(0)} float32 parameters (copy baseline ${result.copyGBps.toFixed(2)} GB/s)`];
  for (const m of result.merges) {
    lines.push(`  ${m.interp}: ${m.GBps.toFixed(2)} GB/s (${(100 * m.ratioToCopy).toFixed(0)}% of copy), ${m.msPerMerge.toFixed(1)} ms per merge`);
  }
  const s = result.digitsStep;
  lines.push(`digits step: evaluate ${s.evaluateMs.toFixed(3)} ms, merge + mutate + evaluate ${s.mergeMutateEvaluateMs.toFixed(3)} ms (merge + mutate ${(100 * s.mergeShare).toFixed(0)}%)`);
  return lines.join("\n");
}
