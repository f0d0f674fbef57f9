// Typed wrappers over the addon's merging and MLP kernels, with the argument shapes of lib/merge.
import { loadNative } from "../native/index.js";
import type { MlpShape } from "./mlp-shape.js";
import type { Interp, OmegaMode } from "./reference.js";

export interface MergePairs {
  pairA: Int32Array;
  pairB: Int32Array;
  split: Int32Array;
  w: Float32Array;
}

/** Writes count = pairA.length children (count x dim) merged from rows of parents (n x dim). */
export function mergeBatchSync(parents: Float32Array, dim: number, pairs: MergePairs, interp: Interp, omega: OmegaMode, childrenOut: Float32Array): void {
  loadNative().mergeBatchSync(parents, dim, pairs.pairA, pairs.pairB, pairs.split, pairs.w, interp, omega, childrenOut);
}

export function mergeBatch(parents: Float32Array, dim: number, pairs: MergePairs, interp: Interp, omega: OmegaMode, childrenOut: Float32Array): Promise<void> {
  return loadNative().mergeBatch(parents, dim, pairs.pairA, pairs.pairB, pairs.split, pairs.w, interp, omega, childrenOut);
}

/** child += sigma * N(0, 1) in place; seed is an integer in [0, 2^53]. */
export function mutateInPlace(child: Float32Array, sigma: number, seed: number): void {
  loadNative().mergeMutate(child, sigma, seed);
}

/** Per-model, per-sample correctness (models x samples, 0 or 1), and logits when asked for. */
export function evaluateMlpsSync(params: Float32Array, models: number, shape: MlpShape, x: Float32Array, labels: Int32Array, correctOut: Uint8Array, logitsOut: Float32Array | null = null): void {
  loadNative().mlpEvaluateSync(params, models, shape.inputs, shape.hidden, shape.outputs, x, labels, correctOut, logitsOut);
}

export function evaluateMlps(params: Float32Array, models: number, shape: MlpShape, x: Float32Array, labels: Int32Array, correctOut: Uint8Array, logitsOut: Float32Array | null = null): Promise<void> {
  return loadNative().mlpEvaluate(params, models, shape.inputs, shape.hidden, shape.outputs, x, labels, correctOut, logitsOut);
}
