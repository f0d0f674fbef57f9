// The run's SQLite file (evolve.md §3.1, §3.2): better-sqlite3 in WAL mode with the spec's pragmas,
// every table and index created when missing, JSON text with NaN/±Infinity written as null, and
// SQLITE_BUSY/LOCKED retried 5 times from 0.1 s doubling (upstream's db_retry).
import Database from "better-sqlite3";

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS programs (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  language TEXT NOT NULL,
  parent_id TEXT,
  archive_inspiration_ids TEXT,
  top_k_inspiration_ids TEXT,
  generation INTEGER NOT NULL,
  timestamp REAL NOT NULL,
  code_diff TEXT,
  combined_score REAL,
  public_metrics TEXT,
  private_metrics TEXT,
  text_feedback TEXT,
  correct INTEGER NOT NULL DEFAULT 0,
  children_count INTEGER NOT NULL DEFAULT 0,
  complexity REAL,
  embedding TEXT,
  embedding_pca_2d TEXT,
  embedding_pca_3d TEXT,
  embedding_cluster_id INTEGER,
  island_idx INTEGER,
  migration_history TEXT,
  system_prompt_id TEXT,
  metadata TEXT,
  source_job_id TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS idx_programs_generation ON programs(generation);
CREATE INDEX IF NOT EXISTS idx_programs_timestamp ON programs(timestamp);
CREATE INDEX IF NOT EXISTS idx_programs_complexity ON programs(complexity);
CREATE INDEX IF NOT EXISTS idx_programs_parent ON programs(parent_id);
CREATE INDEX IF NOT EXISTS idx_programs_children_count ON programs(children_count);
CREATE INDEX IF NOT EXISTS idx_programs_island ON programs(island_idx);
CREATE INDEX IF NOT EXISTS idx_programs_system_prompt ON programs(system_prompt_id);
CREATE TABLE IF NOT EXISTS archive (program_id TEXT PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS metadata_store (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS generation_event_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, generation INTEGER, status TEXT, source_job_id TEXT, details TEXT, created_at REAL
);
CREATE TABLE IF NOT EXISTS attempt_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, generation INTEGER, stage TEXT, status TEXT, details TEXT, created_at REAL
);
`;

/** Opens (creating if needed) a run database with the §3.1 pragmas and the §3.2 schema. */
export function openRunDatabase(path: string): Database.Database {
  if (typeof path !== "string" || path === "") throw new TypeError("path must be a non-empty string");
  const db = withBusyRetry(() => new Database(path));
  withBusyRetry(() => {
    db.pragma("busy_timeout = 60000");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("cache_size = -65536");
    db.pragma("foreign_keys = ON");
    db.exec(SCHEMA);
  });
  return db;
}

/** JSON text for a column; non-finite numbers anywhere inside become null (SQLite JSON has no NaN). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v)) ?? "null";
}

export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== "string" || text === "") return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    // A corrupt cell must not make the whole run unreadable.
    return fallback;
  }
}

const RETRIES = 5;
const FIRST_DELAY_MS = 100;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs a synchronous database step, retrying SQLITE_BUSY/LOCKED up to 5 times with 0.1 s doubling
 * delays. better-sqlite3 is synchronous, so the wait blocks too; busy_timeout makes it rare.
 */
export function withBusyRetry<T>(step: () => T, sleep: (ms: number) => void = sleepSync): T {
  let delay = FIRST_DELAY_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (error) {
      if (!isBusy(error) || attempt >= RETRIES) throw error;
      sleep(delay);
      delay *= 2;
    }
  }
}
