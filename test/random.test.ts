import { describe, expect, it } from "vitest";
import { Random } from "../lib/random.js";

describe("Random", () => {
  it("is reproducible from a seed and from a saved state", () => {
    const a = new Random(42);
    const b = new Random(42);
    const first = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(first);
    const saved = a.state();
    const next = Array.from({ length: 5 }, () => a.float());
    const restored = new Random(saved);
    expect(Array.from({ length: 5 }, () => restored.float())).toEqual(next);
    expect(new Random(43).uint32()).not.toBe(first[0]);
  });

  it("draws floats in [0, 1) with a sensible mean and weighted indices in proportion", () => {
    const rng = new Random(7);
    let sum = 0;
    const counts = [0, 0, 0];
    for (let i = 0; i < 20000; i++) {
      const x = rng.float();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
      counts[rng.weightedIndex([1, 0, 3])]! += 1;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3);
  });

  it("rejects bad arguments with a RangeError", () => {
    const rng = new Random(1);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.choice([])).toThrow(RangeError);
    expect(() => rng.weightedIndex([0, 0])).toThrow(RangeError);
    expect(() => new Random(Number.NaN)).toThrow(RangeError);
    expect(() => rng.sampleIndices(2, 3)).toThrow(RangeError);
  });
});
