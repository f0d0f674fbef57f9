// Fitness shaping and weights against the spec's oracles (es_hades.md section 7).
import { describe, expect, it } from "vitest";
import { averageRanks, centeredRanks, cmaConstants, normalize, standardize, utilityWeights } from "../../lib/es/index.js";
import { snesSigmaLearningRate, xnesLearningRate } from "../../lib/es/index.js";

const close = (actual: ArrayLike<number>, expected: number[], digits = 4) =>
  expected.forEach((value, i) => expect(actual[i], `index ${i}`).toBeCloseTo(value, digits));

describe("fitness shaping", () => {
  it("centred ranks average ties and give the best -1/2", () => {
    close(centeredRanks([3, 1, 2, 1]), [0.5, -1 / 3, 1 / 6, -1 / 3], 12);
    close(averageRanks([5, 5, 5]), [1, 1, 1]);
  });

  it("is invariant to monotone transforms for ranks, not for standardize", () => {
    const f = [0.3, -2, 7, 1.5, 0.1];
    expect(Array.from(centeredRanks(f.map((v) => Math.exp(v))))).toEqual(Array.from(centeredRanks(f)));
    const a = standardize(f);
    const b = standardize(f.map((v) => Math.exp(v)));
    expect(Math.abs(a[2]! - b[2]!)).toBeGreaterThan(0.1);
  });

  it("standardize and normalize follow their definitions", () => {
    const s = standardize([1, 2, 3, 4]);
    const mean = 2.5;
    const sd = Math.sqrt((1.5 ** 2 * 2 + 0.5 ** 2 * 2) / 4 + 1e-8);
    close(s, [1, 2, 3, 4].map((f) => (f - mean) / sd), 9);
    close(normalize([2, 4, 3]), [-1, 1, 0], 12);
    close(normalize([7, 7]), [0, 0], 12);
  });

  it("utility weights match the oracles and sum to 0", () => {
    close(utilityWeights(4), [0.4804, 0.0196, -0.25, -0.25]);
    close(utilityWeights(8), [0.3687, 0.1561, 0.0317, -0.0565, -0.125, -0.125, -0.125, -0.125]);
    expect(utilityWeights(8).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });

  it("learning rates at d = 10", () => {
    expect(snesSigmaLearningRate(10)).toBeCloseTo(0.335365, 6);
    expect(xnesLearningRate(10)).toBeCloseTo(0.100609, 6);
  });
});

describe("CMA-ES constants", () => {
  it("N = 8, d = 4", () => {
    const c = cmaConstants(8, 4);
    expect(c.elites).toBe(4);
    expect(c.muEff).toBeCloseTo(2.600179, 6);
    expect(c.cc).toBeCloseTo(0.5, 6);
    expect(c.c1).toBeCloseTo(0.065167, 6);
    expect(c.cMu).toBeCloseTo(0.051024, 6);
    expect(c.alphaMin).toBeCloseTo(2.277192, 6);
    expect(c.cSigma).toBeCloseTo(0.396561, 6);
    expect(c.dSigma).toBeCloseTo(1.396561, 6);
    expect(c.chiN).toBeCloseTo(1.880952, 6);
    close(c.weights, [0.52993, 0.28571, 0.14286, 0.0415, -0.17013, -0.46454, -0.71345, -0.92907], 5);
    expect(c.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(-1.277192, 6);
  });

  it("N = 10, d = 5", () => {
    const c = cmaConstants(10, 5);
    expect(c.muEff).toBeCloseTo(3.167299, 6);
    expect(c.cc).toBeCloseTo(0.4513, 4);
    expect(c.c1).toBeCloseTo(0.046666, 6);
    expect(c.cMu).toBeCloseTo(0.056857, 6);
    expect(c.alphaMin).toBeCloseTo(1.820776, 6);
    expect(c.cSigma).toBeCloseTo(0.392434, 6);
    expect(c.chiN).toBeCloseTo(2.128524, 6);
  });
});
