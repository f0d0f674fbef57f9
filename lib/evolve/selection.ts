// Parent selection (evolve.md §6, upstream parents.py). Candidates are always restricted to the
// sampled island. Pure functions over the island's programs, the archive's IDs and a seeded Random.
import type { Random } from "../random.js";
import { type ProgramSummary, bestOf, scoreOf } from "./program.js";

export type ParentStrategy = "weighted" | "power_law" | "hill_climbing" | "beam_search" | "uniform" | "best_of_n" | "sequential";

export interface SelectionConfig {
  parent_selection_strategy: ParentStrategy;
  /** λ of the weighted rule (default 10). */
  parent_selection_lambda?: number;
  /** α of the power law (default 1). */
  exploitation_alpha?: number;
  /** Set: the paper-era power law (archive with this probability, else every correct program). */
  exploitation_ratio?: number | null;
  num_beams?: number;
}

export const HILL_CLIMBING_ALPHA = 100;

/** Stable logistic: never overflows exp for large |x|. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The unnormalised weights w_i = σ(λ(F_i − α₀)/scale) · 1/(1 + N_i) of the weighted rule. */
export function weightedWeights(pool: readonly ProgramSummary[], lambda = 10): number[] {
  if (pool.length === 0) return [];
  const scores = pool.map(scoreOf);
  const center = median(scores);
  const scale = Math.max(median(scores.map((f) => Math.abs(f - center))), 1e-6);
  return pool.map((p, i) => sigmoid((lambda * (scores[i]! - center)) / scale) / (1 + p.children_count));
}

/** §6 weighted: p_i = w_i / Σw; all weights zero → uniform. */
export function weightedProbabilities(pool: readonly ProgramSummary[], lambda = 10): number[] {
  const weights = weightedWeights(pool, lambda);
  const total = weights.reduce((a, b) => a + b, 0);
  return total > 0 && Number.isFinite(total) ? weights.map((w) => w / total) : pool.map(() => 1 / pool.length);
}

/** §6 power law: stable descending sort by score, rank r (1 = best) gets r^−α / Σ k^−α. */
export function powerLawProbabilities(pool: readonly ProgramSummary[], alpha = 1): number[] {
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`exploitation_alpha must be finite and >= 0, got ${alpha}`);
  const order = pool.map((_, i) => i).sort((a, b) => scoreOf(pool[b]!) - scoreOf(pool[a]!) || a - b);
  const weights = new Array<number>(pool.length);
  order.forEach((index, rank) => (weights[index] = (rank + 1) ** -alpha));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

export interface ParentContext<T extends ProgramSummary = ProgramSummary> {
  /** Every program on the sampled island (correct or not). */
  island_programs: readonly T[];
  /** IDs of the archive's members (any island). */
  archive_ids: ReadonlySet<string>;
  /**
   * Optional: the island's correct programs that are in the archive, in island_programs order.
   * A store that knows its archive passes it to save a pass over every island program.
   */
  archived_programs?: readonly T[];
  /** The global best program (§3.3), if any. */
  best?: T | undefined;
  /** beam_search's locked parent (metadata_store.beam_search_parent_id), resolved. */
  beam_parent?: T | undefined;
}

export interface ParentChoice<T extends ProgramSummary> {
  parent: T;
  /** The new beam lock for beam_search (store it in metadata_store.beam_search_parent_id). */
  beam_parent_id?: string;
}

function fallback<T extends ProgramSummary>(correct: readonly T[], context: ParentContext<T>, rng: Random, requireCorrectBest: boolean): T {
  const best = context.best;
  if (best && (!requireCorrectBest || best.correct)) {
    const own = context.island_programs.find((p) => p.id === best.id);
    if (own) return own;
  }
  if (correct.length > 0) return rng.choice(correct);
  throw new RangeError("Database empty: no correct program on the island to select as parent");
}

/** §6: one parent from the sampled island by strategy (not fix mode: see fixModeParent). */
export function selectParent<T extends ProgramSummary>(
  config: SelectionConfig,
  context: ParentContext<T>,
  rng: Random,
): ParentChoice<T> {
  let correctPrograms: readonly T[] | undefined;
  // Filtered on first use: weighted selection with a populated archive never needs it.
  const correctOnIsland = () => (correctPrograms ??= context.island_programs.filter((p) => p.correct));
  const archived = context.archived_programs ?? correctOnIsland().filter((p) => context.archive_ids.has(p.id));
  const powerLaw = (alpha: number, ratio: number | null | undefined): T => {
    const correct = correctOnIsland();
    // Paper-era semantics only when exploitation_ratio is set explicitly.
    const pool = ratio === null || ratio === undefined || rng.float() < ratio ? (archived.length > 0 ? archived : correct) : correct;
    if (pool.length === 0) return fallback(correct, context, rng, true);
    return pool[rng.weightedIndex(powerLawProbabilities(pool, alpha))]!;
  };
  switch (config.parent_selection_strategy) {
    case "weighted": {
      if (archived.length === 0) return { parent: fallback(correctOnIsland(), context, rng, false) };
      return { parent: archived[rng.weightedIndex(weightedProbabilities(archived, config.parent_selection_lambda ?? 10))]! };
    }
    case "power_law":
      return { parent: powerLaw(config.exploitation_alpha ?? 1, config.exploitation_ratio) };
    case "hill_climbing":
      return { parent: powerLaw(HILL_CLIMBING_ALPHA, 1) };
    case "uniform":
      return { parent: powerLaw(0, 1) };
    case "best_of_n": {
      const seed = correctOnIsland().find((p) => p.generation === 0) ?? context.island_programs.find((p) => p.generation === 0);
      if (!seed) throw new RangeError("best_of_n: no generation-0 program on the island");
      return { parent: seed };
    }
    case "sequential": {
      const correct = correctOnIsland();
      const newest = correct.reduce<T | undefined>((a, p) => (a === undefined || p.timestamp >= a.timestamp ? p : a), undefined);
      return { parent: newest ?? fallback(correct, context, rng, true) };
    }
    case "beam_search": {
      const locked = context.beam_parent;
      const beams = config.num_beams ?? 5;
      if (locked && locked.correct && locked.children_count < beams) return { parent: locked, beam_parent_id: locked.id };
      const best = context.best && context.best.correct ? context.best : bestOf(correctOnIsland());
      if (!best) throw new RangeError("Database empty: no correct program to lock the beam onto");
      return { parent: best, beam_parent_id: best.id };
    }
    default:
      throw new RangeError(`unknown parent_selection_strategy ${String(config.parent_selection_strategy)}`);
  }
}

/** §10.3 fix mode: an incorrect program drawn uniformly from the island. */
export function fixModeParent<T extends ProgramSummary>(island_programs: readonly T[], rng: Random): T {
  const incorrect = island_programs.filter((p) => !p.correct);
  const pool = incorrect.length > 0 ? incorrect : island_programs;
  if (pool.length === 0) throw new RangeError("Database empty: no program on the island to repair");
  return rng.choice(pool);
}
