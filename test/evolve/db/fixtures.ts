// Programs for the database tests: full StoredProgram records with sensible defaults.
import type { StoredProgram } from "../../../lib/evolve/store.js";
import { resolveEvolveConfig } from "../../../lib/evolve/config.js";

let counter = 0;

export function program(score: number, extra: Partial<StoredProgram> = {}): StoredProgram {
  counter += 1;
  return {
    id: `p${counter}`, code: `// program ${counter}`, language: "javascript", parent_id: null, archive_inspiration_ids: [],
    top_k_inspiration_ids: [], generation: counter, timestamp: 1000 + counter, code_diff: null, combined_score: score,
    public_metrics: {}, private_metrics: {}, text_feedback: "", correct: true, children_count: 0, complexity: null,
    embedding: null, island_idx: 0, metadata: {}, source_job_id: `job_${counter}`, ...extra,
  };
}

export const config = (overrides: Record<string, unknown> = {}) => resolveEvolveConfig(overrides);
