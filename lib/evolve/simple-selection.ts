// Selection rules for the minimal store (evolve.md §4.2, §4.3, §6): island sampling, parent
// selection by strategy, and elitist migration. Pure functions over program lists and a Random.
import type { Random } from "../random.js";
import type { EvolveConfig } from "./config.js";
import type { StoredProgram } from "./store.js";

const score = (p: StoredProgram) => (Number.isFinite(p.combined_score) ? p.combined_score : 0);

/** §6 weighted: sigmoid of the MAD-scaled distance to the median, times 1/(1 + children). */
export function weightedProbabilities(pool: readonly StoredProgram[], lambda: number): number[] {
  const scores = pool.map(score);
  const median = (values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const center = median(scores);
  const scale = Math.max(median(scores.map((f) => Math.abs(f - center))), 1e-6);
  const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
  const weights = pool.map((p, i) => sigmoid((lambda * (scores[i]! - center)) / scale) / (1 + p.children_count));
  const total = weights.reduce((a, b) => a + b, 0);
  return total > 0 ? weights.map((w) => w / total) : pool.map(() => 1 / pool.length);
}

/** §6 power law: rank r (1 = best, stable) gets r^-alpha. */
export function powerLawProbabilities(pool: readonly StoredProgram[], alpha: number): number[] {
  const order = pool.map((p, i) => i).sort((a, b) => score(pool[b]!) - score(pool[a]!) || a - b);
  const weights = new Array<number>(pool.length);
  order.forEach((index, rank) => (weights[index] = (rank + 1) ** -alpha));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

export interface ParentContext {
  config: Pick<EvolveConfig, "parent_selection_strategy" | "parent_selection_lambda" | "exploitation_alpha" | "num_beams">;
  /** Correct archive members of the island (the usual candidates). */
  archived: StoredProgram[];
  /** Every correct program of the island. */
  correct: StoredProgram[];
  /** Beam search's locked parent and the global best (§6 table). */
  beamParent?: StoredProgram;
  best?: StoredProgram;
}

/** Picks a parent; returns the new beam lock for beam search. */
export function selectParentBy(context: ParentContext, rng: Random): { parent: StoredProgram; beam?: string } {
  const { config } = context;
  const pool = context.archived.length > 0 ? context.archived : context.correct;
  if (pool.length === 0) throw new RangeError("Database empty: no correct program on the island");
  switch (config.parent_selection_strategy) {
    case "power_law":
      return { parent: pool[rng.weightedIndex(powerLawProbabilities(pool, config.exploitation_alpha))]! };
    case "hill_climbing":
      return { parent: pool[rng.weightedIndex(powerLawProbabilities(pool, 100))]! };
    case "uniform":
      return { parent: rng.choice(pool) };
    case "best_of_n": {
      const seed = context.correct.find((p) => p.generation === 0);
      return { parent: seed ?? rng.choice(pool) };
    }
    case "sequential": {
      const newest = [...context.correct].sort((a, b) => b.timestamp - a.timestamp)[0]!;
      return { parent: newest };
    }
    case "beam_search": {
      const locked = context.beamParent;
      if (locked && locked.children_count < config.num_beams) return { parent: locked, beam: locked.id };
      const next = context.best && context.correct.some((p) => p.id === context.best!.id) ? context.best : pool.reduce((a, b) => (score(b) > score(a) ? b : a));
      return { parent: next, beam: next.id };
    }
    case "weighted":
    default:
      return { parent: pool[rng.weightedIndex(weightedProbabilities(pool, config.parent_selection_lambda))]! };
  }
}

/** §4.2: one initialized island by strategy. */
export function sampleIslandBy(
  strategy: EvolveConfig["island_selection_strategy"],
  islands: { island: number; count: number; best: number }[],
  rng: Random,
): number {
  if (islands.length === 0) throw new RangeError("no initialized island");
  switch (strategy) {
    case "equal": {
      const fewest = Math.min(...islands.map((i) => i.count));
      return rng.choice(islands.filter((i) => i.count === fewest)).island;
    }
    case "proportional": {
      const top = Math.max(...islands.map((i) => i.best));
      return islands[rng.weightedIndex(islands.map((i) => Math.exp(i.best - top)))]!.island;
    }
    case "weighted": {
      const weights = islands.map((i) => Math.max(0, i.best) / Math.max(1, i.count));
      return weights.some((w) => w > 0) ? islands[rng.weightedIndex(weights)]!.island : rng.choice(islands).island;
    }
    case "uniform":
    default:
      return rng.choice(islands).island;
  }
}

/** §4.3 elitist migration: the moves {id, from, to} of one event (the caller applies them). */
export function planMigration(
  programs: readonly StoredProgram[],
  numIslands: number,
  rate: number,
  rng: Random,
): { id: string; from: number; to: number }[] {
  if (rate <= 0 || numIslands < 2) return [];
  const moves: { id: string; from: number; to: number }[] = [];
  for (let island = 0; island < numIslands; island++) {
    const members = programs.filter((p) => p.island_idx === island);
    if (members.length <= 1) continue;
    const best = members.filter((p) => p.correct).reduce<StoredProgram | undefined>((a, b) => (!a || score(b) > score(a) ? b : a), undefined);
    const eligible = members.filter((p) => p.correct && p.generation > 0 && p.id !== best?.id);
    const count = Math.min(eligible.length, Math.max(1, Math.floor(members.length * rate)));
    for (const index of rng.sampleIndices(eligible.length, count)) {
      const others = [...Array(numIslands).keys()].filter((i) => i !== island);
      moves.push({ id: eligible[index]!.id, from: island, to: rng.choice(others) });
    }
  }
  return moves;
}
