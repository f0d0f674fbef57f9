// The element-wise updates that a CUDA session runs on device-resident state (native/core/es_update.h)
// are the strategies' own TypeScript updates: the CPU build of the same code is checked here against
// Sgd, Adam (over several steps), the SNES and SimpleES formulas, ClipUp with PGPE's sigma step,
// and sep-CMA-ES's paths and diagonal covariance.
import { describe, expect, it } from "vitest";
import { Adam, Sgd } from "../../lib/es/index.js";
import { loadNative } from "../../lib/native/index.js";
import { Random } from "../../lib/random.js";

const native = loadNative();
const dim = 1031;
const random = new Random(21);
const vector = (low: number, high: number) => Float32Array.from({ length: dim }, () => random.uniform(low, high));

function expectClose(actual: Float32Array, expected: ArrayLike<number>, tolerance = 1e-5): void {
  for (let j = 0; j < dim; j++) {
    const scale = Math.max(1, Math.abs(expected[j]!));
    expect(Math.abs(actual[j]! - expected[j]!) / scale, `element ${j}: ${actual[j]} vs ${expected[j]}`).toBeLessThan(tolerance);
  }
}

describe("esDiagonalStep (the device update, on the CPU)", () => {
  it("sgd equals Sgd.step", () => {
    const mean = vector(-2, 2);
    const first = vector(-1, 1);
    const expected = Float32Array.from(mean);
    new Sgd(0.03).step(expected, first);
    native.esDiagonalStep("sgd", { learningRate: 0.03 }, { mean, sigma: Float32Array.of(1), first });
    expectClose(mean, expected);
  });

  it("adam equals Adam.step over three steps, with deviceStep's scalars", () => {
    const mean = vector(-2, 2);
    const expected = Float32Array.from(mean);
    const host = new Adam(dim, 0.01, 0.99);
    const counted = new Adam(dim, 0.01, 0.99);
    const moment1 = new Float32Array(dim);
    const moment2 = new Float32Array(dim);
    for (let t = 0; t < 3; t++) {
      const gradient = vector(-1, 1);
      host.step(expected, gradient);
      native.esDiagonalStep("adam", counted.deviceStep(), { mean, sigma: Float32Array.of(1), first: gradient, moment1, moment2 });
    }
    expectClose(mean, expected);
  });

  it("snes: m += lr sigma first, sigma *= exp(eta/2 (second - total))", () => {
    const mean = vector(-2, 2);
    const sigma = vector(0.1, 2);
    const first = vector(-1, 1);
    const second = vector(0, 2);
    const [lr, eta, total] = [0.7, 0.3, 0.05];
    const expectedMean = Array.from(mean, (m, j) => m + lr * sigma[j]! * first[j]!);
    const expectedSigma = Array.from(sigma, (s, j) => s * Math.exp(0.5 * eta * (second[j]! - total)));
    native.esDiagonalStep("snes", { learningRate: lr, sigmaRate: eta, weightTotal: total }, { mean, sigma, first, second });
    expectClose(mean, expectedMean);
    expectClose(sigma, expectedSigma);
  });

  it("simple_es: m += lr sigma first, sigma = (1 - c) sigma + c sigma sqrt(max(0, second))", () => {
    const mean = vector(-2, 2);
    const sigma = vector(0.1, 2);
    const first = vector(-1, 1);
    const second = vector(-0.2, 2); // negative sums (rounding) clamp to 0
    const [lr, c] = [1, 0.1];
    const expectedMean = Array.from(mean, (m, j) => m + lr * sigma[j]! * first[j]!);
    const expectedSigma = Array.from(sigma, (s, j) => (1 - c) * s + c * s * Math.sqrt(Math.max(0, second[j]!)));
    native.esDiagonalStep("simple_es", { learningRate: lr, sigmaRate: c }, { mean, sigma, first, second });
    expectClose(mean, expectedMean);
    expectClose(sigma, expectedSigma);
  });

  it("pgpe: |g|, then velocity and the clipped sigma step (|v|), then the capped step equal ClipUp", () => {
    const mean = vector(-2, 2);
    const sigma = vector(0.1, 2);
    const first = vector(-1, 1);
    const second = vector(-0.5, 0.5);
    const velocity = vector(-0.1, 0.1);
    const [eta, totalSum, lr, maxSpeed, maxChange] = [0.1, 0.02, 0.01, 0.02, 0.2];
    const gradient = Array.from(first, (g, j) => sigma[j]! * g);
    const gradientNorm = Math.hypot(...gradient);
    const v = Array.from(velocity, (old, j) => 0.9 * old + gradient[j]! / gradientNorm);
    const speed = Math.hypot(...v);
    const cap = maxSpeed / lr;
    const expectedMean = Array.from(mean, (m, j) => m - lr * v[j]! * (speed > cap ? cap / speed : 1));
    const expectedSigma = Array.from(sigma, (s, j) =>
      Math.min(Math.max(s - eta * s * (second[j]! - totalSum), (1 - maxChange) * s), (1 + maxChange) * s),
    );
    const vectors = { mean, sigma, first, second, velocity };
    const norm = Math.sqrt(native.esDiagonalStep("pgpe_gradient_norm", {}, vectors));
    expect(norm / gradientNorm).toBeCloseTo(1, 5);
    const measuredSpeed = Math.sqrt(
      native.esDiagonalStep("pgpe_velocity", { gradientNorm: norm, sigmaRate: eta, weightTotal: totalSum, maxSigmaChange: maxChange, momentum: 0.9 }, vectors),
    );
    expect(measuredSpeed / speed).toBeCloseTo(1, 5);
    native.esDiagonalStep("pgpe_apply", { learningRate: lr, speedScale: measuredSpeed > cap ? cap / measuredSpeed : 1 }, vectors);
    expectClose(mean, expectedMean);
    expectClose(sigma, expectedSigma);
  });

  it("sep_cma: the mean and p_sigma pass (|p_sigma|^2), then p_c, C (clamped) and the next scale", () => {
    const mean = vector(-2, 2);
    const covariance = vector(0.5, 2);
    const scale = Float32Array.from(covariance, (c) => 0.7 * Math.sqrt(c)); // sigma sqrt(C) of the ask
    const first = vector(-1, 1);
    const second = vector(0, 2);
    const pathSigma = vector(-0.5, 0.5);
    const pathC = vector(-0.5, 0.5);
    const k = { pathSigmaDecay: 0.6, pathSigmaRate: 0.9, pathCDecay: 0.5, pathCRate: 0.8, covarianceDecay: 0.93, c1: 0.05, cMu: 0.04, newSigma: 0.65 };
    const expectedMean = Array.from(mean, (m, j) => m + scale[j]! * first[j]!);
    const expectedPathSigma = Array.from(pathSigma, (p, j) => k.pathSigmaDecay * p + k.pathSigmaRate * first[j]!);
    const expectedPathC = Array.from(pathC, (p, j) => k.pathCDecay * p + k.pathCRate * Math.sqrt(covariance[j]!) * first[j]!);
    const expectedCovariance = Array.from(covariance, (c, j) => {
      const updated = k.covarianceDecay * c + k.c1 * expectedPathC[j]! ** 2 + k.cMu * c * second[j]!;
      return Math.min(Math.max(updated, 0), 1e8) + 1e-8;
    });
    const vectors = { mean, sigma: scale, first, second, pathSigma, pathC, covariance };
    const normSquared = native.esDiagonalStep("sep_cma_paths", k, vectors);
    expect(normSquared / expectedPathSigma.reduce((sum, p) => sum + p * p, 0)).toBeCloseTo(1, 5);
    native.esDiagonalStep("sep_cma_covariance", k, vectors);
    expectClose(mean, expectedMean);
    expectClose(pathSigma, expectedPathSigma);
    expectClose(pathC, expectedPathC);
    expectClose(covariance, expectedCovariance);
    expectClose(scale, expectedCovariance.map((c) => k.newSigma * Math.sqrt(c)));
  });

  it("rejects unknown rules, bad scalars and missing vectors", () => {
    const mean = new Float32Array(4);
    const sigma = Float32Array.of(1);
    const first = new Float32Array(4);
    expect(() => native.esDiagonalStep("rmsprop" as never, {}, { mean, sigma, first })).toThrow(/rule must be one of sgd, adam/);
    expect(() => native.esDiagonalStep("sgd", { learningRate: Number.NaN }, { mean, sigma, first })).toThrow(/scalars.learningRate must be a finite number/);
    expect(() => native.esDiagonalStep("adam", { correction1: 0 }, { mean, sigma, first, moment1: mean, moment2: mean })).toThrow(/correction1/);
    expect(() => native.esDiagonalStep("adam", {}, { mean, sigma, first })).toThrow(/vectors.moment1 must be a Float32Array/);
    expect(() => native.esDiagonalStep("snes", {}, { mean, sigma: new Float32Array(4), first, second: new Float32Array(3) })).toThrow(/vectors.second must have 4/);
    expect(() => native.esDiagonalStep("snes", {}, { mean, sigma, first, second: mean })).toThrow(/one value per dimension/);
    expect(() => native.esDiagonalStep("sgd", {}, { mean, sigma: new Float32Array(3), first })).toThrow(/vectors.sigma must have 4/);
    expect(() => native.esDiagonalStep("sep_cma_paths", {}, { mean, sigma: new Float32Array(4), first })).toThrow(/vectors.pathSigma/);
  });
});
