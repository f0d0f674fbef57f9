// Strategy options beyond the defaults: evosax v0.1's learning-rate and sigma schedules (HaDES),
// SNES's DES weights, and options given to a strategy that does not read them.
import { describe, expect, it } from "vitest";
import { centeredRanks, createStrategy, desWeights, type OpenEs, type Snes, snesSigmaLearningRate } from "../../lib/es/index.js";
import { byRank, directions, expectClose, weightedSum } from "./reference.js";

describe("strategy options", () => {
  it("open_es decays lr and sigma to their floors after each update", async () => {
    const mean = [1, -1, 0.5];
    const es = createStrategy("open_es", {
      dim: 3, popsize: 6, seed: 1, mean, sigma_init: 0.5, learning_rate: 0.2, device: "cpu",
      sigma_decay: 0.5, sigma_limit: 0.2, learning_rate_decay: 0.5, learning_rate_limit: 0.08,
    }) as OpenEs;
    const expected = Float32Array.from(mean);
    const schedule = [
      { lr: 0.2, sigma: 0.5 },
      { lr: 0.1, sigma: 0.25 },
      { lr: 0.08, sigma: 0.2 },
    ];
    for (const { lr, sigma } of schedule) {
      expect(es.sigma[0]).toBeCloseTo(sigma, 7);
      const before = Array.from(expected);
      const z = directions(await es.ask(), before, [sigma], 6);
      const fitness = Float64Array.from([3, 1, 4, 1, 5, 9]);
      const gradient = weightedSum(centeredRanks(fitness), z);
      gradient.forEach((g, j) => (expected[j] = before[j]! - (lr * g) / (6 * sigma)));
      await es.tell(fitness);
      expectClose(es.mean, expected, 1e-5);
    }
  });

  it("DES weights follow the formula and favour the best ranks", () => {
    const weights = desWeights(4, 20);
    const logits = [0, 1, 2, 3].map((r) => -20 / (1 + Math.exp(-20 * (r / 3 - 0.5))));
    const total = logits.reduce((a, l) => a + Math.exp(l), 0);
    expectClose(weights, logits.map((l) => Math.exp(l) / total), 1e-12);
    expect(weights[0]!).toBeGreaterThan(weights[3]!);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("snes with a temperature updates with DES weights", async () => {
    const mean = [0.3, -0.7, 1.1, 2];
    const es = createStrategy("snes", { dim: 4, popsize: 8, seed: 3, mean, temperature: 20, device: "cpu" }) as Snes;
    const z = directions(await es.ask(), mean, [1], 8);
    const fitness = Float64Array.from([5, 3, 8, 1, 9, 2, 7, 4]);
    const w = byRank(fitness, desWeights(8, 20));
    await es.tell(fitness);
    const step = weightedSum(w, z);
    expectClose(es.mean, mean.map((m, j) => m + step[j]!));
    const wSum = w.reduce((a, b) => a + b, 0);
    const spread = weightedSum(w, z.map((row) => row.map((v) => v * v))).map((s) => s - wSum);
    expectClose(es.sigma, spread.map((s) => Math.exp(0.5 * snesSigmaLearningRate(4) * s)));
  });

  it("rejects options the strategy does not read", () => {
    expect(() => createStrategy("snes", { dim: 2, popsize: 4, fitness_shaping: "centered_rank" })).toThrow(/fitness_shaping does not apply to snes/);
    expect(() => createStrategy("cma_es", { dim: 2, popsize: 4, learning_rate: 0.1 })).toThrow(/learning_rate does not apply to cma_es/);
    expect(() => createStrategy("pgpe", { dim: 2, popsize: 4, optimizer: "adam" })).toThrow(RangeError);
    expect(() => createStrategy("open_es", { dim: 2, popsize: 4, adam_beta1: 1 })).toThrow(/adam_beta1/);
  });
});
