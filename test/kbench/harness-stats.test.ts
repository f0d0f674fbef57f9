import { describe, expect, it } from "vitest";
import { bootstrapSpeedup, geometricMean, iqr, median, quantile, summarize } from "../../lib/kbench/stats.js";

describe("kbench stats", () => {
  it("median, quantiles and IQR by linear interpolation", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(iqr([1, 2, 3, 4, 5])).toBe(2);
    expect(summarize([2, 4, 6])).toEqual({ n: 3, median: 4, iqr: 2, mean: 4, min: 2, max: 6 });
    expect(() => median([])).toThrow(RangeError);
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
  });

  it("geometric mean with a floor against ~0 times", () => {
    expect(geometricMean([1, 4])).toBeCloseTo(2, 12);
    expect(geometricMean([2, 8, 4])).toBeCloseTo(4, 12);
    // A 0 ms configuration would make the plain geometric mean 0; the floor keeps it finite and positive.
    expect(geometricMean([0, 1], 0.01)).toBeCloseTo(0.1, 12);
    expect(geometricMean([1e-9, 1], 1e-3)).toBeCloseTo(Math.sqrt(1e-3), 12);
    expect(() => geometricMean([-1])).toThrow(RangeError);
  });

  it("bootstrap CI of a speedup is seeded, brackets the estimate and narrows with more samples", () => {
    const base = Array.from({ length: 50 }, (_, i) => 2 + 0.01 * (i % 7));
    const cand = Array.from({ length: 50 }, (_, i) => 1 + 0.01 * (i % 5));
    const a = bootstrapSpeedup(base, cand, { seed: 3, resamples: 500 });
    const b = bootstrapSpeedup(base, cand, { seed: 3, resamples: 500 });
    expect(a).toEqual(b);
    expect(a.estimate).toBeCloseTo(median(base) / median(cand), 12);
    expect(a.low).toBeLessThanOrEqual(a.estimate);
    expect(a.high).toBeGreaterThanOrEqual(a.estimate);
    expect(a.low).toBeGreaterThan(1.8);
    const noisy = bootstrapSpeedup([1, 3, 2, 5, 1.5], [1, 2, 0.5, 1.2, 3], { seed: 3, resamples: 500 });
    expect(noisy.high - noisy.low).toBeGreaterThan(a.high - a.low);
    const other = bootstrapSpeedup([1, 3, 2, 5, 1.5], [1, 2, 0.5, 1.2, 3], { seed: 4, resamples: 500 });
    expect([other.low, other.high]).not.toEqual([noisy.low, noisy.high]);
  });
});
