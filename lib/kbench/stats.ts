// Statistics for kbench timings (spec §5.3): median and IQR per configuration, a geometric mean
// over configurations with a floor so that a ~0 ms time cannot collapse (or blow up) the
// aggregate, and a percentile bootstrap CI for a speedup (median_base / median_cand), seeded
// through lib/random.ts so reports are reproducible.
import { Random } from "../random.js";

function finiteSamples(xs: readonly number[], what: string): number[] {
  if (!Array.isArray(xs) && !ArrayBuffer.isView(xs)) throw new TypeError(`${what}: expected an array of numbers`);
  const out = Array.from(xs);
  if (out.length === 0) throw new RangeError(`${what}: no samples`);
  if (out.some((x) => typeof x !== "number" || !Number.isFinite(x))) throw new RangeError(`${what}: samples must be finite numbers`);
  return out;
}

/** Linear-interpolated quantile (q in [0, 1]) of the samples. */
export function quantile(xs: readonly number[], q: number): number {
  const s = finiteSamples(xs, "quantile").sort((a, b) => a - b);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

export function mean(xs: readonly number[]): number {
  const s = finiteSamples(xs, "mean");
  return s.reduce((a, b) => a + b, 0) / s.length;
}

/** Interquartile range (q75 − q25). */
export function iqr(xs: readonly number[]): number {
  return quantile(xs, 0.75) - quantile(xs, 0.25);
}

export interface Summary {
  n: number;
  median: number;
  iqr: number;
  mean: number;
  min: number;
  max: number;
}

export function summarize(xs: readonly number[]): Summary {
  const s = finiteSamples(xs, "summarize");
  return { n: s.length, median: median(s), iqr: iqr(s), mean: mean(s), min: Math.min(...s), max: Math.max(...s) };
}

/** Default floor for per-config values in a geometric mean (1 µs in ms: below a launch's cost). */
export const GEOMEAN_FLOOR = 1e-3;

/** Geometric mean of positive values, each clamped to at least `floor` (guards against ~0 times). */
export function geometricMean(xs: readonly number[], floor = GEOMEAN_FLOOR): number {
  const s = finiteSamples(xs, "geometricMean");
  if (!(floor > 0)) throw new RangeError(`geometricMean: floor must be positive, got ${floor}`);
  if (s.some((x) => x < 0)) throw new RangeError("geometricMean: values must be non-negative");
  return Math.exp(s.reduce((acc, x) => acc + Math.log(Math.max(x, floor)), 0) / s.length);
}

export interface BootstrapCI {
  estimate: number;
  low: number;
  high: number;
  level: number;
  resamples: number;
}

/** Speedup median(base)/median(cand) with a percentile bootstrap CI (both samples resampled). */
export function bootstrapSpeedup(
  base: readonly number[],
  cand: readonly number[],
  opts: { resamples?: number; level?: number; seed?: number; floor?: number } = {},
): BootstrapCI {
  const b = finiteSamples(base, "bootstrapSpeedup: base");
  const c = finiteSamples(cand, "bootstrapSpeedup: cand");
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  const floor = opts.floor ?? GEOMEAN_FLOOR;
  if (!Number.isInteger(resamples) || resamples < 10) throw new RangeError("bootstrapSpeedup: resamples must be an integer ≥ 10");
  if (!(level > 0 && level < 1)) throw new RangeError("bootstrapSpeedup: level must be in (0, 1)");
  const rng = new Random(opts.seed ?? 0);
  const draw = (xs: number[]) => {
    const out = new Array<number>(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = xs[rng.int(xs.length)]!;
    return out;
  };
  const ratio = (x: number[], y: number[]) => Math.max(median(x), floor) / Math.max(median(y), floor);
  const stats: number[] = [];
  for (let r = 0; r < resamples; r++) stats.push(ratio(draw(b), draw(c)));
  const alpha = (1 - level) / 2;
  return { estimate: ratio(b, c), low: quantile(stats, alpha), high: quantile(stats, 1 - alpha), level, resamples };
}
