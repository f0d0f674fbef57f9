// FullStore: the runner's EvolutionStore over the §3 database with every §4-§7 rule. SQLite is
// the truth; a small in-memory index (ranking fields, archive set, job keys, normalised
// embeddings) makes choose() and novelty checks O(island) without reading rows. Each add() is one
// transaction (insert, parent's children_count, archive, best, migration) and the index changes
// only after it commits, so a failed or retried write leaves both consistent.
import type Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { Random } from "../../random.js";
import type { EvolveConfig } from "../config.js";
import type { EvolutionStore, ParentChoice, StoredProgram } from "../store.js";
import { archiveDecision, type ArchiveDecision } from "./archive.js";
import { orderInspirations, selectInspirations } from "./inspirations.js";
import { initializedIslandStats, migrationDue, type Move, planMigration, sampleIsland } from "./islands.js";
import type { Member } from "./member.js";
import { mostSimilarNormalized, type MostSimilar, normalized } from "./novelty.js";
import { isBetter } from "./order.js";
import { PROGRAM_COLUMNS, programToRow, type Row, rowToProgram } from "./rows.js";
import { selectParent } from "./selection.js";
import { jsonText, openRunDatabase, parseJson, withBusyRetry } from "./sqlite.js";

/** The in-memory index entry of one stored program. */
interface Entry extends Member {
  is_copy: boolean;
  embedding: number[] | null;
  unit: Float64Array | null;
}

export type FullStoreConfig = Pick<
  EvolveConfig,
  | "seed" | "num_islands" | "archive_size" | "num_archive_inspirations" | "num_top_k_inspirations" | "elite_selection_ratio"
  | "migration_interval" | "migration_rate" | "island_selection_strategy" | "parent_selection_strategy"
  | "exploitation_alpha" | "exploitation_ratio" | "parent_selection_lambda" | "num_beams"
>;

const META = { best: "best_program_id", bestScore: "best_score_ever", bestGeneration: "best_score_generation", beam: "beam_search_parent_id" };

function toEntry(p: StoredProgram): Entry {
  return {
    id: p.id, correct: p.correct, combined_score: p.combined_score, public_metrics: p.public_metrics, timestamp: p.timestamp,
    children_count: p.children_count, island_idx: p.island_idx, generation: p.generation, is_copy: p.metadata._is_island_copy === true,
    embedding: p.embedding, unit: p.embedding && p.embedding.length > 0 ? normalized(p.embedding) : null,
  };
}

export class FullStore implements EvolutionStore {
  readonly db: Database.Database;
  private readonly entries = new Map<string, Entry>();
  private readonly jobs = new Set<string>();
  private readonly archived = new Set<string>();
  private bestId: string | undefined;
  private readonly statements;

