// Full-covariance sampling: the Jacobi eigendecomposition reconstructs its matrix, and after some
// generations CMA-ES samples y = (x - m)/sigma = B D z with z the native noise of that generation,
// so y^T C^-1 y = |z|^2.
import { describe, expect, it } from "vitest";
import { type CmaEs, createStrategy, evaluateProblem } from "../../lib/es/index.js";
import { symmetricEigen } from "../../lib/es/eigen.js";
import { loadNative } from "../../lib/native/index.js";
import { Random } from "../../lib/random.js";

function solve(matrix: Float64Array, n: number, rhs: number[]): number[] {
  // Gaussian elimination with partial pivoting, enough for a small well-conditioned system.
  const a = Array.from({ length: n }, (_, i) => [...Array.from(matrix.subarray(i * n, i * n + n)), rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[r]![k]! -= factor * a[col]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

describe("full-covariance sampling", () => {
  it("symmetricEigen reconstructs a symmetric matrix with orthonormal vectors", () => {
    const n = 6;
    const random = new Random(3);
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m[i * n + j] = m[j * n + i] = random.uniform(-1, 1);
    const { values, vectors } = symmetricEigen(m, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0;
        let dot = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
          dot += vectors[k * n + i]! * vectors[k * n + j]!;
        }
        expect(rebuilt).toBeCloseTo(m[i * n + j]!, 10);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
  });

  it("cma_es samples y = B D z with the generation's native noise", async () => {
    const dim = 4;
    const popsize = 8;
    const es = createStrategy("cma_es", { dim, popsize, seed: 5, mean: [2, -1, 3, 0.5], device: "cpu" }) as CmaEs;
    for (let g = 0; g < 6; g++) {
      const population = await es.ask();
      const fitness = await evaluateProblem("rosenbrock", population, popsize, dim);
      await es.tell(fitness);
    }
    const mean = Array.from(es.mean);
    const sigma = es.sigma;
    const population = await es.ask();
    const covariance = es.covariance; // regularised by this ask, as sampled
    const z = new Float32Array(popsize * dim);
    await loadNative().esNoise(5, es.generation, popsize, dim, z);
    let offDiagonal = 0;
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) if (i !== j) offDiagonal += Math.abs(covariance[i * dim + j]!);
    expect(offDiagonal).toBeGreaterThan(1e-3); // the covariance has left the identity
    for (let i = 0; i < popsize; i++) {
      const y = mean.map((m, j) => (population[i * dim + j]! - m) / sigma);
      const whitened = solve(covariance, dim, y);
      const mahalanobis = y.reduce((s, v, j) => s + v * whitened[j]!, 0);
      const normSquared = Array.from(z.subarray(i * dim, (i + 1) * dim)).reduce((s, v) => s + v * v, 0);
      expect(mahalanobis / normSquared).toBeCloseTo(1, 3);
    }
  });
});
