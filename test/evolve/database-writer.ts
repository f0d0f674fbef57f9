// Child process for the SIGKILL test: inserts programs (each with an archive entry and a metadata
// update, in one transaction) forever, printing each committed ID.
import { ProgramDatabase } from "../../lib/evolve/database.js";

const db = ProgramDatabase.open(process.argv[2]!);
const big = "x".repeat(20_000);
for (let i = 0; ; i++) {
  const id = `w${i}`;
  db.transaction(() => {
    db.insertProgram({
      id, code: `${big}${i}`, language: "javascript", parent_id: i > 0 ? `w${i - 1}` : null, archive_inspiration_ids: [],
      top_k_inspiration_ids: [], generation: i, timestamp: i, code_diff: null, combined_score: i, public_metrics: { i },
      private_metrics: {}, text_feedback: "", correct: true, children_count: 0, complexity: null,
      embedding: Array.from({ length: 64 }, (_, k) => Math.sin(i + k)), island_idx: i % 2, metadata: {}, source_job_id: `job-${i}`,
    });
    db.addToArchive(id);
    db.setMeta("last_iteration", i);
  });
  process.stdout.write(`${id}\n`);
}
