// Conversion between a programs row (§3.2: JSON text columns, 0/1 booleans) and a StoredProgram.
import type { StoredProgram } from "../store.js";
import { jsonText, parseJson } from "./sqlite.js";

export type Row = Record<string, unknown>;

export const PROGRAM_COLUMNS = [
  "id", "code", "language", "parent_id", "archive_inspiration_ids", "top_k_inspiration_ids", "generation", "timestamp",
  "code_diff", "combined_score", "public_metrics", "private_metrics", "text_feedback", "correct", "children_count",
  "complexity", "embedding", "island_idx", "migration_history", "metadata", "source_job_id",
] as const;

const finiteOr = <T>(value: unknown, fallback: T): number | T => (typeof value === "number" && Number.isFinite(value) ? value : fallback);

/** Values in PROGRAM_COLUMNS order; a non-finite combined_score is stored as 0 (§3.2: missing -> 0). */
export function programToRow(p: StoredProgram, migrationHistory: unknown[] = []): unknown[] {
  return [
    p.id, p.code, p.language, p.parent_id, jsonText(p.archive_inspiration_ids), jsonText(p.top_k_inspiration_ids),
    p.generation, p.timestamp, p.code_diff, finiteOr(p.combined_score, 0), jsonText(p.public_metrics),
    jsonText(p.private_metrics), typeof p.text_feedback === "string" ? p.text_feedback : jsonText(p.text_feedback),
    p.correct ? 1 : 0, p.children_count, finiteOr(p.complexity, null), p.embedding ? jsonText(p.embedding) : null,
    p.island_idx, jsonText(migrationHistory), jsonText(p.metadata), p.source_job_id,
  ];
}

export function rowToProgram(row: Row): StoredProgram {
  // Spread in, so this compiles whether or not StoredProgram declares migration_history.
  const placement = { migration_history: parseJson<MigrationEntry[]>(row.migration_history, []) };
  return {
    ...placement,
    id: String(row.id),
    code: String(row.code),
    language: String(row.language),
    parent_id: typeof row.parent_id === "string" ? row.parent_id : null,
    archive_inspiration_ids: parseJson<string[]>(row.archive_inspiration_ids, []),
    top_k_inspiration_ids: parseJson<string[]>(row.top_k_inspiration_ids, []),
    generation: Number(row.generation),
    timestamp: Number(row.timestamp),
    code_diff: typeof row.code_diff === "string" ? row.code_diff : null,
    combined_score: finiteOr(row.combined_score, 0),
    public_metrics: parseJson(row.public_metrics, {}),
    private_metrics: parseJson(row.private_metrics, {}),
    text_feedback: typeof row.text_feedback === "string" ? row.text_feedback : "",
    correct: Number(row.correct) === 1,
    children_count: Number(row.children_count ?? 0),
    complexity: finiteOr(row.complexity, null),
    embedding: parseJson<number[] | null>(row.embedding, null),
    island_idx: Number(row.island_idx ?? 0),
    metadata: parseJson(row.metadata, {}),
    source_job_id: typeof row.source_job_id === "string" ? row.source_job_id : null,
  };
}

export interface MigrationEntry {
  generation: number;
  from: number;
  to: number;
  timestamp: number;
}
