// The run's embedding map (evolve.md §2 end of run, §3.2 derived columns): every program with an
// embedding gets its PCA coordinates and cluster in programs.sqlite, and the report draws the map.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveEvolveConfig } from "../../lib/evolve/config.js";
import { ProgramDatabase } from "../../lib/evolve/database.js";
import { startRun } from "../../lib/evolve/engine.js";
import { resolveLlmConfig } from "../../lib/llm/config.js";

describe("embedding map in a run", () => {
  it("fills embedding_pca_2d, embedding_pca_3d and embedding_cluster_id at the end and draws them", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-evolve-map-")), "run");
    const config = resolveEvolveConfig({ num_generations: 8, seed: 5, max_proposal_jobs: 2, max_evaluation_jobs: 2, code_embed_sim_threshold: 1 });
    const prepared = await startRun({ task: "circle-packing", results_dir: dir, config, llm: resolveLlmConfig({ env: {} }) });
    await prepared.runner.run();
    prepared.close();

    const db = ProgramDatabase.open(join(dir, "programs.sqlite"), { readonly: true });
    const programs = db.programs().filter((p) => p.embedding && p.embedding.length > 0);
    expect(programs.length).toBeGreaterThanOrEqual(5);
    for (const p of programs) {
      expect(p.embedding_pca_2d).toHaveLength(2);
      expect(p.embedding_pca_3d).toHaveLength(3);
      expect(p.embedding_pca_2d).toEqual(p.embedding_pca_3d!.slice(0, 2));
      expect(Number.isInteger(p.embedding_cluster_id)).toBe(true);
    }
    // Identical code maps to one point: the island copy of generation 0 sits on the original.
    const copy = db.programs().find((p) => p.metadata._is_island_copy);
    const original = db.getProgram(String(copy?.metadata._original_program_id));
    expect(copy?.embedding_pca_3d).toEqual(original?.embedding_pca_3d);
    const meta = db.getMeta<{ programs: number; explained_variance_ratio: number[] }>("embedding_map");
    expect(meta?.programs).toBe(programs.length);
    db.close();

    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("<h2>Embedding map</h2>");
    expect(html).toContain('aria-label="embedding map coloured by cluster"');
  }, 120_000);
});
