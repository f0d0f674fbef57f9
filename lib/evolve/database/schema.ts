// The SQLite schema of evolve.md §3.2 (Shinka's tables plus tansaku's idempotency key) and the
// connection pragmas of §3.1.

export const PRAGMAS = [
  "journal_mode = WAL",
  "busy_timeout = 60000",
  "synchronous = NORMAL",
  "cache_size = -65536",
  "foreign_keys = ON",
  // A checkpoint every 64 MiB of WAL instead of SQLite's 4 MiB: a migration event rewrites hundreds
  // of rows, and checkpointing (with its fsync) after each one cost more than the event itself.
  "wal_autocheckpoint = 16384",
] as const;

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
CREATE INDEX IF NOT EXISTS idx_programs_parent_id ON programs(parent_id);
CREATE INDEX IF NOT EXISTS idx_programs_children_count ON programs(children_count);
CREATE INDEX IF NOT EXISTS idx_programs_island_idx ON programs(island_idx);
CREATE INDEX IF NOT EXISTS idx_programs_system_prompt_id ON programs(system_prompt_id);
CREATE TABLE IF NOT EXISTS archive (
  program_id TEXT PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS metadata_store (
  key TEXT PRIMARY KEY,
  value TEXT
);
CREATE TABLE IF NOT EXISTS generation_event_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  generation INTEGER,
  status TEXT,
  source_job_id TEXT,
  details TEXT,
  created_at REAL
);
CREATE TABLE IF NOT EXISTS attempt_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  generation INTEGER,
  stage TEXT,
  status TEXT,
  details TEXT,
  created_at REAL
);
`;
