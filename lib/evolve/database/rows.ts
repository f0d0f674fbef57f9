// Conversion between a Program and its `programs` row.
import type { MigrationRecord, Program } from "../program.js";
import { parseJson, toJsonOrNull, toJsonText } from "./json.js";

export type Row = Record<string, unknown>;

export const PROGRAM_COLUMNS = [
  "id", "code", "language", "parent_id", "archive_inspiration_ids", "top_k_inspiration_ids", "generation", "timestamp",
  "code_diff", "combined_score", "public_metrics", "private_metrics", "text_feedback", "correct", "children_count",
  "complexity", "embedding", "embedding_pca_2d", "embedding_pca_3d", "embedding_cluster_id", "island_idx",
  "migration_history", "system_prompt_id", "metadata", "source_job_id",
] as const;

const finiteOrNull = (x: number | null | undefined): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

export function toRow(p: Program): Row {
  return {
    id: p.id,
    code: p.code,
    language: p.language,
    parent_id: p.parent_id ?? null,
    archive_inspiration_ids: toJsonText(p.archive_inspiration_ids ?? []),
    top_k_inspiration_ids: toJsonText(p.top_k_inspiration_ids ?? []),
    generation: p.generation,
    timestamp: p.timestamp,
    code_diff: p.code_diff ?? null,
    combined_score: finiteOrNull(p.combined_score),
    public_metrics: toJsonText(p.public_metrics ?? {}),
    private_metrics: toJsonText(p.private_metrics ?? {}),
    text_feedback: p.text_feedback ?? "",
    correct: p.correct ? 1 : 0,
    children_count: p.children_count ?? 0,
    complexity: finiteOrNull(p.complexity),
    embedding: toJsonOrNull(p.embedding),
    embedding_pca_2d: toJsonOrNull(p.embedding_pca_2d),
    embedding_pca_3d: toJsonOrNull(p.embedding_pca_3d),
    embedding_cluster_id: p.embedding_cluster_id ?? null,
    island_idx: p.island_idx,
    migration_history: toJsonText(p.migration_history ?? []),
    system_prompt_id: p.system_prompt_id ?? null,
    metadata: toJsonText(p.metadata ?? {}),
    source_job_id: p.source_job_id ?? null,
  };
}

export function fromRow(row: Row): Program {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(row.id),
    code: String(row.code),
    language: String(row.language),
    parent_id: (row.parent_id as string | null) ?? null,
    archive_inspiration_ids: parseJson<string[]>(row.archive_inspiration_ids, []),
    top_k_inspiration_ids: parseJson<string[]>(row.top_k_inspiration_ids, []),
    generation: Number(row.generation),
    timestamp: Number(row.timestamp),
    code_diff: (row.code_diff as string | null) ?? null,
    combined_score: num(row.combined_score) ?? 0,
    public_metrics: parseJson<Record<string, unknown>>(row.public_metrics, {}),
    private_metrics: parseJson<Record<string, unknown>>(row.private_metrics, {}),
    text_feedback: row.text_feedback === null || row.text_feedback === undefined ? "" : String(row.text_feedback),
    correct: Number(row.correct) === 1,
    children_count: Number(row.children_count ?? 0),
    complexity: num(row.complexity),
    embedding: parseJson<number[] | null>(row.embedding, null),
    embedding_pca_2d: parseJson<number[] | null>(row.embedding_pca_2d, null),
    embedding_pca_3d: parseJson<number[] | null>(row.embedding_pca_3d, null),
    embedding_cluster_id: num(row.embedding_cluster_id),
    island_idx: Number(row.island_idx ?? 0),
    migration_history: parseJson<MigrationRecord[]>(row.migration_history, []),
    system_prompt_id: (row.system_prompt_id as string | null) ?? null,
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
    source_job_id: (row.source_job_id as string | null) ?? null,
  };
}
