import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Random } from "../../lib/random.js";
import { resolveEvolveConfig } from "../../lib/evolve/config.js";
import { DatabaseStore } from "../../lib/evolve/database/evolution-store.js";
import { makeProgram } from "./database-fixtures.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const open = (overrides: Record<string, unknown> = {}) => {
  const dir = mkdtempSync(join(tmpdir(), "tansaku-store-"));
  dirs.push(dir);
  const path = join(dir, "programs.sqlite");
  const config = resolveEvolveConfig({ num_islands: 2, archive_size: 5, ...overrides });
  return { path, config, store: new DatabaseStore(path, config) };
};

describe("DatabaseStore (the runner's EvolutionStore over the database part)", () => {
  it("seeds the islands, evolves, migrates at generation 10 and survives a re-open", () => {
    const { path, config, store } = open({ migration_interval: 10, migration_rate: 0.5 });
    store.seed(makeProgram({ id: "g0", generation: 0, combined_score: 1, source_job_id: "job-0" }));
    const all = store.all();
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ island_idx: 1, metadata: { _is_island_copy: true, _original_program_id: "g0" } });
    expect(store.evaluatedCount()).toBe(1);
    const rng = new Random(9);
    for (let g = 1; g <= 10; g++) {
      const choice = store.choose(rng);
      expect(choice.fix_mode).toBe(false);
      expect(choice.archive_inspirations.map((p) => p.id)).not.toContain(choice.parent.id);
      const child = makeProgram({ id: `g${g}`, generation: g, parent_id: choice.parent.id, island_idx: choice.island, combined_score: 1 + g / 10, source_job_id: `job-${g}` });
      expect(store.add(child)).toBe(true);
      expect(store.add({ ...child, id: `dup${g}` })).toBe(false);
    }
    const migrated = store.db.programs().filter((p) => (p.migration_history ?? []).length > 0);
    expect(migrated.length).toBeGreaterThanOrEqual(1);
    expect(store.getMeta("last_migration_generation")).toBe(10);
    expect(store.best()?.id).toBe("g10");
    expect(store.db.archiveIds()).toHaveLength(5);
    const children = store.all().reduce((n, p) => n + p.children_count, 0);
    expect(children).toBe(10);
    const snapshot = store.all();
    store.close();
    const again = new DatabaseStore(path, config);
    expect(again.all()).toEqual(snapshot);
    expect(again.islandEmbeddings(0)).toEqual([]);
    again.close();
  });

  it("enters fix mode when no island holds a correct program", () => {
    const { store } = open();
    store.seed(makeProgram({ id: "bad", generation: 0, correct: false, source_job_id: "job-0" }));
    const choice = store.choose(new Random(1));
    expect(choice.fix_mode).toBe(true);
    expect(choice.parent.correct).toBe(false);
    expect(choice.archive_inspirations).toEqual([]);
    store.close();
  });

  it("beam search locks the parent in metadata_store", () => {
    const { store } = open({ parent_selection_strategy: "beam_search", num_beams: 2, num_islands: 1 });
    store.seed(makeProgram({ id: "s", generation: 0, combined_score: 1, source_job_id: "job-0" }));
    const rng = new Random(2);
    const parents: string[] = [];
    for (let g = 1; g <= 4; g++) {
      const choice = store.choose(rng);
      parents.push(choice.parent.id);
      store.add(makeProgram({ id: `c${g}`, generation: g, parent_id: choice.parent.id, combined_score: 1 + g, source_job_id: `job-${g}` }));
    }
    // s twice (num_beams 2), then the best at that time (c2) twice.
    expect(parents).toEqual(["s", "s", "c2", "c2"]);
    expect(store.getMeta("beam_search_parent_id")).toBe("c2");
    store.close();
  });
});

describe("DatabaseStore novelty index", () => {
  it("answers the same maximum as a scan of islandEmbeddings, after migrations and a re-open", async () => {
    const { maxSimilarity } = await import("../../lib/evolve/novelty.js");
    const { path, config, store } = open({ migration_interval: 5, migration_rate: 0.5 });
    const rng = new Random(3);
    const vec = () => Array.from({ length: 16 }, () => rng.normal());
    store.seed(makeProgram({ id: "e0", generation: 0, combined_score: 1, embedding: vec(), source_job_id: "job-0" }));
    for (let g = 1; g <= 12; g++) {
      const choice = store.choose(rng);
      store.add(makeProgram({ id: `e${g}`, generation: g, parent_id: choice.parent.id, island_idx: choice.island, combined_score: 1 + g, embedding: vec(), source_job_id: `job-${g}` }));
    }
    const check = (s: DatabaseStore) => {
      for (let trial = 0; trial < 5; trial++) {
        const q = vec();
        for (const island of [0, 1]) {
          const fast = s.noveltySimilarity(island, q);
          const slow = maxSimilarity(q, s.islandEmbeddings(island));
          expect(fast.most_similar_id).toBe(slow.most_similar_id);
          expect(fast.similarity!).toBeCloseTo(slow.similarity!, 5);
        }
      }
    };
    check(store);
    store.close();
    const again = new DatabaseStore(path, config);
    check(again);
    again.close();
  });
});
