// One evaluated program as the database stores it (evolve.md §3.2): snake_case fields that mirror
// the SQLite columns, JSON columns already parsed. Also the "better than" order of §3.3, which the
// archive, the best-program tracker and migration's elitism all share.

export interface MigrationRecord {
  generation: number;
  from: number;
  to: number;
  timestamp: number;
}

export interface Program {
  id: string;
  code: string;
  language: string;
  parent_id: string | null;
  /** The context actually shown in the prompt that produced this program. */
  archive_inspiration_ids: string[];
  top_k_inspiration_ids: string[];
  generation: number;
  /** Unix seconds. */
  timestamp: number;
  code_diff: string | null;
  /** Missing or non-finite scores are stored as NULL and read back as 0. */
  combined_score: number;
  public_metrics: Record<string, unknown>;
  private_metrics: Record<string, unknown>;
  text_feedback: string;
  correct: boolean;
  children_count: number;
  complexity: number | null;
  embedding: number[] | null;
  embedding_pca_2d?: number[] | null;
  embedding_pca_3d?: number[] | null;
  embedding_cluster_id?: number | null;
  island_idx: number;
  migration_history?: MigrationRecord[];
  system_prompt_id?: string | null;
  metadata: Record<string, unknown>;
  /** tansaku's idempotency key: re-inserting a job's program is a no-op. */
  source_job_id: string | null;
}

/** The fields the selection rules read; lets callers pass lighter records than whole programs. */
export type ProgramSummary = Pick<
  Program,
  "id" | "combined_score" | "correct" | "children_count" | "generation" | "timestamp" | "island_idx" | "public_metrics"
> &
  Partial<Pick<Program, "embedding" | "metadata">>;

/** combined_score where a number is needed for sorting: null, NaN and ±Infinity read as 0 (§3.3). */
export function scoreOf(p: Pick<Program, "combined_score">): number {
  return Number.isFinite(p.combined_score) ? p.combined_score : 0;
}

/** The mean of the finite numeric public metrics, or undefined when there are none. */
export function meanPublicMetric(p: Pick<Program, "public_metrics">): number | undefined {
  let sum = 0;
  let count = 0;
  for (const value of Object.values(p.public_metrics ?? {})) {
    if (typeof value === "number" && Number.isFinite(value)) {
      sum += value;
      count += 1;
    }
  }
  return count > 0 ? sum / count : undefined;
}

/**
 * §3.3 (upstream `_is_better`): correct beats incorrect; then the higher combined_score; when both
 * scores are missing, the higher mean of numeric public metrics; a tie goes to the newer program.
 */
export function isBetter(a: ProgramSummary, b: ProgramSummary): boolean {
  if (a.correct !== b.correct) return a.correct;
  const aHas = Number.isFinite(a.combined_score);
  const bHas = Number.isFinite(b.combined_score);
  if (!aHas && !bHas) {
    const ma = meanPublicMetric(a) ?? 0;
    const mb = meanPublicMetric(b) ?? 0;
    if (ma !== mb) return ma > mb;
  } else if (scoreOf(a) !== scoreOf(b)) {
    return scoreOf(a) > scoreOf(b);
  }
  return a.timestamp >= b.timestamp;
}

/** The best of a list by isBetter, or undefined for an empty list. */
export function bestOf<T extends ProgramSummary>(programs: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const p of programs) if (best === undefined || isBetter(p, best)) best = p;
  return best;
}
