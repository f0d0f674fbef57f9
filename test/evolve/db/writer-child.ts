// A writer process for the crash test: stores programs one by one and prints each committed id,
// until its parent SIGKILLs it.
import { FullStore } from "../../../lib/evolve/db/store.js";
import { resolveEvolveConfig } from "../../../lib/evolve/config.js";

const path = process.argv[2]!;
const store = new FullStore(path, resolveEvolveConfig({ migration_interval: 3 }));
const code = "x".repeat(20_000); // large rows, so the kill tends to land mid-write
let g = 0;
store.seed({
  id: "seed", code, language: "javascript", parent_id: null, archive_inspiration_ids: [], top_k_inspiration_ids: [], generation: 0,
  timestamp: Date.now() / 1000, code_diff: null, combined_score: 0.5, public_metrics: {}, private_metrics: {}, text_feedback: "",
  correct: true, children_count: 0, complexity: null, embedding: [1, 0, 0], island_idx: 0, metadata: {}, source_job_id: "gen_0",
});
process.stdout.write("seed\n");
for (;;) {
  g += 1;
  const id = `child-${g}`;
  store.add({
    id, code: code + g, language: "javascript", parent_id: "seed", archive_inspiration_ids: [], top_k_inspiration_ids: [], generation: g,
    timestamp: Date.now() / 1000, code_diff: null, combined_score: g % 7, public_metrics: { g }, private_metrics: {}, text_feedback: "",
    correct: g % 5 !== 0, children_count: 0, complexity: null, embedding: [Math.cos(g), Math.sin(g), 0], island_idx: g % 2, metadata: {},
    source_job_id: `gen_${g}`,
  });
  process.stdout.write(`${id}\n`);
}
