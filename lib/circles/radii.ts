// Radii for fixed centres: the exact LP optimum, and shrinking to strict validity.
import { loadNative } from "../native/index.js";
import { type Box, checkBatch, checkBox, checkCount, checkFinite } from "./packing.js";

export type LpStatus = "optimal" | "center_outside" | "iteration_limit";
const STATUS: readonly LpStatus[] = ["optimal", "center_outside", "iteration_limit"];

/**
 * Maximises the sum of radii for each set of fixed centres (centers [batch][n][2]) subject to no
 * overlap and containment, then shrinks the result until it passes the strict validator.
 */
export async function optimalRadii(
  centers: Float64Array,
  n: number,
  box: Box = {},
): Promise<{ radii: Float64Array; status: LpStatus[] }> {
  checkCount(n);
  if (!(centers instanceof Float64Array)) throw new TypeError("centers must be a Float64Array");
  if (centers.length === 0 || centers.length % (2 * n) !== 0) {
    throw new RangeError(`centers length ${centers.length} is not a positive multiple of 2n = ${2 * n}`);
  }
  checkFinite(centers, "centers");
  const { width, height } = checkBox(box);
  const batch = centers.length / (2 * n);
  const radii = new Float64Array(batch * n);
  const status = new Int32Array(batch);
  await loadNative().circlesOptimalRadii(centers, n, width, height, radii, status);
  return { radii, status: Array.from(status, (code) => STATUS[code] ?? "iteration_limit") };
}

/** Shrinks radii (a copy) until the packing passes the strict (tolerance 0) validator. */
export function shrinkToStrict(centers: Float64Array, radii: Float64Array, box: Box = {}): Float64Array {
  const n = checkCount(radii.length, "radii.length");
  checkBatch(centers, radii, n);
  const { width, height } = checkBox(box);
  const shrunk = Float64Array.from(radii);
  loadNative().circlesShrinkToStrict(centers, shrunk, n, width, height);
  return shrunk;
}
