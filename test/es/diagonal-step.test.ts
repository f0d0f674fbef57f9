// The element-wise updates that a CUDA session runs on device-resident state (native/core/es_update.h)
// are the strategies' own TypeScript updates: the CPU build of the same code is checked here against
// Sgd, Adam (over several steps) and the SNES and SimpleES formulas.
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
    native.esDiagonalStep("sgd", { learningRate: 0.03 }, mean, Float32Array.of(1), first, null, null, null);
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
      native.esDiagonalStep("adam", counted.deviceStep(), mean, Float32Array.of(1), gradient, null, moment1, moment2);
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
    native.esDiagonalStep("snes", { learningRate: lr, sigmaRate: eta, weightTotal: total }, mean, sigma, first, second, null, null);
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
    native.esDiagonalStep("simple_es", { learningRate: lr, sigmaRate: c }, mean, sigma, first, second, null, null);
    expectClose(mean, expectedMean);
    expectClose(sigma, expectedSigma);
  });

  it("rejects unknown rules, bad scalars and missing vectors", () => {
    const mean = new Float32Array(4);
    const sigma = Float32Array.of(1);
    const first = new Float32Array(4);
    expect(() => native.esDiagonalStep("rmsprop" as never, {}, mean, sigma, first, null, null, null)).toThrow(/rule must be/);
    expect(() => native.esDiagonalStep("sgd", { learningRate: Number.NaN }, mean, sigma, first, null, null, null)).toThrow(/scalars.learningRate must be a finite number/);
    expect(() => native.esDiagonalStep("adam", { correction1: 0 }, mean, sigma, first, null, new Float32Array(4), new Float32Array(4))).toThrow(/correction1/);
    expect(() => native.esDiagonalStep("adam", {}, mean, sigma, first, null, null, null)).toThrow(/moment1 must be a Float32Array/);
    expect(() => native.esDiagonalStep("snes", {}, mean, new Float32Array(4), first, new Float32Array(3), null, null)).toThrow(/second must have 4/);
    expect(() => native.esDiagonalStep("sgd", {}, mean, new Float32Array(3), first, null, null, null)).toThrow(/sigma must have 1 or 4/);
  });
});
