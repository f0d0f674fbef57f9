// The programs' embeddings as a map (evolve.md §3.2 derived columns, §2 "at the end: embedding
// PCA/cluster recompute"): principal components in 2 and 3 dimensions, and k-means cluster IDs,
// for the report's scatter plot and the database's embedding_pca_2d / embedding_pca_3d /
// embedding_cluster_id columns. Pure functions; randomness only from the seeded Random.
import { Random } from "../random.js";

/** Enough for a map: the Rayleigh–Ritz step below makes the most of the subspace found. */
const MAX_POWER_ITERATIONS = 20;

export interface PcaResult {
  /** One row per input vector: its coordinates on the components. */
  projections: number[][];
  /** Unit principal axes, largest variance first. */
  axes: Float64Array[];
  /** Variance along each axis (eigenvalues of the covariance, divisor n). */
  variances: number[];
}

/** Centered copy of the vectors as one row-major matrix, and the column means. */
function centered(vectors: readonly ArrayLike<number>[], dim: number): Float64Array {
  const n = vectors.length;
  const data = new Float64Array(n * dim);
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let j = 0; j < dim; j++) mean[j]! += v[j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) data[i * dim + j] = vectors[i]![j]! - mean[j]!;
  return data;
}

/**
 * outs[c] = Xᵀ(X vs[c]) / n for the centered n×d matrix X: the covariance applied to each vector
 * without forming it, all vectors in one pass over X (each row is read once, while in cache).
 */
function covarianceTimes(data: Float64Array, n: number, dim: number, vs: readonly Float64Array[], outs: Float64Array[]): void {
  for (const out of outs) out.fill(0);
  const dots = new Float64Array(vs.length);
  for (let i = 0, offset = 0; i < n; i++, offset += dim) {
    for (let c = 0; c < vs.length; c++) {
      const v = vs[c]!;
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += data[offset + j]! * v[j]!;
      dots[c] = dot / n;
    }
    for (let c = 0; c < vs.length; c++) {
      const out = outs[c]!;
      const dot = dots[c]!;
      for (let j = 0; j < dim; j++) out[j]! += dot * data[offset + j]!;
    }
  }
}

/** Modified Gram–Schmidt in place; a column that vanishes is replaced by a fresh random one. */
function orthonormalize(block: Float64Array[], rng: Random): void {
  for (let c = 0; c < block.length; c++) {
    const v = block[c]!;
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let p = 0; p < c; p++) {
        const u = block[p]!;
        let dot = 0;
        for (let j = 0; j < v.length; j++) dot += u[j]! * v[j]!;
        for (let j = 0; j < v.length; j++) v[j]! -= dot * u[j]!;
      }
      let norm = 0;
      for (let j = 0; j < v.length; j++) norm += v[j]! * v[j]!;
      norm = Math.sqrt(norm);
      if (norm > 1e-12) {
        for (let j = 0; j < v.length; j++) v[j]! /= norm;
        break;
      }
      for (let j = 0; j < v.length; j++) v[j] = rng.normal();
    }
  }
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: values descending. */
export function symmetricEigen(matrix: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const m = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => a[y]![y]! - a[x]![x]!);
  return { values: order.map((i) => a[i]![i]!), vectors: order.map((i) => v.map((row) => row[i]!)) };
}

/**
 * The top `components` principal components of the vectors (all of one length), by block power
 * iteration on the covariance with a Rayleigh–Ritz step: O(n·d) per iteration, so 10,000
 * 512-dimensional embeddings take well under a second. Each axis's sign is fixed so that its
 * largest-magnitude coordinate is positive, which makes the map reproducible.
 */
