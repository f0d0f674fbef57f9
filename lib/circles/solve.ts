// packCircles: the native multi-start solver, returning the best strictly valid packing it found.
import { type Device, loadNative, resolveDevice } from "../native/index.js";
import { checkBox, checkCount, type Packing } from "./packing.js";

export interface PackOptions {
  n: number;
  width?: number;
  height?: number;
  /** Wall-clock budget; the solver finishes its current round after it (default 10). */
  seconds?: number;
  seed?: number;
  device?: Device;
  onProgress?: (progress: { elapsedSeconds: number; starts: number; bestSum: number }) => void;
}

export interface PackResult extends Packing {
  sumRadii: number;
  starts: number;
  seconds: number;
  device: "cpu" | "cuda";
}

export async function packCircles(options: PackOptions): Promise<PackResult> {
  const n = checkCount(options.n);
  const { width, height } = checkBox(options);
  const seconds = options.seconds ?? 10;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`seconds must be a finite number >= 0, got ${seconds}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const device = resolveDevice(options.device);
  const result = await loadNative().circlesSolve({ n, width, height, seconds, seed, device }, options.onProgress);
  return {
    centers: result.centers,
    radii: result.radii,
    width,
    height,
    sumRadii: result.sumRadii,
    starts: result.starts,
    seconds: result.seconds,
    device,
  };
}
