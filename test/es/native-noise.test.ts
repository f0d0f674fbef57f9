// The native ES kernels against plain TypeScript: sampling is mean + sigma z with the noise esNoise
// returns, moments are the explicit weighted sums, the fused sphere equals sample + evaluate, and
// the problems match their TypeScript definitions.
import { describe, expect, it } from "vitest";
import { evaluateProblem, PROBLEMS, problemValue } from "../../lib/es/index.js";
import { loadNative } from "../../lib/native/index.js";
import { Random } from "../../lib/random.js";

const native = loadNative();

describe("native ES kernels", () => {
  const dim = 4099; // odd, and more than two noise blocks
  const rows = 3;
  const random = new Random(1);
  const mean = Float32Array.from({ length: dim }, () => random.uniform(-1, 1));
  const sigma = Float32Array.from({ length: dim }, () => random.uniform(0.1, 2));

  it("samples mean + sigma z (antithetic: then mean - sigma z) and is reproducible", async () => {
    const z = new Float32Array(rows * dim);
    await native.esNoise(42, 5, rows, dim, z);
    const population = new Float32Array(2 * rows * dim);
    await native.esSample(mean, sigma, 42, 5, 2 * rows, true, population, "cpu");
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < dim; j += 97) {
        const step = sigma[j]! * z[r * dim + j]!;
        expect(population[r * dim + j]).toBeCloseTo(mean[j]! + step, 5);
        expect(population[(r + rows) * dim + j]).toBeCloseTo(mean[j]! - step, 5);
      }
    }
    const again = new Float32Array(2 * rows * dim);
    await native.esSample(mean, sigma, 42, 5, 2 * rows, true, again, "cpu");
    expect(again).toEqual(population);
    await native.esSample(mean, sigma, 42, 6, 2 * rows, true, again, "cpu");
    expect(again[0]).not.toBe(population[0]);
  });

  it("noise looks standard normal", async () => {
    const z = new Float32Array(200_000);
    await native.esNoise(7, 0, 2, 100_000, z);
    const mean0 = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + b * b, 0) / z.length - mean0 ** 2;
    expect(Math.abs(mean0)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
  });

  it("noise moments are the weighted sums of z and z^2", async () => {
    const z = new Float32Array(rows * dim);
    await native.esNoise(9, 2, rows, dim, z);
    const a = Float32Array.of(0.5, 0, -2);
    const b = Float32Array.of(1, 0, 0.25);
    const first = new Float32Array(dim);
    const second = new Float32Array(dim);
    await native.esNoiseMoments(9, 2, rows, dim, a, b, first, second, "cpu");
    for (let j = 0; j < dim; j += 13) {
      let e1 = 0;
      let e2 = 0;
      for (let r = 0; r < rows; r++) {
        e1 += a[r]! * z[r * dim + j]!;
        e2 += b[r]! * z[r * dim + j]! ** 2;
      }
      expect(first[j]).toBeCloseTo(e1, 4);
      expect(second[j]).toBeCloseTo(e2, 4);
    }
  });

  it("the fused sphere equals sampling then evaluating", async () => {
    const sigma1 = Float32Array.of(0.3);
    const population = new Float32Array(8 * dim);
    await native.esSample(mean, sigma1, 3, 1, 8, true, population, "cpu");
    const stored = await evaluateProblem("sphere", population, 8, dim);
    const fused = new Float64Array(8);
    await native.esSampleSphere(mean, sigma1, 3, 1, 8, true, fused, "cpu");
    for (let i = 0; i < 8; i++) expect(fused[i]! / stored[i]!).toBeCloseTo(1, 5);
  });

  it("problems match their definitions", async () => {
    const population = Float32Array.from({ length: 4 * 7 }, () => random.uniform(-3, 3));
    for (const problem of PROBLEMS) {
      const fitness = await evaluateProblem(problem, population, 4, 7);
      for (let i = 0; i < 4; i++) expect(fitness[i]).toBeCloseTo(problemValue(problem, population.subarray(i * 7, i * 7 + 7)), 4);
    }
    expect(problemValue("rosenbrock", [1, 1, 1])).toBe(0);
    expect(problemValue("rastrigin", [0, 0])).toBe(0);
  });
});
