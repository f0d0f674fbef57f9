// Fitness shaping (evosax core/fitness_shaping.py). Two families, and mixing them inverts a search:
// "lower is better" shapes (identity, standardize, normalize, centered_rank) feed OpenAI-ES, PGPE and
// ARS, whose updates subtract a gradient; "utility weights" (higher is better, the best ranks get
// positive weights) feed SNES, xNES, CMA-ES, sep-CMA-ES and SimpleES. Fitness is raw and minimised.

export const SHAPINGS = ["identity", "standardize", "normalize", "centered_rank"] as const;
export type Shaping = (typeof SHAPINGS)[number];

/** 0-based ascending ranks, ties taking the average rank (scipy rankdata minus 1); rank 0 is the best. */
export function averageRanks(fitness: ArrayLike<number>): Float64Array {
  const n = fitness.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => fitness[a]! - fitness[b]! || a - b);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && fitness[order[end]!] === fitness[order[start]!]) end++;
    const average = (start + end - 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = average;
    start = end;
  }
  return ranks;
}

/** r/(N-1) - 1/2 in [-1/2, 1/2]; the best gets -1/2. */
export function centeredRanks(fitness: ArrayLike<number>): Float64Array {
  const ranks = averageRanks(fitness);
  const n = fitness.length;
  return ranks.map((rank) => (n > 1 ? rank / (n - 1) - 0.5 : 0));
}

/** (f - mean) / sqrt(var + 1e-8). */
export function standardize(fitness: ArrayLike<number>): Float64Array {
  const n = fitness.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += fitness[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (fitness[i]! - mean) ** 2;
  variance /= n;
  const scale = 1 / Math.sqrt(variance + 1e-8);
  return Float64Array.from(fitness, (f) => (f - mean) * scale);
}

/** -1 + 2 (f - min)/(max - min), all 0 when max is about min. */
export function normalize(fitness: ArrayLike<number>): Float64Array {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < fitness.length; i++) {
    low = Math.min(low, fitness[i]!);
    high = Math.max(high, fitness[i]!);
  }
  const span = high - low;
  if (!(span > 1e-12 * Math.max(1, Math.abs(high)))) return new Float64Array(fitness.length);
  return Float64Array.from(fitness, (f) => -1 + (2 * (f - low)) / span);
}

export function shapeFitness(shaping: Shaping, fitness: ArrayLike<number>): Float64Array {
  switch (shaping) {
    case "identity":
      return Float64Array.from(fitness);
    case "standardize":
      return standardize(fitness);
    case "normalize":
      return normalize(fitness);
    case "centered_rank":
      return centeredRanks(fitness);
  }
}

/** SNES/xNES utility weights by rank: w'_i = max(0, ln(N/2 + 1) - ln i), w = w'/sum(w') - 1/N. */
export function utilityWeights(n: number): Float64Array {
  const raw = Float64Array.from({ length: n }, (_, i) => Math.max(0, Math.log(n / 2 + 1) - Math.log(i + 1)));
  const total = raw.reduce((sum, w) => sum + w, 0);
  return raw.map((w) => w / total - 1 / n);
}

/** f~_i = table[floor(rank_i)]: utility weights looked up by each candidate's rank. */
export function weightsByRank(fitness: ArrayLike<number>, table: ArrayLike<number>): Float64Array {
  const ranks = averageRanks(fitness);
  return ranks.map((rank) => table[Math.floor(rank)]!);
}
