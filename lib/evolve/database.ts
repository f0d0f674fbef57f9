// The program database (evolve.md §3): one SQLite file per run through better-sqlite3 (WAL and the
// §3.1 pragmas), the §3.2 tables, inserts idempotent on source_job_id so a runner that crashed
// between evaluating a candidate and storing it can store it again with the same key.
//
// One writer per file (§3.1). Every program is also kept in memory, in insertion order, because
// parent selection, inspirations and novelty read whole islands for every proposal; reading and
// parsing thousands of rows each time would cost far more than the 10 ms per candidate we allow.
// The memory copy is updated by every write made through this object.
import Database from "better-sqlite3";
import { type MigrationRecord, type Program, bestOf, isBetter, scoreOf } from "./program.js";
import { parseJson, toJsonText } from "./database/json.js";
import { BackgroundCheckpointer } from "./database/checkpointer.js";
import { withRetry } from "./database/retry.js";
import { PROGRAM_COLUMNS, type Row, fromRow, toRow } from "./database/rows.js";
import { PRAGMAS, SCHEMA } from "./database/schema.js";

export interface ProgramQuery {
  island?: number;
  correct_only?: boolean;
  /** Leave out the copies of generation 0 made for islands 1..N-1 (§4.1). */
  exclude_island_copies?: boolean;
}

export interface AttemptLogEntry {
  id: number;
  generation: number;
  stage: string;
  status: string;
  details: Record<string, unknown>;
  created_at: number;
}

export interface GenerationEvent {
  id: number;
  generation: number;
  status: string;
  source_job_id: string | null;
  details: Record<string, unknown>;
  created_at: number;
}

const now = () => Date.now() / 1000;

export const isIslandCopy = (p: Pick<Program, "metadata">): boolean => p.metadata?._is_island_copy === true;

/** One island's programs in insertion order, and its best correct combined_score (§4.1, §4.2). */
export interface IslandMembers {
  readonly members: readonly Program[];
  readonly best_correct_score: number | undefined;
}

interface IslandList {
  members: Program[];
  best_correct_score: number | undefined;
}