  constructor(
    path: string,
    private readonly config: FullStoreConfig,
  ) {
    this.db = openRunDatabase(path);
    const db = this.db;
    this.statements = {
      insert: db.prepare(`INSERT OR IGNORE INTO programs (${PROGRAM_COLUMNS.join(", ")}) VALUES (${PROGRAM_COLUMNS.map(() => "?").join(", ")})`),
      get: db.prepare("SELECT * FROM programs WHERE id = ?"),
      all: db.prepare("SELECT * FROM programs ORDER BY timestamp, generation"),
      child: db.prepare("UPDATE programs SET children_count = children_count + 1 WHERE id = ?"),
      archiveAdd: db.prepare("INSERT OR IGNORE INTO archive (program_id) VALUES (?)"),
      archiveDrop: db.prepare("DELETE FROM archive WHERE program_id = ?"),
      move: db.prepare(
        "UPDATE programs SET island_idx = ?, migration_history = json_insert(COALESCE(migration_history, '[]'), '$[#]', json(?)) WHERE id = ?",
      ),
      metaGet: db.prepare("SELECT value FROM metadata_store WHERE key = ?"),
      metaSet: db.prepare("INSERT INTO metadata_store (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
      attempt: db.prepare("INSERT INTO attempt_log (generation, stage, status, details, created_at) VALUES (?, ?, ?, ?, ?)"),
      event: db.prepare("INSERT INTO generation_event_log (generation, status, source_job_id, details, created_at) VALUES (?, ?, ?, ?, ?)"),
    };
    this.loadIndex();
  }

  private loadIndex(): void {
    const rows = withBusyRetry(
      () => this.db.prepare("SELECT id, correct, combined_score, public_metrics, timestamp, children_count, island_idx, generation, metadata, embedding, source_job_id FROM programs").all() as Row[],
    );
    for (const row of rows) {
      const p = rowToProgram({ ...row, code: "", language: "" });
      this.entries.set(p.id, toEntry(p));
      if (p.source_job_id) this.jobs.add(p.source_job_id);
    }
    for (const row of withBusyRetry(() => this.db.prepare("SELECT program_id FROM archive").all() as { program_id: string }[])) this.archived.add(row.program_id);
    const best = this.getMeta<string>(META.best);
    this.bestId = best && this.entries.has(best) ? best : undefined;
  }

  evaluatedCount(): number {
    let count = 0;
    for (const e of this.entries.values()) if (!e.is_copy) count += 1;
    return count;
  }

  all(): StoredProgram[] {
    return withBusyRetry(() => this.statements.all.all() as Row[]).map(rowToProgram);
  }

  get(id: string): StoredProgram | undefined {
    const row = withBusyRetry(() => this.statements.get.get(id) as Row | undefined);
    return row ? rowToProgram(row) : undefined;
  }

  best(): StoredProgram | undefined {
    return this.bestId ? this.get(this.bestId) : undefined;
  }

  hasJob(source_job_id: string): boolean {
    return this.jobs.has(source_job_id);
  }

  /** Archive members' index entries. */
  private archiveMembers(): Entry[] {
    const members: Entry[] = [];
    for (const id of this.archived) {
      const e = this.entries.get(id);
      if (e) members.push(e);
    }
    return members;
  }

  private applyArchive(decision: ArchiveDecision, id: string): void {
    if (decision.action === "skip") return;
    if (decision.action === "replace") this.statements.archiveDrop.run(decision.evict);
    this.statements.archiveAdd.run(id);
  }

  private commitArchive(decision: ArchiveDecision, id: string): void {
    if (decision.action === "skip") return;
    if (decision.action === "replace") this.archived.delete(decision.evict);
    this.archived.add(id);
  }

  private writeBest(p: StoredProgram): void {
    this.writeMeta(META.best, p.id);
    this.writeMeta(META.bestScore, p.combined_score);
    this.writeMeta(META.bestGeneration, p.generation);
  }

  seed(initial: StoredProgram): void {
    if (initial.source_job_id !== null && this.jobs.has(initial.source_job_id)) return;
    const programs: StoredProgram[] = [{ ...initial, island_idx: 0 }];
    for (let island = 1; island < this.config.num_islands; island++) {
      programs.push({
        ...initial,
        id: randomUUID(),
        island_idx: island,
        source_job_id: initial.source_job_id === null ? null : `${initial.source_job_id}_island_${island}`,
        metadata: { ...initial.metadata, _is_island_copy: true, _original_program_id: initial.id },
      });
    }
    // The original takes a full archive's worst place by the usual rule; copies only fill free room.
    const decisions: ArchiveDecision[] = [];
    let members = this.archiveMembers();
    programs.forEach((p, i) => {
      const entry = toEntry(p);
      let decision = archiveDecision(entry, members, this.config.archive_size);
      if (i > 0 && decision.action === "replace") decision = { action: "skip" };
      decisions.push(decision);
      if (decision.action === "insert") members = [...members, entry];
      if (decision.action === "replace") members = [...members.filter((m) => m.id !== decision.evict), entry];
    });
    const current = this.bestId ? this.entries.get(this.bestId) : undefined;
    const newBest = !current || isBetter(toEntry(initial), current);
    const inserted = withBusyRetry(() =>
      this.db.transaction(() => {
        if (this.statements.insert.run(...programToRow(programs[0]!)).changes !== 1) return false;
        for (const p of programs.slice(1)) this.statements.insert.run(...programToRow(p));
        programs.forEach((p, i) => this.applyArchive(decisions[i]!, p.id));
        if (newBest) this.writeBest(initial);
        return true;
      })(),
    );
    if (!inserted) return;
    programs.forEach((p, i) => {
      this.entries.set(p.id, toEntry(p));
      if (p.source_job_id) this.jobs.add(p.source_job_id);
      this.commitArchive(decisions[i]!, p.id);
    });
    if (newBest) this.bestId = initial.id;
  }

  /** The migration RNG depends only on the run seed and the generation, so a resumed run migrates alike. */
  private migrationRandom(generation: number): Random {
    return new Random((this.config.seed ^ Math.imul(generation + 1, 0x9e3779b1)) >>> 0);
  }

  add(program: StoredProgram): boolean {
    if (program.source_job_id !== null && this.jobs.has(program.source_job_id)) return false;
    if (this.entries.has(program.id)) return false;
    const entry = toEntry(program);
    const decision = archiveDecision(entry, this.archiveMembers(), this.config.archive_size);
    const current = this.bestId ? this.entries.get(this.bestId) : undefined;
    const newBest = !current || isBetter(entry, current);
    let moves: Move[] = [];
    if (migrationDue(program.generation, this.config)) {
      moves = planMigration([...this.entries.values(), entry], this.config.num_islands, this.config.migration_rate, this.migrationRandom(program.generation));
    }
    const now = Date.now() / 1000;
    const parent = program.parent_id ? this.entries.get(program.parent_id) : undefined;
    const inserted = withBusyRetry(() =>
      this.db.transaction(() => {
        if (this.statements.insert.run(...programToRow(program, program.migration_history ?? [])).changes !== 1) return false;
        if (program.parent_id) this.statements.child.run(program.parent_id);
        this.applyArchive(decision, program.id);
        if (newBest) this.writeBest(program);
        for (const move of moves) {
          this.statements.move.run(move.to, jsonText({ generation: program.generation, from: move.from, to: move.to, timestamp: now }), move.id);
        }
        if (moves.length > 0) this.writeMeta("last_migration_generation", program.generation);
        return true;
      })(),
    );
    if (!inserted) {
      if (program.source_job_id) this.jobs.add(program.source_job_id);
      return false;
    }
    this.entries.set(program.id, entry);
    if (program.source_job_id) this.jobs.add(program.source_job_id);
    if (parent) parent.children_count += 1;
    this.commitArchive(decision, program.id);
    if (newBest) this.bestId = program.id;
    for (const move of moves) {
      const migrant = this.entries.get(move.id);
      if (migrant) migrant.island_idx = move.to;
    }
    return true;
  }

  /** Full programs for index entries (one primary-key read each). */
  private load(entries: readonly Entry[]): StoredProgram[] {
    return entries.map((e) => this.get(e.id)).filter((p): p is StoredProgram => p !== undefined);
  }

  choose(rng: Random): ParentChoice {
    const entries = [...this.entries.values()];
    if (entries.length === 0) throw new RangeError("Database empty: seed the store before choosing a parent");
    const initialized = initializedIslandStats(entries);
    const present = [...new Set(entries.map((e) => e.island_idx))].sort((a, b) => a - b);
    const onIsland = (island: number) => entries.filter((e) => e.island_idx === island);
    if (initialized.length === 0) {
      // Fix mode (§10.3): an incorrect program drawn uniformly from a uniformly drawn island.
      const island = rng.choice(present);
      const parent = this.get(rng.choice(onIsland(island)).id)!;
      return { island, parent, archive_inspirations: [], top_k_inspirations: [], fix_mode: true };
    }
    const uninitialized = present.filter((i) => !initialized.some((s) => s.island === i));
    if (uninitialized.length > 0) {
      // §4.1: some islands initialized, not all: the island's own initial program, no inspirations.
      const island = rng.choice(uninitialized);
      const members = onIsland(island);
      const seedEntry = members.find((e) => e.generation === 0) ?? rng.choice(members);
      const parent = this.get(seedEntry.id)!;
      return { island, parent, archive_inspirations: [], top_k_inspirations: [], fix_mode: !parent.correct };
    }
    let island = sampleIsland(this.config.island_selection_strategy, initialized, rng);
    const best = this.bestId ? this.entries.get(this.bestId) : undefined;
    const beamId = this.getMeta<string>(META.beam);
    const { parent, beam } = selectParent(
      {
        config: this.config,
        island: onIsland(island),
        inArchive: (e) => this.archived.has(e.id),
        best,
        beamParent: beamId ? this.entries.get(beamId) : undefined,
      },
      rng,
    );
    if (beam !== undefined && beam !== beamId) this.setMeta(META.beam, beam);
    // Beam search may keep a parent that migration moved: the proposal follows the parent.
    island = parent.island_idx;
    const { archive, top_k } = selectInspirations(
      {
        parent,
        islandArchive: onIsland(island).filter((e) => e.correct && this.archived.has(e.id)),
        best,
        n: this.config.num_archive_inspirations,
        eliteRatio: this.config.elite_selection_ratio,
        k: this.config.num_top_k_inspirations,
      },
      rng,
    );
    return {
      island,
      parent: this.get(parent.id)!,
      archive_inspirations: this.load(orderInspirations(archive, [])),
      top_k_inspirations: this.load(orderInspirations([], top_k)),
      fix_mode: false,
    };
  }

  islandEmbeddings(island: number): { id: string; embedding: number[] }[] {
    const out: { id: string; embedding: number[] }[] = [];
    for (const e of this.entries.values()) if (e.island_idx === island && e.embedding) out.push({ id: e.id, embedding: e.embedding });
    return out;
  }

  /** §8: the most similar program on an island to a candidate embedding (cosine, from the index). */
  mostSimilarOnIsland(island: number, embedding: readonly number[]): MostSimilar {
    const unit = normalized(embedding);
    const others: { id: string; unit: Float64Array }[] = [];
    for (const e of this.entries.values()) if (e.island_idx === island && e.unit) others.push({ id: e.id, unit: e.unit });
    return mostSimilarNormalized(unit, others);
  }

  /** The store interface's novelty fast path: max cosine on the island and its program (nulls when none). */
  noveltySimilarity(island: number, embedding: ArrayLike<number>): { similarity: number | null; most_similar_id: string | null } {
    const nearest = this.mostSimilarOnIsland(island, Array.from(embedding));
    return nearest.id === undefined ? { similarity: null, most_similar_id: null } : { similarity: nearest.similarity, most_similar_id: nearest.id };
  }

  /** Ids of the archive members. */
  archiveIds(): string[] {
    return [...this.archived];
  }

  /** A program's migration history (§4.3). */
  migrationHistory(id: string): { generation: number; from: number; to: number; timestamp: number }[] {
    const row = this.db.prepare("SELECT migration_history FROM programs WHERE id = ?").get(id) as { migration_history: string } | undefined;
    return parseJson(row?.migration_history, []);
  }

  getMeta<T = unknown>(key: string): T | undefined {
    const row = withBusyRetry(() => this.statements.metaGet.get(key) as { value: string } | undefined);
    return row ? parseJson<T | undefined>(row.value, undefined) : undefined;
  }

  private writeMeta(key: string, value: unknown): void {
    this.statements.metaSet.run(key, jsonText(value));
  }

  setMeta(key: string, value: unknown): void {
    withBusyRetry(() => this.writeMeta(key, value));
  }

  logAttempt(generation: number, stage: string, status: string, details: Record<string, unknown>): void {
    withBusyRetry(() => this.statements.attempt.run(generation, stage, status, jsonText(details), Date.now() / 1000));
  }

  /** A failure or stop event into generation_event_log (§3.2). */
  logEvent(generation: number | null, status: string, source_job_id: string | null, details: Record<string, unknown>): void {
    withBusyRetry(() => this.statements.event.run(generation, status, source_job_id, jsonText(details), Date.now() / 1000));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
