// The runner's EvolutionStore (store.ts) over ProgramDatabase and the spec's rules: island seeding
// and sampling (§4), the archive (§5), every parent-selection strategy and fix mode (§6, §10.3),
// inspirations (§7) and elitist migration (§4.3). engine.ts can use this in place of SimpleStore.
import { randomUUID } from "node:crypto";
import { Random } from "../../random.js";
import { type ArchiveConfig, updateArchive } from "../archive.js";
import { ProgramDatabase } from "../database.js";
import { type InspirationConfig, selectInspirations } from "../inspirations.js";
import { EmbeddingIndex, type SimilarityResult } from "../novelty.js";
import { type IslandStats, type IslandStrategy, islandCopies, planMigration, sampleIsland, shouldMigrate } from "../islands.js";
import type { Program } from "../program.js";
import { type SelectionConfig, fixModeParent, selectParent } from "../selection.js";
import type { EvolutionStore, ParentChoice, StoredProgram } from "../store.js";

export interface DatabaseStoreConfig extends ArchiveConfig, InspirationConfig, SelectionConfig {
  num_islands: number;
  island_selection_strategy: IslandStrategy;
  migration_interval: number;
  migration_rate: number;
  island_elitism?: boolean;
  seed: number;
}

const BEAM_KEY = "beam_search_parent_id";

export class DatabaseStore implements EvolutionStore {
  readonly db: ProgramDatabase;
  /** Unit embeddings per island, kept in step with inserts and migrations (novelty, §8). */
  private readonly embeddings: EmbeddingIndex;

  constructor(
    path: string,
    private readonly config: DatabaseStoreConfig,
  ) {
    this.db = ProgramDatabase.open(path);
    this.embeddings = EmbeddingIndex.fromPrograms(this.db.programs());
  }

  /** §8: max cosine similarity of an embedding to the programs on an island, one pass over memory. */
  noveltySimilarity(island: number, embedding: ArrayLike<number>): SimilarityResult {
    return this.embeddings.maxSimilarity(island, embedding);
  }

  private index(p: Program): void {
    if (p.embedding && p.embedding.length > 0) this.embeddings.add(p.id, p.island_idx, p.embedding);
  }

  evaluatedCount(): number {
    return this.db.count({ exclude_island_copies: true });
  }

  all(): StoredProgram[] {
    return this.db.programs();
  }

  get(id: string): StoredProgram | undefined {
    return this.db.getProgram(id);
  }

  best(): StoredProgram | undefined {
    return this.db.best();
  }

  hasJob(source_job_id: string): boolean {
    return this.db.hasJob(source_job_id);
  }

  private stored(p: StoredProgram): Program {
    return this.db.getProgram(p.id)!;
  }

  seed(initial: StoredProgram): void {
    this.transaction(() => {
      if (!this.db.insertProgram({ ...initial, island_idx: 0 })) return;
      const placed = this.stored(initial);
      updateArchive(this.db, placed, this.config);
      this.db.noteBest(placed);
      this.index(placed);
      for (const copy of islandCopies(placed, this.config.num_islands, () => randomUUID())) {
        this.db.insertProgram(copy);
        updateArchive(this.db, this.stored(copy), this.config);
        this.index(this.stored(copy));
      }
    });
  }

  add(program: StoredProgram): boolean {
    return this.transaction(() => {
      if (!this.db.insertProgram(program)) return false;
      if (program.parent_id && this.db.getProgram(program.parent_id)) this.db.incrementChildren(program.parent_id);
      const placed = this.stored(program);
      updateArchive(this.db, placed, this.config);
      this.db.noteBest(placed);
      this.index(placed);
      this.maybeMigrate(placed.generation);
      return true;
    });
  }