export function pca(vectors: readonly ArrayLike<number>[], components: number, rng: Random): PcaResult {
  if (!Number.isInteger(components) || components < 1) throw new RangeError(`components must be an integer >= 1, got ${components}`);
  const n = vectors.length;
  if (n === 0) return { projections: [], axes: [], variances: [] };
  const dim = vectors[0]!.length;
  if (dim === 0) throw new RangeError("vectors must not be empty");
  for (const v of vectors) if (v.length !== dim) throw new RangeError(`vectors differ in length: ${v.length} and ${dim}`);
  const data = centered(vectors, dim);
  const k = Math.min(components, dim);
  // Extra columns make the top k converge in a few iterations even when the spectrum is flat
  // (hashed n-gram embeddings spread their variance thinly over many axes).
  const width = Math.min(dim, k + 8);
  let block = Array.from({ length: width }, () => Float64Array.from({ length: dim }, () => rng.normal()));
  orthonormalize(block, rng);
  const next = Array.from({ length: width }, () => new Float64Array(dim));
  let previous: number[] = [];
  for (let iteration = 0; iteration < MAX_POWER_ITERATIONS; iteration++) {
    covarianceTimes(data, n, dim, block, next);
    // Rayleigh quotients of the current block, for the stopping test.
    const quotients = block.map((v, c) => v.reduce((s, x, j) => s + x * next[c]![j]!, 0));
    block = next.map((v) => Float64Array.from(v));
    orthonormalize(block, rng);
    const top = quotients.slice(0, k);
    const scaleOf = Math.max(1e-300, Math.abs(top[0] ?? 0));
    if (previous.length && top.every((q, i) => Math.abs(q - previous[i]!) <= 1e-8 * scaleOf)) break;
    previous = top;
  }
  // Rayleigh–Ritz: the small projected covariance Bᵀ C B, diagonalised, rotates the block onto the axes.
  const applied = block.map(() => new Float64Array(dim));
  covarianceTimes(data, n, dim, block, applied);
  const small = block.map((u) => applied.map((w) => u.reduce((s, x, j) => s + x * w[j]!, 0)));
  for (let i = 0; i < width; i++) for (let j = i + 1; j < width; j++) small[i]![j] = small[j]![i] = (small[i]![j]! + small[j]![i]!) / 2;
  const { values, vectors: ritz } = symmetricEigen(small);
  const axes: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const axis = new Float64Array(dim);
    for (let b = 0; b < width; b++) {
      const weight = ritz[c]![b]!;
      for (let j = 0; j < dim; j++) axis[j]! += weight * block[b]![j]!;
    }
    let largest = 0;
    for (let j = 0; j < dim; j++) if (Math.abs(axis[j]!) > Math.abs(largest)) largest = axis[j]!;
    if (largest < 0) for (let j = 0; j < dim; j++) axis[j] = -axis[j]!;
    axes.push(axis);
  }
  const projections = Array.from({ length: n }, (_, i) =>
    axes.map((axis) => {
      let s = 0;
      for (let j = 0; j < dim; j++) s += data[i * dim + j]! * axis[j]!;
      return s;
    }),
  );
  // Fewer dimensions than components asked: the missing coordinates are 0.
  for (const row of projections) while (row.length < components) row.push(0);
  return { projections, axes, variances: values.slice(0, k).map((v) => Math.max(0, v)) };
}

export interface KMeansResult {
  labels: number[];
  centroids: number[][];
  /** Sum of squared distances to the assigned centroids. */
  inertia: number;
  iterations: number;
}

function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return s;
}

/**
 * Lloyd's k-means with k-means++ seeding from the seeded Random. Cluster IDs are renumbered by
 * first appearance in the input, so the same partition always gets the same labels.
 */
