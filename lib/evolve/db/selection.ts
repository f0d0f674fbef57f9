// Parent selection (evolve.md §6): weighted (sigmoid of the MAD-scaled distance to the median,
// times 1/(1 + children)), power law (HEAD and paper-era semantics), hill climbing, uniform, beam
// search, best-of-N and sequential, always restricted to the sampled island, with the spec's
// fallbacks. Pure functions of their inputs and a Random.
import type { Random } from "../../random.js";
import type { EvolveConfig } from "../config.js";
import type { Member } from "./member.js";
import { sortScore } from "./order.js";

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Numerically stable logistic function. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** §6 weighted: p_i ∝ σ(λ(F_i − median)/max(MAD, 1e-6)) / (1 + children_i); all zero → uniform. */
export function weightedProbabilities(pool: readonly Member[], lambda: number): number[] {
  if (pool.length === 0) return [];
  const scores = pool.map(sortScore);
  const center = median(scores);
  const scale = Math.max(median(scores.map((f) => Math.abs(f - center))), 1e-6);
  const weights = pool.map((p, i) => sigmoid((lambda * (scores[i]! - center)) / scale) / (1 + p.children_count));
  const total = weights.reduce((a, b) => a + b, 0);
  return total > 0 && Number.isFinite(total) ? weights.map((w) => w / total) : pool.map(() => 1 / pool.length);
}

/** §6 power law: stable rank by score descending (r = 1 best), p_r = r^−α / Σ k^−α. */
export function powerLawProbabilities(pool: readonly Member[], alpha: number): number[] {
  if (pool.length === 0) return [];
  const order = pool.map((_, i) => i).sort((a, b) => sortScore(pool[b]!) - sortScore(pool[a]!) || a - b);
  const weights = new Array<number>(pool.length);
  order.forEach((index, rank) => (weights[index] = (rank + 1) ** -alpha));
  const total = weights.reduce((a, b) => a + b, 0);
  // Large α underflows every rank past 1 to 0, which is exactly hill climbing.
  return weights.map((w) => w / total);
}

export type ParentConfig = Pick<
  EvolveConfig,
  "parent_selection_strategy" | "parent_selection_lambda" | "exploitation_alpha" | "exploitation_ratio" | "num_beams"
>;

export interface ParentInput<P extends Member> {
  config: ParentConfig;
  /** Every program on the sampled island. */
  island: readonly P[];
  /** True for archive members. */
  inArchive: (p: P) => boolean;
  /** The global best program (§3.3), if any. */
  best?: P | undefined;
  /** Beam search's locked parent (metadata_store.beam_search_parent_id), if any. */
  beamParent?: P | undefined;
}

export interface ParentPick<P> {
  parent: P;
  /** Beam search only: the parent to keep locked. */
  beam?: string;
}

function databaseEmpty(): never {
  throw new RangeError("Database empty: no correct program on the sampled island");
}

/** The §6 fallback chain after the strategy's own candidates: best if on the island, then a random correct one. */
function fallback<P extends Member>(input: ParentInput<P>, correct: readonly P[], rng: Random): P {
  const { best } = input;
  if (best && best.correct && input.island.includes(best)) return best;
  if (correct.length > 0) return rng.choice(correct);
  return databaseEmpty();
}

function byPowerLaw<P extends Member>(input: ParentInput<P>, alpha: number, ratio: number | null, rng: Random): P {
  const correct = input.island.filter((p) => p.correct);
  const archived = correct.filter(input.inArchive);
  // Paper-era semantics only when exploitation_ratio is set: the archive with that probability,
  // otherwise every correct program of the island.
  const primary = ratio === null || rng.bernoulli(ratio) ? archived : correct;
  for (const pool of [primary, correct]) {
    if (pool.length > 0) return pool[rng.weightedIndex(powerLawProbabilities(pool, alpha))]!;
  }
  return fallback(input, correct, rng);
}

/** One parent from the sampled island by parent_selection_strategy. */
export function selectParent<P extends Member>(input: ParentInput<P>, rng: Random): ParentPick<P> {
  const { config } = input;
  const correct = input.island.filter((p) => p.correct);
  switch (config.parent_selection_strategy) {
    case "power_law":
      return { parent: byPowerLaw(input, config.exploitation_alpha, config.exploitation_ratio, rng) };
    case "hill_climbing":
      // The paper's recipe: power law with α = 100 over the archive.
      return { parent: byPowerLaw(input, 100, config.exploitation_ratio ?? 1, rng) };
    case "uniform":
      return { parent: byPowerLaw(input, 0, config.exploitation_ratio ?? 1, rng) };
    case "best_of_n": {
      const seed = input.island.find((p) => p.generation === 0);
      return { parent: seed ?? fallback(input, correct, rng) };
    }
    case "sequential": {
      if (correct.length === 0) return databaseEmpty();
      let newest = correct[0]!;
      for (const p of correct) if (p.timestamp > newest.timestamp || (p.timestamp === newest.timestamp && p.generation > newest.generation)) newest = p;
      return { parent: newest };
    }
    case "beam_search": {
      const locked = input.beamParent;
      if (locked && locked.correct && locked.children_count < config.num_beams) return { parent: locked, beam: locked.id };
      const next = input.best && input.best.correct ? input.best : fallback(input, correct, rng);
      return { parent: next, beam: next.id };
    }
    case "weighted":
    default: {
      const pool = correct.filter(input.inArchive);
      if (pool.length === 0) return { parent: fallback(input, correct, rng) };
      return { parent: pool[rng.weightedIndex(weightedProbabilities(pool, config.parent_selection_lambda))]! };
    }
  }
}
