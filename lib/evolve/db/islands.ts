// Islands (evolve.md §4): which islands are initialized, the four island samplers, and elitist
// migration (programs are moved, not copied). Pure functions of their inputs and a Random.
import type { Random } from "../../random.js";
import type { EvolveConfig } from "../config.js";
import type { Member } from "./member.js";
import { isBetter, sortScore } from "./order.js";

export interface IslandStats {
  island: number;
  /** Programs on the island (copies included). */
  count: number;
  /** Best combined_score of its correct programs. */
  best: number;
}

/** Per island: program count and best correct score; only initialized islands (one correct program). */
export function initializedIslandStats(programs: Iterable<Member>): IslandStats[] {
  const stats = new Map<number, { count: number; best: number }>();
  for (const p of programs) {
    const s = stats.get(p.island_idx) ?? { count: 0, best: Number.NEGATIVE_INFINITY };
    s.count += 1;
    if (p.correct) s.best = Math.max(s.best, sortScore(p));
    stats.set(p.island_idx, s);
  }
  return [...stats.entries()]
    .filter(([, s]) => s.best > Number.NEGATIVE_INFINITY)
    .map(([island, s]) => ({ island, count: s.count, best: s.best }))
    .sort((a, b) => a.island - b.island);
}

/** §4.2: one of the given (initialized) islands by strategy. */
export function sampleIsland(strategy: EvolveConfig["island_selection_strategy"], islands: readonly IslandStats[], rng: Random): number {
  if (islands.length === 0) throw new RangeError("no initialized island to sample");
  switch (strategy) {
    case "equal": {
      const fewest = Math.min(...islands.map((i) => i.count));
      return rng.choice(islands.filter((i) => i.count === fewest)).island;
    }
    case "proportional": {
      // Softmax at temperature 1, shifted by the maximum so exp never overflows.
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

/** §4.3 trigger: a new program of generation g > 0 with g % interval == 0, migration enabled. */
export function migrationDue(generation: number, config: Pick<EvolveConfig, "migration_interval" | "migration_rate" | "num_islands">): boolean {
  return generation > 0 && generation % config.migration_interval === 0 && config.migration_rate > 0 && config.num_islands > 1;
}

export interface Move {
  id: string;
  from: number;
  to: number;
}

/**
 * One elitist migration event (§4.3): from each island with more than one program,
 * max(1, floor(size · rate)) migrants drawn uniformly among its correct programs of generation > 0,
 * the island's best excluded under elitism, each moved once to a uniformly random other island.
 */
export function planMigration(programs: readonly Member[], numIslands: number, rate: number, rng: Random, elitism = true): Move[] {
  if (rate <= 0 || numIslands < 2) return [];
  const byIsland = new Map<number, Member[]>();
  for (const p of programs) {
    const list = byIsland.get(p.island_idx);
    if (list) list.push(p);
    else byIsland.set(p.island_idx, [p]);
  }
  const moves: Move[] = [];
  const moved = new Set<string>();
  for (let island = 0; island < numIslands; island++) {
    const members = byIsland.get(island) ?? [];
    if (members.length <= 1) continue;
    let best: Member | undefined;
    for (const p of members) if (p.correct && (!best || isBetter(p, best))) best = p;
    const eligible = members.filter((p) => p.correct && p.generation > 0 && !moved.has(p.id) && !(elitism && p === best));
    const count = Math.min(eligible.length, Math.max(1, Math.floor(members.length * rate)));
    const others = [...Array(numIslands).keys()].filter((i) => i !== island);
    for (const index of rng.sampleIndices(eligible.length, count)) {
      const migrant = eligible[index]!;
      moved.add(migrant.id);
      moves.push({ id: migrant.id, from: island, to: rng.choice(others) });
    }
  }
  return moves;
}