  /** A rolled-back write re-reads the database; the embedding index must follow it. */
  private transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn);
    } catch (error) {
      this.embeddings.clear();
      for (const p of this.db.programs()) this.index(p);
      throw error;
    }
  }

  /** §4.3, seeded by the run's seed and the generation so that a resumed run migrates the same way. */
  private maybeMigrate(generation: number): void {
    if (!shouldMigrate(generation, this.config)) return;
    const rng = new Random((this.config.seed * 7919 + generation) >>> 0);
    const options = {
      num_islands: this.config.num_islands,
      migration_rate: this.config.migration_rate,
      generation,
      timestamp: Date.now() / 1000,
      ...(this.config.island_elitism === undefined ? {} : { island_elitism: this.config.island_elitism }),
    };
    const moves = planMigration(this.db.programs(), options, rng);
    for (const { id, ...record } of moves) {
      this.db.moveToIsland(id, record);
      this.embeddings.move(id, record.to);
    }
    if (moves.length > 0) this.db.setMeta("last_migration_generation", generation);
  }

  /** islandStats (§4.2) from the database's per-island lists, without a pass over every program. */
  private islandStats(): IslandStats[] {
    return Array.from({ length: this.config.num_islands }, (_, island) => {
      const { members, best_correct_score } = this.db.islandMembers(island);
      return { island, count: members.length, best: best_correct_score };
    });
  }

  choose(rng: Random): ParentChoice {
    const stats = this.islandStats();
    const initialized = stats.filter((s) => s.best !== undefined);
    if (initialized.length === 0) {
      // Fix mode (§10.3): an incorrect program of a uniformly drawn island to repair.
      const populated = stats.filter((s) => s.count > 0);
      if (populated.length === 0) throw new RangeError("Database empty: seed generation 0 first");
      const island = rng.choice(populated).island;
      const parent = fixModeParent(this.db.programs({ island }), rng);
      return { island, parent, archive_inspirations: [], top_k_inspirations: [], fix_mode: true };
    }
    if (initialized.length < stats.filter((s) => s.count > 0).length) {
      // §4.1: some islands not yet initialized: their copy of the initial program, no inspirations.
      const waiting = stats.filter((s) => s.best === undefined && s.count > 0);
      const island = rng.choice(waiting).island;
      const members = this.db.programs({ island });
      const parent = members.find((p) => p.generation === 0) ?? members[0]!;
      return { island, parent, archive_inspirations: [], top_k_inspirations: [], fix_mode: !parent.correct };
    }
    const island = sampleIsland(this.config.island_selection_strategy, stats, rng);
    const islandPrograms = this.db.islandMembers(island).members;
    const archiveIds = this.db.archiveIdSet();
    // The archive's correct members on the island in island order: what selectParent would filter
    // out of every island program, read from the (small) archive instead.
    const archived = this.db
      .archiveMembers()
      .filter((p) => p.correct && p.island_idx === island)
      .sort((a, b) => this.db.insertionIndex(a.id) - this.db.insertionIndex(b.id));
    const best = this.db.best();
    const beamId = this.db.getMeta<string>(BEAM_KEY);
    const beamParent = typeof beamId === "string" ? this.db.getProgram(beamId) : undefined;
    const choice = selectParent(
      this.config,
      { island_programs: islandPrograms, archive_ids: archiveIds, archived_programs: archived, best, beam_parent: beamParent },
      rng,
    );
    if (choice.beam_parent_id !== undefined && choice.beam_parent_id !== beamId) this.db.setMeta(BEAM_KEY, choice.beam_parent_id);
    const inspirations = selectInspirations(this.config, { parent: choice.parent, archive: this.db.archiveMembers(), best }, rng);
    // Each list in prompt order (§7: ascending by default, the best nearest the instruction).
    const sortForPrompt = (list: Program[]) => inspirations.ordered.filter((p) => list.includes(p));
    return {
      island,
      parent: choice.parent,
      archive_inspirations: sortForPrompt(inspirations.archive_inspirations),
      top_k_inspirations: sortForPrompt(inspirations.top_k_inspirations),
      fix_mode: false,
    };
  }

  islandEmbeddings(island: number): { id: string; embedding: number[] }[] {
    const out: { id: string; embedding: number[] }[] = [];
    for (const p of this.db.programs({ island })) if (p.embedding && p.embedding.length > 0) out.push({ id: p.id, embedding: p.embedding });
    return out;
  }

  setEmbeddingMap(entries: readonly { id: string; pca_2d: number[]; pca_3d: number[]; cluster_id: number }[]): void {
    this.db.setEmbeddingMap(entries);
  }

  getMeta<T = unknown>(key: string): T | undefined {
    return this.db.getMeta<T>(key);
  }

  setMeta(key: string, value: unknown): void {
    this.db.setMeta(key, value);
  }

  logEvent(generation: number, status: string, source_job_id: string | null, details: Record<string, unknown>): void {
    this.db.logEvent(generation, status, source_job_id, details);
  }

  logAttempt(generation: number, stage: string, status: string, details: Record<string, unknown>): void {
    this.db.logAttempt(generation, stage, status, details);
  }

  close(): void {
    this.db.close();
  }
}
