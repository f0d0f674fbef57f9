// Resource-competition fitness and attraction (spec m2n2_qd.md §4, §5). Scores are rows of a
// (rows x samples) matrix in [0, 1] (binary correctness for the digits task). Each datapoint is a
// resource worth capacity[j], split among the rows that solve it: F_kj = c_j s_kj / z_j^alpha.

/** z_j = sum over the first `rows` rows of s_kj. */
export function columnTotals(scores: Float32Array, rows: number, samples: number): Float64Array {
  const z = new Float64Array(samples);
  for (let k = 0; k < rows; k++) {
    const row = k * samples;
    for (let j = 0; j < samples; j++) z[j]! += scores[row + j]!;
  }
  return z;
}

/** The divisor z_j^alpha with zeros replaced by 1 (alpha 0 gives 1 everywhere). */
export function sharingDivisors(z: Float64Array, alpha: number): Float64Array {
  const d = new Float64Array(z.length);
  for (let j = 0; j < z.length; j++) {
    const raised = alpha === 0 ? 1 : alpha === 1 ? z[j]! : z[j]! ** alpha;
    d[j] = raised === 0 ? 1 : raised;
  }
  return d;
}

/** Shared fitness matrix F (rows x samples) and its row sums f. */
export function sharedFitness(
  scores: Float32Array,
  rows: number,
  samples: number,
  alpha: number,
  capacity: Float64Array | null = null,
): { F: Float64Array; f: Float64Array } {
  const divisors = sharingDivisors(columnTotals(scores, rows, samples), alpha);
  const F = new Float64Array(rows * samples);
  const f = new Float64Array(rows);
  for (let k = 0; k < rows; k++) {
    let total = 0;
    for (let j = 0; j < samples; j++) {
      const value = ((capacity ? capacity[j]! : 1) * scores[k * samples + j]!) / divisors[j]!;
      F[k * samples + j] = value;
      total += value;
    }
    f[k] = total;
  }
  return { F, f };
}

/** g_k = sum_j max(0, F_kj - F_aj): the shared resources row k holds where row a does not. */
export function attraction(F: Float64Array, rows: number, samples: number, a: number): Float64Array {
  const g = new Float64Array(rows);
  const base = a * samples;
  for (let k = 0; k < rows; k++) {
    let total = 0;
    for (let j = 0; j < samples; j++) total += Math.max(0, F[k * samples + j]! - F[base + j]!);
    g[k] = total;
  }
  return g;
}

/** Index of the smallest value, the lowest index on ties. */
export function argminFirst(values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k]! < values[best]!) best = k;
  return best;
}
