// A minimal EvolutionStore over SQLite (the §3.2 tables the runner touches), used while the full
// database part (islands samplers, archive strategies, every selection rule, migration) is not
// available. Selection here is the spec's default: uniform island, weighted parent (§6),
// best + random archive inspirations and top-k (§7), fitness archive (§5).
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { Random } from "../random.js";
import type { EvolveConfig } from "./config.js";
import { planMigration, sampleIslandBy, selectParentBy } from "./simple-selection.js";
import type { EvolutionStore, ParentChoice, StoredProgram } from "./store.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS programs (
  id TEXT PRIMARY KEY, code TEXT NOT NULL, language TEXT NOT NULL, parent_id TEXT,
  archive_inspiration_ids TEXT, top_k_inspiration_ids TEXT, generation INTEGER NOT NULL, timestamp REAL NOT NULL,
  code_diff TEXT, combined_score REAL, public_metrics TEXT, private_metrics TEXT, text_feedback TEXT,
  correct INTEGER NOT NULL DEFAULT 0, children_count INTEGER NOT NULL DEFAULT 0, complexity REAL, embedding TEXT,
  embedding_pca_2d TEXT, embedding_pca_3d TEXT, embedding_cluster_id INTEGER, island_idx INTEGER,
  migration_history TEXT, system_prompt_id TEXT, metadata TEXT, source_job_id TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS idx_programs_generation ON programs(generation);
