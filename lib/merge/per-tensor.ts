// The per-tensor option: each tensor of a flat vector gets its own split point and mixing ratio,
// instead of one split over the whole vector (M2N2's default, spec m2n2_qd.md §3). With SLERP each
// tensor also gets its own angle.
import type { Random } from "../random.js";
import { mergeBatchSync } from "./native.js";
import type { Interp, OmegaMode } from "./reference.js";

export interface TensorMerge {
  splitPoint: number;
  w: number;
}

/** Draws one (split, w) per tensor: split uniform in [0, size), w uniform in [0, 1). */
export function drawTensorMerges(tensorSizes: readonly number[], random: Random): TensorMerge[] {
  return tensorSizes.map((size) => ({ splitPoint: random.int(size), w: Math.fround(random.float()) }));
}

/** child = per-tensor merges of a and b; tensorSizes must sum to the vector length. */
export function mergePerTensor(
  a: Float32Array,
  b: Float32Array,
  tensorSizes: readonly number[],
  merges: readonly TensorMerge[],
  interp: Interp = "slerp",
  omega: OmegaMode = "global",
  child: Float32Array = new Float32Array(a.length),
): Float32Array {
  if (b.length !== a.length || child.length !== a.length) throw new RangeError("a, b and child must have the same length");
  if (merges.length !== tensorSizes.length) throw new RangeError("merges must have one entry per tensor");
  const total = tensorSizes.reduce((sum, size) => sum + size, 0);
  if (total !== a.length || tensorSizes.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new RangeError(`tensorSizes must be positive integers summing to ${a.length}, got a sum of ${total}`);
  }
  let offset = 0;
  tensorSizes.forEach((size, t) => {
    const parents = new Float32Array(2 * size);
    parents.set(a.subarray(offset, offset + size), 0);
    parents.set(b.subarray(offset, offset + size), size);
    const { splitPoint, w } = merges[t]!;
    const pairs = { pairA: Int32Array.of(0), pairB: Int32Array.of(1), split: Int32Array.of(splitPoint), w: Float32Array.of(w) };
    mergeBatchSync(parents, size, pairs, interp, omega, child.subarray(offset, offset + size));
    offset += size;
  });
  return child;
}