export function kMeans(points: readonly ArrayLike<number>[], k: number, rng: Random, maxIterations = 100): KMeansResult {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer >= 1, got ${k}`);
  const n = points.length;
  if (n === 0) return { labels: [], centroids: [], inertia: 0, iterations: 0 };
  const dim = points[0]!.length;
  for (const p of points) if (p.length !== dim) throw new RangeError(`points differ in length: ${p.length} and ${dim}`);
  const clusters = Math.min(k, n);
  // k-means++: each next centre drawn with probability proportional to its squared distance.
  const centroids: number[][] = [Array.from(points[rng.int(n)]!)];
  const nearest = points.map((p) => squaredDistance(p, centroids[0]!));
  while (centroids.length < clusters) {
    const total = nearest.reduce((a, b) => a + b, 0);
    const pick = total > 0 ? rng.weightedIndex(nearest) : rng.int(n);
    centroids.push(Array.from(points[pick]!));
    nearest.forEach((d, i) => (nearest[i] = Math.min(d, squaredDistance(points[i]!, centroids.at(-1)!))));
  }
  let labels = new Array<number>(n).fill(-1);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = false;
    const assigned = points.map((p, i) => {
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < clusters; c++) {
        const d = squaredDistance(p, centroids[c]!);
        if (d < bestDistance) [best, bestDistance] = [c, d];
      }
      if (best !== labels[i]) changed = true;
      return best;
    });
    labels = assigned;
    if (!changed) break;
    const sums = Array.from({ length: clusters }, () => new Float64Array(dim));
    const counts = new Array<number>(clusters).fill(0);
    points.forEach((p, i) => {
      counts[labels[i]!]! += 1;
      for (let j = 0; j < dim; j++) sums[labels[i]!]![j]! += p[j]!;
    });
    for (let c = 0; c < clusters; c++) {
      // An emptied cluster keeps its centre (it may win points back next round).
      if (counts[c]! > 0) centroids[c] = Array.from(sums[c]!, (s) => s / counts[c]!);
    }
  }
  const renumber = new Map<number, number>();
  for (const l of labels) if (!renumber.has(l)) renumber.set(l, renumber.size);
  const finalLabels = labels.map((l) => renumber.get(l)!);
  const finalCentroids = new Array<number[]>(renumber.size);
  for (const [old, fresh] of renumber) finalCentroids[fresh] = centroids[old]!;
  const inertia = points.reduce((s, p, i) => s + squaredDistance(p, finalCentroids[finalLabels[i]!]!), 0);
  return { labels: finalLabels, centroids: finalCentroids, inertia, iterations };
}

export interface EmbeddingMapEntry {
  id: string;
  pca_2d: [number, number];
  pca_3d: [number, number, number];
  cluster_id: number;
}

export interface EmbeddingMapOptions {
  /** k of k-means (default 4, fewer when there are fewer programs). */
  clusters?: number;
  seed?: number;
}

export interface EmbeddingMap {
  entries: EmbeddingMapEntry[];
  /** Share of the total variance along the first three axes. */
  explained_variance_ratio: number[];
  /** Programs left out: no embedding, or one of another length than the most common. */
  skipped: number;
}

export const DEFAULT_EMBEDDING_CLUSTERS = 4;

/**
 * PCA (2-D and 3-D: the 2-D map is the first two of the same axes) and k-means clusters of the
 * embeddings, computed on the unit-normalised vectors, since similarity in this engine is cosine.
 */
export function embeddingMap(programs: Iterable<{ id: string; embedding?: ArrayLike<number> | null }>, options: EmbeddingMapOptions = {}): EmbeddingMap {
  const clusters = options.clusters ?? DEFAULT_EMBEDDING_CLUSTERS;
  if (!Number.isInteger(clusters) || clusters < 1) throw new RangeError(`clusters must be an integer >= 1, got ${clusters}`);
  const all = [...programs];
  const lengths = new Map<number, number>();
  for (const p of all) if (p.embedding && p.embedding.length > 0) lengths.set(p.embedding.length, (lengths.get(p.embedding.length) ?? 0) + 1);
  const dim = [...lengths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  const kept = dim === undefined ? [] : all.filter((p) => p.embedding?.length === dim);
  const vectors = kept.map((p) => {
    const v = Float64Array.from(p.embedding!);
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    return norm > 0 ? v.map((x) => x / norm) : v;
  });
  const rng = new Random(options.seed ?? 0);
  const { projections, variances } = pca(vectors, 3, rng);
  const total = vectors.length ? centeredVariance(vectors) : 0;
  const { labels } = kMeans(vectors, clusters, rng);
  return {
    entries: kept.map((p, i) => {
      const [x = 0, y = 0, z = 0] = projections[i]!;
      return { id: p.id, pca_2d: [x, y], pca_3d: [x, y, z], cluster_id: labels[i]! };
    }),
    explained_variance_ratio: variances.map((v) => (total > 0 ? v / total : 0)),
    skipped: all.length - kept.length,
  };
}

/** Total variance (trace of the covariance, divisor n). */
function centeredVariance(vectors: readonly Float64Array[]): number {
  const n = vectors.length;
  const dim = vectors[0]!.length;
  let total = 0;
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (const v of vectors) mean += v[j]! / n;
    for (const v of vectors) total += (v[j]! - mean) ** 2 / n;
  }
  return total;
}
