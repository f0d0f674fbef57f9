// PCA and k-means of the embedding map on synthetic data whose structure is known.
import { describe, expect, it } from "vitest";
import { Random } from "../../lib/random.js";
import { embeddingMap, kMeans, pca, symmetricEigen } from "../../lib/evolve/embedding-map.js";

/** A random orthonormal basis of R^dim (Gram–Schmidt of Gaussian vectors). */
function randomBasis(dim: number, count: number, rng: Random): number[][] {
  const basis: number[][] = [];
  while (basis.length < count) {
    const v = Array.from({ length: dim }, () => rng.normal());
    for (const u of basis) {
      const dot = u.reduce((s, x, j) => s + x * v[j]!, 0);
      for (let j = 0; j < dim; j++) v[j]! -= dot * u[j]!;
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  return basis;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, j) => s + x * b[j]!, 0);

describe("symmetricEigen", () => {
  it("diagonalises a symmetric matrix: A v = λ v, values descending", () => {
    const a = [
      [4, 1, 0.5],
      [1, 3, 0.2],
      [0.5, 0.2, 1],
    ];
    const { values, vectors } = symmetricEigen(a);
    expect(values[0]!).toBeGreaterThan(values[1]!);
    expect(values[1]!).toBeGreaterThan(values[2]!);
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(8, 10); // the trace
    vectors.forEach((v, c) => {
      const av = a.map((row) => dot(row, v));
      av.forEach((x, j) => expect(x).toBeCloseTo(values[c]! * v[j]!, 10));
    });
  });
});

describe("pca", () => {
  it("recovers the axes and variances of data spread along three known directions", () => {
    const rng = new Random(1);
    const dim = 40;
    const [e1, e2, e3] = randomBasis(dim, 3, rng) as [number[], number[], number[]];
    const spreads = [5, 2, 0.5];
    const data = Array.from({ length: 400 }, () => {
      const [a, b, c] = [rng.normal() * spreads[0]!, rng.normal() * spreads[1]!, rng.normal() * spreads[2]!];
      return Array.from({ length: dim }, (_, j) => 7 + a * e1[j]! + b * e2[j]! + c * e3[j]! + rng.normal() * 0.01);
    });
    const result = pca(data, 3, new Random(2));
    [e1, e2, e3].forEach((axis, i) => expect(Math.abs(dot(result.axes[i]!, axis))).toBeGreaterThan(0.999));
    // Variances: the sample variances along the true axes (within sampling error of 25, 4, 0.25).
    expect(result.variances[0]! / 25).toBeGreaterThan(0.8);
    expect(result.variances[0]! / 25).toBeLessThan(1.2);
    expect(result.variances[1]! / 4).toBeGreaterThan(0.8);
    expect(result.variances[2]! / 0.25).toBeGreaterThan(0.8);
    // Projections are centred coordinates on the axes.
    const mean0 = result.projections.reduce((s, p) => s + p[0]!, 0) / data.length;
    expect(Math.abs(mean0)).toBeLessThan(1e-9);
    const var0 = result.projections.reduce((s, p) => s + p[0]! ** 2, 0) / data.length;
    expect(var0).toBeCloseTo(result.variances[0]!, 6);
  });

  it("is reproducible and fixes each axis's sign", () => {
    const rng = new Random(5);
    const data = Array.from({ length: 60 }, () => Array.from({ length: 8 }, () => rng.normal()));
    const a = pca(data, 2, new Random(1));
    const b = pca(data, 2, new Random(99)); // another start converges to the same signed axes
    a.axes.forEach((axis, i) => {
      axis.forEach((x, j) => expect(x).toBeCloseTo(b.axes[i]![j]!, 6));
      const largest = Array.from(axis).reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
      expect(largest).toBeGreaterThan(0);
    });
  });

  it("handles fewer dimensions than components, one point, and bad input", () => {
    expect(pca([[1, 2]], 3, new Random(0)).projections).toEqual([[0, 0, 0]]);
    expect(pca([], 2, new Random(0)).projections).toEqual([]);
    const flat = pca([[1, 0], [3, 0], [5, 0]], 3, new Random(0));
    expect(flat.projections.map((p) => p.length)).toEqual([3, 3, 3]);
    expect(flat.projections.map((p) => Math.abs(p[0]!))).toEqual([2, 0, 2].map((x) => expect.closeTo(x, 9)));
    expect(() => pca([[1, 2], [1]], 2, new Random(0))).toThrow(RangeError);
    expect(() => pca([[1]], 0, new Random(0))).toThrow(RangeError);
  });
});

describe("kMeans", () => {
  it("finds three well separated blobs, labels numbered by first appearance", () => {
    const rng = new Random(3);
    const centres = [
      [0, 0, 0],
      [10, 0, 0],
      [0, 10, 5],
    ];
    const truth: number[] = [];
    const points = Array.from({ length: 150 }, (_, i) => {
      const c = (i * 7) % 3;
      truth.push(c);
      return centres[c]!.map((x) => x + rng.normal() * 0.5);
    });
    const result = kMeans(points, 3, new Random(4));
    // Same partition as the truth, and labels in order of first appearance (truth starts 0, 1, 2).
    expect(result.labels).toEqual(truth);
    result.centroids.forEach((c, i) => c.forEach((x, j) => expect(Math.abs(x - centres[i]![j]!)).toBeLessThan(0.3)));
    expect(kMeans(points, 3, new Random(4)).labels).toEqual(result.labels);
  });

  it("caps k at the number of points and rejects a bad k", () => {
    expect(kMeans([[1], [2]], 5, new Random(0)).labels).toEqual([0, 1]);
    expect(kMeans([[1], [1], [1]], 2, new Random(0)).labels).toEqual([0, 0, 0]);
    expect(() => kMeans([[1]], 0, new Random(0))).toThrow(RangeError);
  });
});

describe("embeddingMap", () => {
  it("maps clustered embeddings to separated 2-D points and matching clusters", () => {
    const rng = new Random(8);
    const dim = 64;
    const directions = randomBasis(dim, 4, rng);
    const programs = Array.from({ length: 80 }, (_, i) => ({
      id: `p${i}`,
      embedding: directions[i % 4]!.map((x) => x + rng.normal() * 0.02),
    }));
    programs.push({ id: "none", embedding: null as unknown as number[] });
    programs.push({ id: "short", embedding: [1, 2, 3] });
    const map = embeddingMap(programs, { clusters: 4, seed: 1 });
    expect(map.skipped).toBe(2);
    expect(map.entries).toHaveLength(80);
    const byTruth = new Map<number, Set<number>>();
    map.entries.forEach((e, i) => {
      expect(e.pca_2d).toEqual([e.pca_3d[0], e.pca_3d[1]]);
      if (!byTruth.has(i % 4)) byTruth.set(i % 4, new Set());
      byTruth.get(i % 4)!.add(e.cluster_id);
    });
    // Each true group is one cluster, and the four groups get four different clusters.
    expect([...byTruth.values()].map((s) => s.size)).toEqual([1, 1, 1, 1]);
    expect(new Set([...byTruth.values()].map((s) => [...s][0])).size).toBe(4);
    // Four orthogonal directions: three axes explain almost all the variance, equally.
    const explained = map.explained_variance_ratio.reduce((s, x) => s + x, 0);
    expect(explained).toBeGreaterThan(0.95);
    expect(embeddingMap(programs, { clusters: 4, seed: 1 })).toEqual(map);
  });
});
