// Programs for the database part's tests: every field filled, overridable.
import type { Program } from "../../lib/evolve/program.js";

let counter = 0;

export function makeProgram(overrides: Partial<Program> = {}): Program {
  counter += 1;
  return {
    id: `p${counter}`,
    code: `// program ${counter}\nconst x = ${counter};\n`,
    language: "javascript",
    parent_id: null,
    archive_inspiration_ids: [],
    top_k_inspiration_ids: [],
    generation: 1,
    timestamp: 1_000 + counter,
    code_diff: null,
    combined_score: 0,
    public_metrics: {},
    private_metrics: {},
    text_feedback: "",
    correct: true,
    children_count: 0,
    complexity: null,
    embedding: null,
    island_idx: 0,
    metadata: {},
    source_job_id: null,
    ...overrides,
  };
}