CREATE INDEX IF NOT EXISTS idx_programs_island ON programs(island_idx);
CREATE INDEX IF NOT EXISTS idx_programs_parent ON programs(parent_id);
CREATE TABLE IF NOT EXISTS archive (program_id TEXT PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS metadata_store (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS attempt_log (id INTEGER PRIMARY KEY AUTOINCREMENT, generation INTEGER, stage TEXT, status TEXT, details TEXT, created_at REAL);
CREATE TABLE IF NOT EXISTS generation_event_log (id INTEGER PRIMARY KEY AUTOINCREMENT, generation INTEGER, status TEXT, source_job_id TEXT, details TEXT, created_at REAL);
`;

type Row = Record<string, unknown>;

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v));

function fromRow(row: Row): StoredProgram {
  const parse = <T>(text: unknown, fallback: T): T => (typeof text === "string" && text !== "" ? (JSON.parse(text) as T) : fallback);
  return {
    id: String(row.id),
    code: String(row.code),
    language: String(row.language),
    parent_id: (row.parent_id as string | null) ?? null,
    archive_inspiration_ids: parse(row.archive_inspiration_ids, []),
    top_k_inspiration_ids: parse(row.top_k_inspiration_ids, []),
    generation: Number(row.generation),
    timestamp: Number(row.timestamp),
    code_diff: (row.code_diff as string | null) ?? null,
    combined_score: Number(row.combined_score ?? 0),
    public_metrics: parse(row.public_metrics, {}),
    private_metrics: parse(row.private_metrics, {}),
    text_feedback: String(row.text_feedback ?? ""),
    correct: Number(row.correct) === 1,
    children_count: Number(row.children_count ?? 0),
    complexity: (row.complexity as number | null) ?? null,
    embedding: parse(row.embedding, null),
    island_idx: Number(row.island_idx ?? 0),
    metadata: parse(row.metadata, {}),
    source_job_id: (row.source_job_id as string | null) ?? null,
  };
}

/** §3.3: correct first, then score, a tie to the newer program. */
export function isBetterProgram(a: StoredProgram, b: StoredProgram): boolean {
  if (a.correct !== b.correct) return a.correct;
  if (a.combined_score !== b.combined_score) return a.combined_score > b.combined_score;
  return a.timestamp >= b.timestamp;
}

export class SimpleStore implements EvolutionStore {
  private readonly db: Database.Database;

  constructor(
    path: string,
    private readonly config: EvolveConfig,
  ) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 60000");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA);
  }

  evaluatedCount(): number {
    return this.all().filter((p) => !p.metadata._is_island_copy).length;
  }

  all(): StoredProgram[] {
    return (this.db.prepare("SELECT * FROM programs ORDER BY timestamp, generation").all() as Row[]).map(fromRow);
  }

  get(id: string): StoredProgram | undefined {
    const row = this.db.prepare("SELECT * FROM programs WHERE id = ?").get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  best(): StoredProgram | undefined {
    const id = this.getMeta<string>("best_program_id");
    return id ? this.get(id) : undefined;
  }

  hasJob(source_job_id: string): boolean {
    return this.db.prepare("SELECT 1 FROM programs WHERE source_job_id = ?").get(source_job_id) !== undefined;
  }

  private insertRow(p: StoredProgram): boolean {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO programs (id, code, language, parent_id, archive_inspiration_ids, top_k_inspiration_ids, generation,
         timestamp, code_diff, combined_score, public_metrics, private_metrics, text_feedback, correct, children_count, complexity,
         embedding, island_idx, migration_history, metadata, source_job_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.id, p.code, p.language, p.parent_id, json(p.archive_inspiration_ids), json(p.top_k_inspiration_ids), p.generation,
        p.timestamp, p.code_diff, Number.isFinite(p.combined_score) ? p.combined_score : 0, json(p.public_metrics),
        json(p.private_metrics), p.text_feedback, p.correct ? 1 : 0, p.children_count, p.complexity,
        p.embedding ? json(p.embedding) : null, p.island_idx, "[]", json(p.metadata), p.source_job_id,
      );
    return result.changes === 1;
  }

  private noteBest(p: StoredProgram): void {
    const best = this.best();
    if (!best || isBetterProgram(p, best)) {
      this.setMeta("best_program_id", p.id);
      this.setMeta("best_score_ever", p.combined_score);
      this.setMeta("best_score_generation", p.generation);
    }
  }

  private archive(p: StoredProgram): void {
    if (!p.correct) return;
    const members = (this.db.prepare("SELECT program_id FROM archive").all() as { program_id: string }[]).map((r) => this.get(r.program_id)!);
    if (members.length < this.config.archive_size) {
      this.db.prepare("INSERT OR IGNORE INTO archive (program_id) VALUES (?)").run(p.id);
      return;
    }
    let worst = members[0]!;
    for (const m of members) if (isBetterProgram(worst, m)) worst = m;
    if (isBetterProgram(p, worst)) {
      this.db.prepare("DELETE FROM archive WHERE program_id = ?").run(worst.id);
      this.db.prepare("INSERT INTO archive (program_id) VALUES (?)").run(p.id);
    }
  }

  seed(initial: StoredProgram): void {
    this.db.transaction(() => {
      if (!this.insertRow({ ...initial, island_idx: 0 })) return;
      this.archive(initial);
      this.noteBest(initial);
      for (let island = 1; island < this.config.num_islands; island++) {
        const copy: StoredProgram = {
          ...initial,
          id: randomUUID(),
          island_idx: island,
          source_job_id: `${initial.source_job_id}_island_${island}`,
          metadata: { ...initial.metadata, _is_island_copy: true, _original_program_id: initial.id },
        };
        this.insertRow(copy);
        this.archive(copy);
      }
    })();
  }

  add(program: StoredProgram): boolean {
    return this.db.transaction(() => {
      if (!this.insertRow(program)) return false;
      if (program.parent_id) this.db.prepare("UPDATE programs SET children_count = children_count + 1 WHERE id = ?").run(program.parent_id);
      this.archive(program);
      this.noteBest(program);
      this.maybeMigrate(program.generation);
      return true;
    })();
  }

  /** §4.3: after a program of generation g > 0 with g % migration_interval == 0. */
  private maybeMigrate(generation: number): void {
    const { migration_interval, migration_rate, num_islands, seed } = this.config;
    if (generation <= 0 || generation % migration_interval !== 0) return;
    const moves = planMigration(this.all(), num_islands, migration_rate, new Random(seed * 7919 + generation));
    const now = Date.now() / 1000;
    const update = this.db.prepare(
      "UPDATE programs SET island_idx = ?, migration_history = json_insert(COALESCE(migration_history, '[]'), '$[#]', json(?)) WHERE id = ?",
    );
    for (const move of moves) update.run(move.to, JSON.stringify({ generation, from: move.from, to: move.to, timestamp: now }), move.id);
    if (moves.length > 0) this.setMeta("last_migration_generation", generation);
  }

  private archiveIds(): Set<string> {
    return new Set((this.db.prepare("SELECT program_id FROM archive").all() as { program_id: string }[]).map((r) => r.program_id));
  }

  choose(rng: Random): ParentChoice {
    const programs = this.all();
    const islands = [...new Set(programs.map((p) => p.island_idx))].sort((a, b) => a - b);
    const initialized = islands.filter((i) => programs.some((p) => p.island_idx === i && p.correct));
    if (initialized.length === 0) {
      // Fix mode: an incorrect program to repair.
      const island = rng.choice(islands);
      const parent = rng.choice(programs.filter((p) => p.island_idx === island));
      return { island, parent, archive_inspirations: [], top_k_inspirations: [], fix_mode: true };
    }
    const island = sampleIslandBy(
      this.config.island_selection_strategy,
      initialized.map((i) => {
        const members = programs.filter((p) => p.island_idx === i);
        return { island: i, count: members.length, best: Math.max(...members.filter((p) => p.correct).map((p) => p.combined_score)) };
      }),
      rng,
    );
    const archive = this.archiveIds();
    const onIsland = programs.filter((p) => p.island_idx === island && p.correct);
    const beamId = this.getMeta<string>("beam_search_parent_id");
    const best = this.best();
    const { parent, beam } = selectParentBy(
      {
        config: this.config,
        archived: onIsland.filter((p) => archive.has(p.id)),
        correct: onIsland,
        ...(beamId ? { beamParent: programs.find((p) => p.id === beamId) } : {}),
        ...(best ? { best } : {}),
      },
      rng,
    );
    if (beam !== undefined && beam !== beamId) this.setMeta("beam_search_parent_id", beam);
    const members = onIsland.filter((p) => archive.has(p.id) && p.id !== parent.id);
    const byScore = [...members].sort((a, b) => b.combined_score - a.combined_score);
    const chosen: StoredProgram[] = [];
    const n = this.config.num_archive_inspirations;
    if (n > 0 && byScore[0]) chosen.push(byScore[0]);
    const elites = Math.floor(n * this.config.elite_selection_ratio);
    for (const p of byScore) if (chosen.length < Math.min(n, 1 + elites) && !chosen.includes(p)) chosen.push(p);
    const rest = members.filter((p) => !chosen.includes(p));
    for (const i of rng.sampleIndices(rest.length, Math.min(rest.length, n - chosen.length))) chosen.push(rest[i]!);
    const topK = byScore.filter((p) => !chosen.includes(p)).slice(0, this.config.num_top_k_inspirations);
    const ascending = (a: StoredProgram, b: StoredProgram) => a.combined_score - b.combined_score;
    return { island, parent, archive_inspirations: chosen.sort(ascending), top_k_inspirations: topK.sort(ascending), fix_mode: false };
  }

  islandEmbeddings(island: number): { id: string; embedding: number[] }[] {
    const rows = this.db.prepare("SELECT id, embedding FROM programs WHERE island_idx = ? AND embedding IS NOT NULL").all(island) as Row[];
    return rows.map((r) => ({ id: String(r.id), embedding: JSON.parse(String(r.embedding)) as number[] }));
  }

  getMeta<T = unknown>(key: string): T | undefined {
    const row = this.db.prepare("SELECT value FROM metadata_store WHERE key = ?").get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setMeta(key: string, value: unknown): void {
    this.db.prepare("INSERT INTO metadata_store (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, json(value));
  }

  logAttempt(generation: number, stage: string, status: string, details: Record<string, unknown>): void {
    this.db.prepare("INSERT INTO attempt_log (generation, stage, status, details, created_at) VALUES (?, ?, ?, ?, ?)").run(generation, stage, status, json(details), Date.now() / 1000);
  }

  close(): void {
    this.db.close();
  }
}
