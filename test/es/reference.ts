// Plain TypeScript references for one ES update, written from the spec's formulas and fed with the
// search directions recovered from the population that ask() returned: z_i = (x_i - m) / scale.
import { averageRanks } from "../../lib/es/index.js";

export function directions(population: Float32Array, mean: ArrayLike<number>, scale: ArrayLike<number>, popsize: number): number[][] {
  const dim = mean.length;
  return Array.from({ length: popsize }, (_, i) =>
    Array.from({ length: dim }, (_, j) => (population[i * dim + j]! - mean[j]!) / scale[scale.length === 1 ? 0 : j]!),
  );
}

/** sum_i w_i v_i for vectors v_i. */
export function weightedSum(weights: ArrayLike<number>, vectors: number[][]): number[] {
  const out = new Array<number>(vectors[0]!.length).fill(0);
  vectors.forEach((v, i) => v.forEach((x, j) => (out[j]! += weights[i]! * x)));
  return out;
}

export function byRank(fitness: ArrayLike<number>, table: ArrayLike<number>): number[] {
  return Array.from(averageRanks(fitness), (rank) => table[Math.floor(rank)]!);
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-4): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  for (let j = 0; j < actual.length; j++) {
    const scale = Math.max(1, Math.abs(expected[j]!));
    if (!(Math.abs(actual[j]! - expected[j]!) <= tolerance * scale)) {
      throw new Error(`element ${j}: ${actual[j]} != ${expected[j]} (tolerance ${tolerance})`);
    }
  }
}
