// editPatchTools wired to the shipped circle-packing task: the runner's path (buildMessages ->
// offline-mutation reply -> apply -> retry message) works on the real initial program.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { editPatchTools } from "../../lib/evolve/edit/patch-tools.js";
import { offlineMutationReply } from "../../lib/evolve/offline-mutation.js";
import type { StoredProgram } from "../../lib/evolve/store.js";
import { loadTask } from "../../lib/evolve/task.js";
import { Random } from "../../lib/random.js";

function stored(code: string, overrides: Partial<StoredProgram> = {}): StoredProgram {
  return {
    id: "p0", code, language: "javascript", parent_id: null, archive_inspiration_ids: [], top_k_inspiration_ids: [], generation: 0, timestamp: 0,
    code_diff: null, combined_score: 0.9597642169962064, public_metrics: { sum_radii: 0.96 }, private_metrics: { hidden: "PRIVATE" }, text_feedback: "",
    correct: true, children_count: 0, complexity: null, embedding: null, island_idx: 0, metadata: {}, source_job_id: null, ...overrides,
  };
}

describe("editPatchTools", () => {
  it("runs diff, full and cross proposals from the offline operator on the circle-packing task", async () => {
    const task = await loadTask("circle-packing");
    const code = readFileSync(task.initial_program_path, "utf8");
    const parent = stored(code);
    const partnerCode = code.replace("0.5 + 0.3 * Math.cos", "0.5 + 0.35 * Math.cos").replace("0.5 + 0.3 * Math.sin", "0.5 + 0.35 * Math.sin");
    const partner = stored(partnerCode, { id: "p1" });
    const rng = new Random(8);
    for (const patch_type of ["diff", "full", "cross"] as const) {
      const messages = editPatchTools.buildMessages({
        patch_type, task, parent, archive_inspirations: [partner], top_k_inspirations: [], crossover_partner: patch_type === "cross" ? partner : undefined,
        recommendation: undefined, use_text_feedback: false, rng,
      });
      expect(JSON.stringify(messages)).not.toContain("PRIVATE");
      const reply = offlineMutationReply(messages, rng);
      const result = await editPatchTools.apply(code, reply, patch_type, task);
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.code).not.toBe(code);
        expect(result.diff).toContain("@@");
        expect(editPatchTools.mutableCode(result.code)).not.toBe(editPatchTools.mutableCode(code));
      }
    }
    const failed = await editPatchTools.apply(code, "<DIFF>\n<<<<<<< SEARCH\nnot in the program\n=======\nx\n>>>>>>> REPLACE\n</DIFF>", "diff", task);
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(editPatchTools.retryMessage(failed.error)).toContain("was not found");
  });
});
