// CUDA against the CPU for M2N2's scoring, as plain functions: used by the vitest GPU suite and by the
// bundled GPU-machine runner. Scores are per-sample verdicts, so the device may disagree only on a
// near-tie of two logits (float sums in another order); a handful out of 1,437 would be a bug.
import { digitsTask } from "../../lib/merge/digits-task.js";
import { evaluateMlpsSync, mergeBatchSync } from "../../lib/merge/native.js";
import { Random } from "../../lib/random.js";
import type { ParityResult } from "./cuda-parity.js";

const MAX_FLIPS = 2;

/** One-model scoring and the fused step on device "cuda" against "cpu", on the digits training set. */
export function mergeCudaParity(): ParityResult[] {
  const cpu = digitsTask("cpu");
  const cuda = digitsTask("cuda");
  const random = new Random(21);
  const parents = Float32Array.from({ length: 3 * cpu.dim }, () => 0.05 * random.normal());
  const results: ParityResult[] = [];
  const failures: string[] = [];
  const hostScores = new Float32Array(cpu.samples);
  const deviceScores = new Float32Array(cpu.samples);
  for (let m = 0; m < 3; m++) {
    const model = parents.subarray(m * cpu.dim, (m + 1) * cpu.dim);
    cpu.score(model, hostScores);
    cuda.score(model, deviceScores);
    const flips = hostScores.reduce((n, v, j) => n + (v === deviceScores[j] ? 0 : 1), 0);
    if (flips > MAX_FLIPS) failures.push(`model ${m}: ${flips} verdicts differ`);
  }
  results.push({ name: "merge: one-model scores on a resident dataset", failures });
  const stepFailures: string[] = [];
  const hostChild = new Float32Array(cpu.dim);
  const deviceChild = new Float32Array(cpu.dim);
  const child = { a: 0, b: 2, split: 9000, w: 0.4, interp: "slerp" as const, omega: "global" as const, sigma: 0.01, seed: 77 };
  cpu.mergeMutateScore(parents, child, hostChild, hostScores);
  cuda.mergeMutateScore(parents, child, deviceChild, deviceScores);
  if (hostChild.some((v, i) => v !== deviceChild[i])) stepFailures.push("the child differs (it is made on the CPU either way)");
  const flips = hostScores.reduce((n, v, j) => n + (v === deviceScores[j] ? 0 : 1), 0);
  if (flips > MAX_FLIPS) stepFailures.push(`${flips} verdicts of the fused step differ`);
  results.push({ name: "merge: fused step scored on the device", failures: stepFailures });
  const batchFailures: string[] = [];
  const pairs = { pairA: Int32Array.of(0, 2), pairB: Int32Array.of(1, 0), split: Int32Array.of(0, 12345), w: Float32Array.of(0.3, 0.8) };
  for (const interp of ["linear", "slerp"] as const) {
    const host = new Float32Array(2 * cpu.dim);
    const device = new Float32Array(2 * cpu.dim);
    mergeBatchSync(parents, cpu.dim, pairs, interp, "global", host, "cpu");
    mergeBatchSync(parents, cpu.dim, pairs, interp, "global", device, "cuda");
    const error = host.reduce((worst, v, i) => Math.max(worst, Math.abs(v - device[i]!)), 0);
    if (!(error < 1e-5)) batchFailures.push(`${interp}: children differ by ${error}`);
  }
  const correctHost = new Uint8Array(3 * cpu.samples);
  const correctDevice = new Uint8Array(3 * cpu.samples);
  evaluateMlpsSync(parents, 3, cpu.shape, cpu.train.x, cpu.train.labels, correctHost, null, "cpu");
  evaluateMlpsSync(parents, 3, cpu.shape, cpu.train.x, cpu.train.labels, correctDevice, null, "cuda");
  const batchFlips = correctHost.reduce((n, v, j) => n + (v === correctDevice[j] ? 0 : 1), 0);
  if (batchFlips > 3 * MAX_FLIPS) batchFailures.push(`${batchFlips} batched verdicts differ`);
  results.push({ name: "merge: mergeBatch and mlpEvaluate with device cuda", failures: batchFailures });
  return results;
}
