// Islands (evolve.md §4, upstream islands.py / island_sampler.py): seeding copies of generation 0,
// which islands are initialized, the four island samplers, and elitist migration. Pure functions
// over program lists and a seeded Random; the database applies what they decide.
import type { Random } from "../random.js";
import { type MigrationRecord, type Program, type ProgramSummary, bestOf, scoreOf } from "./program.js";

export type IslandStrategy = "uniform" | "equal" | "proportional" | "weighted";

/**
 * §4.1: generation 0 stays on island 0 and is copied to islands 1..N-1 with new IDs, marked
 * `_is_island_copy` with `_original_program_id`. newId is injected so the copies are reproducible.
 */
export function islandCopies(initial: Program, numIslands: number, newId: (island: number) => string): Program[] {
  if (!Number.isInteger(numIslands) || numIslands < 1) throw new RangeError(`numIslands must be an integer >= 1, got ${numIslands}`);
  const copies: Program[] = [];
  for (let island = 1; island < numIslands; island++) {
    copies.push({
      ...initial,
      id: newId(island),
      island_idx: island,
      children_count: 0,
      migration_history: [],
      source_job_id: initial.source_job_id === null ? null : `${initial.source_job_id}_island_${island}`,
      metadata: { ...initial.metadata, _is_island_copy: true, _original_program_id: initial.id },
    });
  }
  return copies;
}

export interface IslandStats {
  island: number;
  count: number;
  /** Best correct combined_score on the island; undefined when it holds no correct program. */
  best: number | undefined;
}

/** Per-island counts and best correct scores for islands 0..numIslands-1. */
export function islandStats(programs: Iterable<ProgramSummary>, numIslands: number): IslandStats[] {
  const stats: IslandStats[] = Array.from({ length: numIslands }, (_, island) => ({ island, count: 0, best: undefined }));
  for (const p of programs) {
    const s = stats[p.island_idx];
    if (!s) continue;
    s.count += 1;
    if (p.correct && (s.best === undefined || scoreOf(p) > s.best)) s.best = scoreOf(p);
  }
  return stats;
}

/** An island is initialized once it holds a correct program (§4.1). */
export function initializedIslands(stats: readonly IslandStats[]): number[] {
  return stats.filter((s) => s.best !== undefined).map((s) => s.island);
}

/** §4.2: picks one of the initialized islands by strategy. */
export function sampleIsland(strategy: IslandStrategy, stats: readonly IslandStats[], rng: Random): number {
  const eligible = stats.filter((s) => s.best !== undefined);
  if (eligible.length === 0) throw new RangeError("no initialized island to sample");
  switch (strategy) {
    case "uniform":
      return rng.choice(eligible).island;
    case "equal": {
      const fewest = Math.min(...eligible.map((s) => s.count));
      return rng.choice(eligible.filter((s) => s.count === fewest)).island;
    }
    case "proportional": {
      // Softmax at temperature 1, shifted by the maximum for stability.
      const top = Math.max(...eligible.map((s) => s.best!));
      return eligible[rng.weightedIndex(eligible.map((s) => Math.exp(s.best! - top)))]!.island;
    }
    case "weighted": {
      const weights = eligible.map((s) => Math.max(0, s.best!) / Math.max(1, s.count));
      return weights.some((w) => w > 0) ? eligible[rng.weightedIndex(weights)]!.island : rng.choice(eligible).island;
    }
    default:
      throw new RangeError(`unknown island_selection_strategy ${String(strategy)}`);
  }
}

/** §4.3 trigger: a new program of generation g > 0 with g % interval == 0, migration enabled. */
export function shouldMigrate(generation: number, config: { migration_interval: number; migration_rate: number; num_islands: number }): boolean {
  if (config.migration_rate <= 0 || config.num_islands < 2 || config.migration_interval <= 0) return false;
  return generation > 0 && generation % config.migration_interval === 0;
}

export interface MigrationPlanOptions {
  num_islands: number;
  migration_rate: number;
  /** Keep each island's best program at home (default true). */
  island_elitism?: boolean;
  generation: number;
  timestamp: number;
}

export interface MigrationMove extends MigrationRecord {
  id: string;
}

/**
 * §4.3 elitist migration, planned: for every island with more than one program,
 * max(1, floor(size · rate)) migrants drawn uniformly from its correct programs of generation > 0
 * (not the island's best under elitism), each moved to a uniformly random other island. Every
 * program is considered on its island of origin only, so none moves twice in one event.
 */
export function planMigration(programs: readonly ProgramSummary[], options: MigrationPlanOptions, rng: Random): MigrationMove[] {
  const { num_islands, migration_rate } = options;
  if (migration_rate <= 0 || num_islands < 2) return [];
  const elitism = options.island_elitism ?? true;
  const moves: MigrationMove[] = [];
  for (let island = 0; island < num_islands; island++) {
    const members = programs.filter((p) => p.island_idx === island);
    if (members.length <= 1) continue;
    const best = elitism ? bestOf(members) : undefined;
    const eligible = members.filter((p) => p.correct && p.generation > 0 && p.id !== best?.id);
    const wanted = Math.max(1, Math.floor(members.length * migration_rate));
    const count = Math.min(wanted, eligible.length);
    const others = Array.from({ length: num_islands }, (_, i) => i).filter((i) => i !== island);
    for (const index of rng.sampleIndices(eligible.length, count)) {
      moves.push({ id: eligible[index]!.id, generation: options.generation, from: island, to: rng.choice(others), timestamp: options.timestamp });
    }
  }
  return moves;
}
