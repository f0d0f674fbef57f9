// Shared builders for the edit-protocol tests: a stored program and a task with just the fields
// the prompts and the patch tools read.
import type { StoredProgram } from "../../../lib/evolve/store.js";
import type { Task } from "../../../lib/evolve/task.js";

export function program(code: string, fields: Partial<StoredProgram> = {}): StoredProgram {
  return {
    id: fields.id ?? `p${Math.abs(hash(code))}`,
    code,
    language: "javascript",
    parent_id: null,
    archive_inspiration_ids: [],
    top_k_inspiration_ids: [],
    generation: 0,
    timestamp: 0,
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
    ...fields,
  };
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

export function task(language: Task["language"] = "javascript", extension = ".mjs"): Task {
  return {
    name: "toy",
    dir: "/nonexistent",
    initial_program_path: `/nonexistent/initial${extension}`,
    language,
    extension,
    sys_msg: "TOY TASK: maximise the score.",
    evaluator: undefined as unknown as Task["evaluator"],
    timeout_ms: 1000,
    memory_mb: 256,
  };
}