export class ProgramDatabase {
  private readonly cache = new Map<string, Program>();
  /**
   * Per-island lists, so choosing a parent reads one island instead of every program. Rebuilt in
   * one pass when a move has made them stale (a migration moves hundreds of programs at once).
   */
  private islandLists: Map<number, IslandList> | undefined;
  /** metadata_store values as stored (JSON text): read on every proposal, written rarely. */
  private readonly metaText = new Map<string, string | undefined>();
  /** Each program's position in insertion order (the order programs() returns). */
  private readonly insertionOrder = new Map<string, number>();
  private readonly byJob = new Map<string, string>();
  private archiveSet = new Set<string>();
  private readonly insertStatement: Database.Statement;
  private checkpointer: BackgroundCheckpointer | undefined;
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
  ) {
    const placeholders = PROGRAM_COLUMNS.map((c) => `@${c}`).join(", ");
    this.insertStatement = db.prepare(`INSERT INTO programs (${PROGRAM_COLUMNS.join(", ")}) VALUES (${placeholders})`);
    this.reload();
  }

  /** Opens (creating if missing) the database file; `:memory:` works for tests. */
  static open(path: string, options: { readonly?: boolean } = {}): ProgramDatabase {
    if (typeof path !== "string" || path === "") throw new TypeError("path must be a non-empty string");
    const db = new Database(path, options.readonly ? { readonly: true, fileMustExist: true } : {});
    try {
      for (const pragma of PRAGMAS) {
        if (options.readonly && pragma.startsWith("journal_mode")) continue;
        withRetry(() => db.pragma(pragma));
      }
      if (!options.readonly) withRetry(() => db.exec(SCHEMA));
      const opened = new ProgramDatabase(path, db);
      if (!options.readonly && path !== ":memory:" && !path.startsWith("file:") && process.env.TANSAKU_SQLITE_CHECKPOINT !== "writer") {
        // Checkpoints move to a worker thread (checkpointer.ts); TANSAKU_SQLITE_CHECKPOINT=writer keeps SQLite's own.
        opened.checkpointer = new BackgroundCheckpointer(path);
        withRetry(() => db.pragma("wal_autocheckpoint = 0"));
      }
      return opened;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Re-reads every program and the archive from the file (e.g. after another writer). */
  reload(): void {
    this.cache.clear();
    this.byJob.clear();
    this.islandLists = undefined;
    this.metaText.clear();
    this.insertionOrder.clear();
    const rows = withRetry(() => this.statement("SELECT * FROM programs ORDER BY rowid").all() as Row[]);
    for (const row of rows) this.remember(fromRow(row));
    this.archiveSet = new Set(withRetry(() => this.db.prepare("SELECT program_id FROM archive ORDER BY rowid").pluck().all() as string[]));
  }

  /** Prepared once per SQL text: preparing costs more than running these small statements. */
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) this.statements.set(sql, (prepared = this.db.prepare(sql)));
    return prepared;
  }

  private remember(p: Program): void {
    if (!this.insertionOrder.has(p.id)) this.insertionOrder.set(p.id, this.insertionOrder.size);
    this.cache.set(p.id, p);
    if (p.source_job_id !== null) this.byJob.set(p.source_job_id, p.id);
    if (this.islandLists) addToList(this.islandLists, p);
  }

  private lists(): Map<number, IslandList> {
    if (!this.islandLists) {
      const lists = new Map<number, IslandList>();
      for (const p of this.cache.values()) addToList(lists, p);
      this.islandLists = lists;
    }
    return this.islandLists;
  }

  /** A program's position in insertion order (-1 when unknown). */
  insertionIndex(id: string): number {
    return this.insertionOrder.get(id) ?? -1;
  }

  /** One island's programs in insertion order (the database's own objects and array: read-only). */
  islandMembers(island: number): IslandMembers {
    return this.lists().get(island) ?? { members: [], best_correct_score: undefined };
  }

  /** Runs fn in one transaction (nested calls become savepoints), retried when the file is busy. */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    // A rolled-back transaction may have changed the memory copy; re-read it so both agree.
    return withRetry(() => {
      try {
        return this.db.transaction(fn).immediate();
      } catch (error) {
        this.reload();
        throw error;
      }
    });
  }

  /**
   * Stores a program. Idempotent on source_job_id: returns false (and changes nothing) when a
   * program with the same key is already stored. Another program with the same id is an error.
   */
  insertProgram(p: Program): boolean {
    if (typeof p?.id !== "string" || p.id === "") throw new TypeError("program.id must be a non-empty string");
    if (!Number.isInteger(p.generation) || p.generation < 0) throw new RangeError(`program.generation must be an integer >= 0, got ${p.generation}`);
    if (!Number.isInteger(p.island_idx) || p.island_idx < 0) throw new RangeError(`program.island_idx must be an integer >= 0, got ${p.island_idx}`);
    if (p.source_job_id !== null && p.source_job_id !== undefined && this.byJob.has(p.source_job_id)) return false;
    const row = toRow(p);
    try {
      withRetry(() => this.insertStatement.run(row));
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" && p.source_job_id != null) {
        // Stored by another connection since our last read.
        return false;
      }
      throw error;
    }
    // Keep exactly what a re-open would read back (NaN -> 0, etc.).
    this.remember(fromRow(row));
    return true;
  }

  hasJob(source_job_id: string): boolean {
    return this.byJob.has(source_job_id);
  }

  getProgram(id: string): Program | undefined {
    return this.cache.get(id);
  }

  getByJob(source_job_id: string): Program | undefined {
    const id = this.byJob.get(source_job_id);
    return id === undefined ? undefined : this.cache.get(id);
  }

  /** Programs in insertion order. The objects are the database's own: treat them as read-only. */
  programs(query: ProgramQuery = {}): Program[] {
    const out: Program[] = [];
    const source = query.island === undefined ? this.cache.values() : this.islandMembers(query.island).members;
    for (const p of source) {
      if (query.correct_only && !p.correct) continue;
      if (query.exclude_island_copies && isIslandCopy(p)) continue;
      out.push(p);
    }
    return out;
  }

  count(query: ProgramQuery = {}): number {
    if (!query.correct_only && !query.exclude_island_copies) {
      return query.island === undefined ? this.cache.size : this.islandMembers(query.island).members.length;
    }
    return this.programs(query).length;
  }

  /** Island indices that hold at least one program, ascending. */
  islands(): number[] {
    return [...this.lists().entries()]
      .filter(([, list]) => list.members.length > 0)
      .map(([island]) => island)
      .sort((a, b) => a - b);
  }

  /** The program named by best_program_id, else the best stored one by §3.3. */
  best(): Program | undefined {
    const id = this.getMeta<string>("best_program_id");
    const named = typeof id === "string" ? this.cache.get(id) : undefined;
    return named ?? bestOf(this.cache.values());
  }

  /** Records p as the best program when it beats the current one (§2 completion). */
  noteBest(p: Program): boolean {
    const current = this.best();
    if (current !== undefined && current.id !== p.id && !isBetter(p, current)) return false;
    this.transaction(() => {
      this.setMeta("best_program_id", p.id);
      this.setMeta("best_score_ever", p.combined_score);
      this.setMeta("best_score_generation", p.generation);
    });
    return true;
  }

  incrementChildren(id: string): void {
    const p = this.cache.get(id);
    if (!p) throw new RangeError(`no program with id ${id}`);
    withRetry(() => this.statement("UPDATE programs SET children_count = children_count + 1 WHERE id = ?").run(id));
    p.children_count += 1;
  }

  /** Moves a program to another island and appends the move to its migration_history (§4.3). */
  moveToIsland(id: string, record: MigrationRecord): void {
    const p = this.cache.get(id);
    if (!p) throw new RangeError(`no program with id ${id}`);
    const history = [...(p.migration_history ?? []), record];
    withRetry(() =>
      this.statement("UPDATE programs SET island_idx = ?, migration_history = ? WHERE id = ?").run(record.to, toJsonText(history), id),
    );
    p.island_idx = record.to;
    p.migration_history = history;
    this.islandLists = undefined;
  }

  /** Sets derived fields computed after insertion (embedding, complexity, PCA, cluster, metadata). */
  updateDerived(
    id: string,
    fields: Partial<Pick<Program, "embedding" | "embedding_pca_2d" | "embedding_pca_3d" | "embedding_cluster_id" | "complexity" | "metadata">>,
  ): void {
    const p = this.cache.get(id);
    if (!p) throw new RangeError(`no program with id ${id}`);
    const merged = fromRow(toRow({ ...p, ...fields }));
    const row = toRow(merged);
    const keys = Object.keys(fields).filter((k) => k in row);
    if (keys.length === 0) return;
    withRetry(() =>
      this.statement(`UPDATE programs SET ${keys.map((k) => `${k} = @${k}`).join(", ")} WHERE id = @id`).run(
        Object.fromEntries([["id", id], ...keys.map((k) => [k, row[k]])]),
      ),
    );
    Object.assign(p, Object.fromEntries(keys.map((k) => [k, merged[k as keyof Program]])));
  }

  /**
   * Writes the embedding map (PCA coordinates and cluster IDs) of many programs in one transaction;
   * programs the map leaves out get nulls, so no stale coordinates remain.
   */
  setEmbeddingMap(entries: readonly { id: string; pca_2d: number[]; pca_3d: number[]; cluster_id: number }[]): void {
    const update = this.statement("UPDATE programs SET embedding_pca_2d = ?, embedding_pca_3d = ?, embedding_cluster_id = ? WHERE id = ?");
    const mapped = new Map(entries.map((e) => [e.id, e]));
    this.transaction(() => {
      for (const p of this.cache.values()) {
        const e = mapped.get(p.id);
        const pca2d = e ? e.pca_2d.map((x) => (Number.isFinite(x) ? x : 0)) : null;
        const pca3d = e ? e.pca_3d.map((x) => (Number.isFinite(x) ? x : 0)) : null;
        const cluster = e ? e.cluster_id : null;
        if (p.embedding_cluster_id === cluster && sameNumbers(p.embedding_pca_2d, pca2d) && sameNumbers(p.embedding_pca_3d, pca3d)) continue;
        withRetry(() => update.run(pca2d && toJsonText(pca2d), pca3d && toJsonText(pca3d), cluster, p.id));
        p.embedding_pca_2d = pca2d;
        p.embedding_pca_3d = pca3d;
        p.embedding_cluster_id = cluster;
      }
    });
  }

  // --- archive (§5) ---

  archiveIds(): string[] {
    return [...this.archiveSet];
  }

  /** The archive's IDs without a copy (the database's own set: read-only). */
  archiveIdSet(): ReadonlySet<string> {
    return this.archiveSet;
  }

  inArchive(id: string): boolean {
    return this.archiveSet.has(id);
  }

  archiveMembers(): Program[] {
    const out: Program[] = [];
    for (const id of this.archiveSet) {
      const p = this.cache.get(id);
      if (p) out.push(p);
    }
    return out;
  }

  addToArchive(id: string): void {
    if (!this.cache.has(id)) throw new RangeError(`no program with id ${id}`);
    withRetry(() => this.statement("INSERT OR IGNORE INTO archive (program_id) VALUES (?)").run(id));
    this.archiveSet.add(id);
  }

  removeFromArchive(id: string): void {
    withRetry(() => this.statement("DELETE FROM archive WHERE program_id = ?").run(id));
    this.archiveSet.delete(id);
  }

  // --- metadata_store ---

  getMeta<T = unknown>(key: string): T | undefined {
    let text: string | undefined;
    if (this.metaText.has(key)) text = this.metaText.get(key);
    else {
      const row = withRetry(() => this.statement("SELECT value FROM metadata_store WHERE key = ?").get(key)) as { value: string } | undefined;
      text = row?.value;
      this.metaText.set(key, text);
    }
    return text === undefined ? undefined : parseJson<T | undefined>(text, undefined);
  }

  setMeta(key: string, value: unknown): void {
    if (typeof key !== "string" || key === "") throw new TypeError("key must be a non-empty string");
    const text = toJsonText(value ?? null);
    this.metaText.delete(key);
    withRetry(() =>
      this.statement("INSERT INTO metadata_store (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, text),
    );
    this.metaText.set(key, text);
  }

  // --- logs ---

  /** A terminal failed proposal (§2): never a program row. */
  logAttempt(generation: number, stage: string, status: string, details: Record<string, unknown> = {}): void {
    withRetry(() =>
      this.statement("INSERT INTO attempt_log (generation, stage, status, details, created_at) VALUES (?, ?, ?, ?, ?)")
        .run(generation, stage, status, toJsonText(details), now()),
    );
  }

  attempts(): AttemptLogEntry[] {
    const rows = withRetry(() => this.statement("SELECT * FROM attempt_log ORDER BY id").all() as Row[]);
    return rows.map((r) => ({
      id: Number(r.id),
      generation: Number(r.generation),
      stage: String(r.stage),
      status: String(r.status),
      details: parseJson(r.details, {}),
      created_at: Number(r.created_at),
    }));
  }

  /** Failures and stop events per generation (generation_event_log). */
  logEvent(generation: number, status: string, source_job_id: string | null = null, details: Record<string, unknown> = {}): void {
    withRetry(() =>
      this.statement("INSERT INTO generation_event_log (generation, status, source_job_id, details, created_at) VALUES (?, ?, ?, ?, ?)")
        .run(generation, status, source_job_id, toJsonText(details), now()),
    );
  }

  events(): GenerationEvent[] {
    const rows = withRetry(() => this.statement("SELECT * FROM generation_event_log ORDER BY id").all() as Row[]);
    return rows.map((r) => ({
      id: Number(r.id),
      generation: Number(r.generation),
      status: String(r.status),
      source_job_id: (r.source_job_id as string | null) ?? null,
      details: parseJson(r.details, {}),
      created_at: Number(r.created_at),
    }));
  }

  /** PRAGMA integrity_check's first line ("ok" when the file is sound). */
  integrityCheck(): string {
    return String(withRetry(() => this.db.pragma("integrity_check", { simple: true })));
  }

  close(): void {
    // The checkpointer's connection first: then ours is the last, and closing it folds the WAL into the file.
    this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}

function addToList(lists: Map<number, IslandList>, p: Program): void {
  let list = lists.get(p.island_idx);
  if (!list) lists.set(p.island_idx, (list = { members: [], best_correct_score: undefined }));
  list.members.push(p);
  if (p.correct) {
    const score = scoreOf(p);
    if (list.best_correct_score === undefined || score > list.best_correct_score) list.best_correct_score = score;
  }
}

function sameNumbers(a: readonly number[] | null | undefined, b: readonly number[] | null): boolean {
  if (a === null || a === undefined || b === null) return (a ?? null) === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
