// CMA-ES's native dense algebra against plain TypeScript: the eigensolver reconstructs random
// symmetric matrices (including repeated eigenvalues) with orthonormal vectors and agrees with the
// Jacobi reference, and the covariance update equals its formula element by element.
import { describe, expect, it } from "vitest";
import { symmetricEigen } from "../../lib/es/eigen.js";
import { loadNative } from "../../lib/native/index.js";
import { Random } from "../../lib/random.js";

const native = loadNative();

function randomSymmetric(n: number, seed: number): Float64Array {
  const random = new Random(seed);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m[i * n + j] = m[j * n + i] = random.uniform(-1, 1);
  return m;
}

function checkDecomposition(m: Float64Array, n: number, values: Float64Array, vectors: Float64Array, tolerance: number): void {
  let rebuildError = 0;
  let orthogonalityError = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let rebuilt = 0;
      let dot = 0;
      for (let k = 0; k < n; k++) {
        rebuilt += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
        dot += vectors[k * n + i]! * vectors[k * n + j]!;
      }
      rebuildError = Math.max(rebuildError, Math.abs(rebuilt - m[i * n + j]!));
      orthogonalityError = Math.max(orthogonalityError, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  expect(rebuildError).toBeLessThan(tolerance);
  expect(orthogonalityError).toBeLessThan(tolerance);
  for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]!);
}

describe("esSymmetricEigen", () => {
  for (const n of [1, 2, 3, 7, 40, 123]) {
    it(`decomposes a random symmetric ${n} x ${n} matrix like the Jacobi reference`, async () => {
      const m = randomSymmetric(n, n);
      const values = new Float64Array(n);
      const vectors = new Float64Array(n * n);
      await native.esSymmetricEigen(m, n, values, vectors);
      checkDecomposition(m, n, values, vectors, 1e-10);
      if (n <= 40) {
        const reference = Array.from(symmetricEigen(m, n).values).sort((a, b) => a - b);
        for (let k = 0; k < n; k++) expect(values[k]).toBeCloseTo(reference[k]!, 10);
      }
    });
  }

  it("handles the identity, diagonal matrices and repeated eigenvalues", async () => {
    const n = 9;
    const identity = new Float64Array(n * n);
    for (let i = 0; i < n; i++) identity[i * n + i] = 1 + 1e-8;
    const values = new Float64Array(n);
    const vectors = new Float64Array(n * n);
    await native.esSymmetricEigen(identity, n, values, vectors);
    checkDecomposition(identity, n, values, vectors, 1e-12);
    // Q diag(1, 1, 1, 2, 2, 5, ...) Q^T for a random orthogonal Q built from a decomposition.
    const q = new Float64Array(n * n);
    await native.esSymmetricEigen(randomSymmetric(n, 99), n, new Float64Array(n), q);
    const spectrum = [1, 1, 1, 2, 2, 5, 5, 5, 9];
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) m[i * n + j]! += q[i * n + k]! * spectrum[k]! * q[j * n + k]!;
    await native.esSymmetricEigen(m, n, values, vectors);
    checkDecomposition(m, n, values, vectors, 1e-10);
    spectrum.forEach((lambda, k) => expect(values[k]).toBeCloseTo(lambda, 10));
  });

  it("rejects bad arguments", () => {
    expect(() => native.esSymmetricEigen(new Float64Array(4), 3, new Float64Array(3), new Float64Array(9))).toThrow(/matrix must have 9/);
    expect(() => native.esSymmetricEigen(Float64Array.of(1, Number.NaN, Number.NaN, 1), 2, new Float64Array(2), new Float64Array(4))).toThrow(
      /matrix\[1\] must be finite/,
    );
    expect(() => native.esSymmetricEigen(new Float64Array(4), 2, new Float64Array(1), new Float64Array(4))).toThrow(/valuesOut must have 2/);
  });
});

describe("esCovarianceUpdate", () => {
  it("equals decay C + c1 p p^T + cMu sum w y y^T", async () => {
    const d = 37;
    const popsize = 10;
    const random = new Random(4);
    const c = randomSymmetric(d, 5);
    const path = Float64Array.from({ length: d }, () => random.uniform(-1, 1));
    const weights = Float64Array.from({ length: popsize }, (_, k) => (k === 3 ? 0 : random.uniform(-0.5, 0.5)));
    const steps = Float64Array.from({ length: popsize * d }, () => random.normal());
    const expected = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let value = 0.9 * c[i * d + j]! + 0.05 * path[i]! * path[j]!;
        for (let k = 0; k < popsize; k++) value += 0.2 * weights[k]! * steps[k * d + i]! * steps[k * d + j]!;
        expected[i * d + j] = value;
      }
    }
    await native.esCovarianceUpdate(c, d, 0.9, 0.05, path, 0.2, weights, steps, popsize);
    for (let k = 0; k < d * d; k++) expect(c[k]).toBeCloseTo(expected[k]!, 12);
  });

  it("rejects mismatched lengths and non-finite values", () => {
    const d = 3;
    const args = () => [new Float64Array(9), d, 1, 0.1, new Float64Array(3), 0.1, new Float64Array(2), new Float64Array(6), 2] as const;
    const call = (patch: (a: unknown[]) => void) => {
      const a: unknown[] = [...args()];
      patch(a);
      return () => (native.esCovarianceUpdate as (...x: unknown[]) => Promise<void>)(...a);
    };
    expect(call((a) => (a[4] = new Float64Array(2)))).toThrow(/path must have 3/);
    expect(call((a) => (a[7] = new Float64Array(5)))).toThrow(/steps must have 6/);
    expect(call((a) => (a[2] = Number.NaN))).toThrow(/decay must be finite/);
    expect(call((a) => (a[6] = Float64Array.of(1, Infinity)))).toThrow(/weights\[1\] must be finite/);
  });
});
