// The runner's EvolutionStore over the database part: ProgramDatabase for storage, islands.ts
// for seeding, island sampling and migration, archive.ts for the archive, and the selection
// rules for parents and inspirations. One transaction per stored program (insert, parent's
// children_count, archive, best, migration), so a crash leaves all of it or none.
import { randomUUID } from "node:crypto";
import { Random } from "../random.js";
import { updateArchive } from "./archive.js";
import type { EvolveConfig } from "./config.js";
import { isIslandCopy, ProgramDatabase } from "./database.js";
import { initializedIslands, islandCopies, islandStats, planMigration, sampleIsland, shouldMigrate } from "./islands.js";
import type { Program } from "./program.js";
import { chooseInspirations, chooseParent } from "./selection-adapter.js";
import type { EvolutionStore, ParentChoice, StoredProgram } from "./store.js";

export class DatabaseStore implements EvolutionStore {
  readonly db: ProgramDatabase;

  constructor(
    path: string,
    private readonly config: EvolveConfig,
  ) {
    this.db = ProgramDatabase.open(path);
  }

  evaluatedCount(): number {
    return this.db.count({ exclude_island_copies: true });
  }

  all(): StoredProgram[] {
    return this.db.programs() as StoredProgram[];
  }

  get(id: string): StoredProgram | undefined {
    return this.db.getProgram(id) as StoredProgram | undefined;
  }

  best(): StoredProgram | undefined {
    return this.db.best() as StoredProgram | undefined;
  }

  hasJob(source_job_id: string): boolean {
    return this.db.hasJob(source_job_id);
  }

  seed(initial: StoredProgram): void {
    const program = { ...initial, island_idx: 0, migration_history: [] } as Program;
    this.db.transaction(() => {
      if (!this.db.insertProgram(program)) return;
      this.afterInsert(program);
      for (const copy of islandCopies(program, this.config.num_islands, () => randomUUID())) {
        this.db.insertProgram(copy);
        if (copy.correct) updateArchive(this.db, copy, { archive_size: this.config.archive_size });
      }
    });
  }

  add(program: StoredProgram): boolean {
    const p = { ...program, migration_history: [] } as Program;
    return this.db.transaction(() => {
      if (!this.db.insertProgram(p)) return false;
      if (p.parent_id && this.db.getProgram(p.parent_id)) this.db.incrementChildren(p.parent_id);
      this.afterInsert(p);
      if (shouldMigrate(p.generation, this.config)) {
        const moves = planMigration(
          this.db.programs(),
          { num_islands: this.config.num_islands, migration_rate: this.config.migration_rate, generation: p.generation, timestamp: Date.now() / 1000 },
          new Random(this.config.seed * 7919 + p.generation),
        );
        for (const { id, ...record } of moves) this.db.moveToIsland(id, record);
      }
      return true;
    });
  }

  private afterInsert(p: Program): void {
    if (p.correct) updateArchive(this.db, p, { archive_size: this.config.archive_size });
    this.db.noteBest(p);
  }

  choose(rng: Random): ParentChoice {
    const programs = this.db.programs();
    const stats = islandStats(programs, Math.max(this.config.num_islands, ...programs.map((p) => p.island_idx + 1)));
    const initialized = initializedIslands(stats);
    if (initialized.length === 0) {
      // Fix mode (§10.3): no correct program anywhere; repair an incorrect one.
      const islands = stats.filter((s) => s.count > 0).map((s) => s.island);
      const island = rng.choice(islands);
      const parent = rng.choice(programs.filter((p) => p.island_idx === island)) as StoredProgram;
      return { island, parent, archive_inspirations: [], top_k_inspirations: [], fix_mode: true };
    }
    const island = sampleIsland(this.config.island_selection_strategy, stats, rng);
    const parent = chooseParent(this.db, this.config, island, rng);
    const { archive, top_k } = chooseInspirations(this.db, this.config, parent, rng);
    return { island, parent: parent as StoredProgram, archive_inspirations: archive as StoredProgram[], top_k_inspirations: top_k as StoredProgram[], fix_mode: false };
  }

  islandEmbeddings(island: number): { id: string; embedding: number[] }[] {
    const out: { id: string; embedding: number[] }[] = [];
    for (const p of this.db.programs({ island })) if (p.embedding) out.push({ id: p.id, embedding: p.embedding });
    return out;
  }

  getMeta<T = unknown>(key: string): T | undefined {
    return this.db.getMeta<T>(key);
  }

  setMeta(key: string, value: unknown): void {
    this.db.setMeta(key, value);
  }

  logAttempt(generation: number, stage: string, status: string, details: Record<string, unknown>): void {
    this.db.logAttempt(generation, stage, status, details);
  }

  close(): void {
    this.db.close();
  }
}

export { isIslandCopy };
