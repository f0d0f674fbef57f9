// Typed wrappers over the addon's merging and MLP kernels, with the argument shapes of lib/merge.
import { type Device, loadNative, resolveDevice } from "../native/index.js";
import type { MlpDatasetHandle, ResolvedDevice } from "../native/binding.js";
import type { MlpShape } from "./mlp-shape.js";
import type { Interp, OmegaMode } from "./reference.js";

export interface MergePairs {
  pairA: Int32Array;
  pairB: Int32Array;
  split: Int32Array;
  w: Float32Array;
}

/** Writes count = pairA.length children (count x dim) merged from rows of parents (n x dim). */
export function mergeBatchSync(parents: Float32Array, dim: number, pairs: MergePairs, interp: Interp, omega: OmegaMode, childrenOut: Float32Array, device: Device = "cpu"): void {
  loadNative().mergeBatchSync(parents, dim, pairs.pairA, pairs.pairB, pairs.split, pairs.w, interp, omega, childrenOut, resolveDevice(device));
}

/** As mergeBatchSync, off the main thread; device "cuda" merges each pair on the device (inputs copied in, children back). */
export function mergeBatch(parents: Float32Array, dim: number, pairs: MergePairs, interp: Interp, omega: OmegaMode, childrenOut: Float32Array, device: Device = "cpu"): Promise<void> {
  return loadNative().mergeBatch(parents, dim, pairs.pairA, pairs.pairB, pairs.split, pairs.w, interp, omega, childrenOut, resolveDevice(device));
}

/** child += sigma * N(0, 1) in place; seed is an integer in [0, 2^53]. */
export function mutateInPlace(child: Float32Array, sigma: number, seed: number): void {
  loadNative().mergeMutate(child, sigma, seed);
}

/** Per-model, per-sample correctness (models x samples, 0 or 1), and logits when asked for. */
export function evaluateMlpsSync(params: Float32Array, models: number, shape: MlpShape, x: Float32Array, labels: Int32Array, correctOut: Uint8Array, logitsOut: Float32Array | null = null, device: Device = "cpu"): void {
  loadNative().mlpEvaluateSync(params, models, shape.inputs, shape.hidden, shape.outputs, x, labels, correctOut, logitsOut, resolveDevice(device));
}

/** As evaluateMlpsSync, off the main thread; logits only on the CPU. */
export function evaluateMlps(params: Float32Array, models: number, shape: MlpShape, x: Float32Array, labels: Int32Array, correctOut: Uint8Array, logitsOut: Float32Array | null = null, device: Device = "cpu"): Promise<void> {
  return loadNative().mlpEvaluate(params, models, shape.inputs, shape.hidden, shape.outputs, x, labels, correctOut, logitsOut, resolveDevice(device));
}

/** A labelled set held natively as compressed nonzero rows, for scoreMlpSync and mergeMutateScoreSync. */
export function createMlpDataset(x: Float32Array, labels: Int32Array, inputs: number, outputs: number): MlpDatasetHandle {
  return loadNative().mlpDatasetCreate(x, labels, inputs, outputs);
}

/** scoresOut[j] = 1 when the MLP classifies sample j of the dataset right, else 0 (one model, all cores, or the CUDA device's copy of the dataset). */
export function scoreMlpSync(params: Float32Array, hidden: number, dataset: MlpDatasetHandle, scoresOut: Float32Array, device: ResolvedDevice = "cpu"): void {
  loadNative().mlpScoreSync(params, hidden, dataset, scoresOut, device);
}

export interface FusedChild {
  a: number;
  b: number;
  split: number;
  w: number;
  interp: Interp;
  omega: OmegaMode;
  sigma: number;
  /** Integer in [0, 2^53]: selects the counter-based noise stream (mergeNormals). */
  seed: number;
}

/** One call per child: childOut = merge(parents[a], parents[b]) + sigma * normals(seed), and its scores. */
export function mergeMutateScoreSync(
  parents: Float32Array,
  dim: number,
  child: FusedChild,
  hidden: number,
  dataset: MlpDatasetHandle,
  childOut: Float32Array,
  scoresOut: Float32Array,
  device: ResolvedDevice = "cpu",
): void {
  loadNative().mergeMutateScoreSync(parents, dim, child.a, child.b, child.split, child.w, child.interp, child.omega, child.sigma, child.seed, hidden, dataset, childOut, scoresOut, device);
}

/** out[k] = the normal at element first + k of the counter-based stream for seed. */
export function counterNormals(seed: number, first: number, out: Float32Array): void {
  loadNative().mergeNormals(seed, first, out);
}

export function competitionFitness(scores: Float32Array, rows: number, samples: number, alpha: number, capacity: Float64Array | null, fOut: Float64Array): void {
  loadNative().competitionFitness(scores, rows, samples, alpha, capacity, fOut);
}

export function competitionAttraction(scores: Float32Array, rows: number, samples: number, alpha: number, capacity: Float64Array | null, a: number, gOut: Float64Array): void {
  loadNative().competitionAttraction(scores, rows, samples, alpha, capacity, a, gOut);
}
