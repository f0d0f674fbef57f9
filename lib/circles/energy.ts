// The penalty energy and its gradient for many packings at once, float32 or float64.
import { type Device, type FloatArray, loadNative, resolveDevice } from "../native/index.js";
import { type Box, checkBatch, checkBox } from "./packing.js";

export interface EnergyOptions extends Box {
  /** Penalty weight w. */
  weight: number;
  /** Also compute the gradient (default true). */
  gradient?: boolean;
  device?: Device;
}

export interface EnergyResult<T extends FloatArray> {
  energy: T;
  gradCenters: T | null;
  gradRadii: T | null;
}

function prepare<T extends FloatArray>(centers: T, radii: T, n: number, options: EnergyOptions) {
  const batch = checkBatch(centers, radii, n, false);
  if (centers.constructor !== radii.constructor) {
    throw new TypeError("centers and radii must be the same array type (both Float32Array or both Float64Array)");
  }
  const { width, height } = checkBox(options);
  if (typeof options.weight !== "number" || !Number.isFinite(options.weight) || options.weight < 0) {
    throw new RangeError(`weight must be a finite number >= 0, got ${options.weight}`);
  }
  const make = (length: number) => new (centers.constructor as { new (length: number): T })(length);
  const withGradient = options.gradient ?? true;
  const out: EnergyResult<T> = {
    energy: make(batch),
    gradCenters: withGradient ? make(centers.length) : null,
    gradRadii: withGradient ? make(radii.length) : null,
  };
  const args = [centers, radii, n, width, height, options.weight, out.energy, out.gradCenters, out.gradRadii] as const;
  return { out, args, device: resolveDevice(options.device) };
}

/**
 * E = -sum r + w * (sum of squared pair overlaps and wall/negative-radius excesses), per packing.
 * Non-finite inputs give non-finite energies rather than errors (this is a hot path).
 */
export async function packingEnergy<T extends FloatArray>(
  centers: T,
  radii: T,
  n: number,
  options: EnergyOptions,
): Promise<EnergyResult<T>> {
  const { out, args, device } = prepare(centers, radii, n, options);
  await loadNative().circlesEnergy(...args, device);
  return out;
}

/** The same on the calling thread: for small batches, where a Promise costs more than the work. */
export function packingEnergySync<T extends FloatArray>(
  centers: T,
  radii: T,
  n: number,
  options: EnergyOptions,
): EnergyResult<T> {
  const { out, args, device } = prepare(centers, radii, n, options);
  loadNative().circlesEnergySync(...args, device);
  return out;
}
