// The engine's fast paths (per-island lists, the archive read instead of an island scan, the
// metadata cache, sparse novelty) must decide exactly what the plain rules decide.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Random } from "../../lib/random.js";
import { resolveEvolveConfig } from "../../lib/evolve/config.js";
import { DatabaseStore } from "../../lib/evolve/database/evolution-store.js";
import { islandStats, sampleIsland } from "../../lib/evolve/islands.js";
import { EmbeddingIndex } from "../../lib/evolve/novelty.js";
import { selectParent } from "../../lib/evolve/selection.js";
import { makeProgram } from "./database-fixtures.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function populatedStore(strategy: "weighted" | "power_law") {
  const dir = mkdtempSync(join(tmpdir(), "tansaku-overhead-"));
  dirs.push(dir);
  const config = resolveEvolveConfig({
    num_islands: 3,
    archive_size: 12,
    migration_interval: 5,
    migration_rate: 0.3,
    parent_selection_strategy: strategy,
    island_selection_strategy: "weighted",
  });
  const store = new DatabaseStore(join(dir, "programs.sqlite"), config);
  store.seed(makeProgram({ id: "root", generation: 0, combined_score: 0.5, source_job_id: "job-0" }));
  return { store, config };
}

/** The plain rules over a full scan of the programs, as the store worked before its indexes. */
function plainChoice(store: DatabaseStore, config: ReturnType<typeof resolveEvolveConfig>, rng: Random) {
  const all = store.all();
  const island = sampleIsland(config.island_selection_strategy, islandStats(all, config.num_islands), rng);
  const choice = selectParent(
    config,
    { island_programs: all.filter((p) => p.island_idx === island), archive_ids: new Set(store.db.archiveIds()), best: store.best() },
    rng,
  );
  return { island, parent: choice.parent.id };
}

describe("engine fast paths", () => {
  for (const strategy of ["weighted", "power_law"] as const) {
    it(`choose() picks the island and parent the plain ${strategy} rules pick, through migrations`, () => {
      const { store, config } = populatedStore(strategy);
      const rng = new Random(11);
      let migrated = 0;
      for (let g = 1; g <= 120; g++) {
        const probe = new Random(rng.state());
        const expected = plainChoice(store, config, probe);
        const choice = store.choose(rng);
        expect({ island: choice.island, parent: choice.parent.id }).toEqual(expected);
        const score = (g * 37) % 101 / 100;
        store.add(makeProgram({ id: `g${g}`, generation: g, parent_id: choice.parent.id, island_idx: choice.island, combined_score: score, correct: g % 7 !== 0, source_job_id: `job-${g}` }));
        migrated = store.all().filter((p) => (p.migration_history ?? []).length > 0).length;
        // The per-island lists agree with a scan, in insertion order.
        for (let island = 0; island < 3; island++) {
          expect(store.db.islandMembers(island).members.map((p) => p.id)).toEqual(store.all().filter((p) => p.island_idx === island).map((p) => p.id));
        }
      }
      expect(migrated).toBeGreaterThan(10);
      store.close();
    });
  }

  it("metadata reads see every write, and a re-open reads the same values", () => {
    const { store } = populatedStore("weighted");
    store.setMeta("k", { a: 1 });
    expect(store.getMeta("k")).toEqual({ a: 1 });
    store.setMeta("k", [2, null]);
    expect(store.getMeta("k")).toEqual([2, null]);
    expect(store.getMeta("missing")).toBeUndefined();
    store.setMeta("missing", 3);
    expect(store.getMeta("missing")).toBe(3);
    // A rolled-back transaction forgets its writes in memory too.
    expect(() =>
      store.db.transaction(() => {
        store.setMeta("k", "rolled back");
        throw new Error("abort");
      }),
    ).toThrow("abort");
    expect(store.getMeta("k")).toEqual([2, null]);
    store.close();
  });

  it("sparse queries give bit for bit the dense loop's similarity", () => {
    const rng = new Random(3);
    const dim = 66; // not a multiple of 4: the tail goes to the first partial sum
    const rows = Array.from({ length: 50 }, () => Array.from({ length: dim }, () => rng.normal()));
    const index = new EmbeddingIndex();
    rows.forEach((r, i) => index.add(`r${i}`, 0, r));
    const unit = (v: number[]) => {
      const f = Float32Array.from(v);
      const n = Math.sqrt(f.reduce((a, x) => a + x * x, 0));
      return f.map((x) => x / n);
    };
    const denseMax = (query: number[]) => {
      const q = unit(query);
      let best = -Infinity;
      for (const row of rows) {
        const d = unit(row);
        const sums = [0, 0, 0, 0];
        const tail = dim - (dim % 4);
        for (let i = 0; i < tail; i++) sums[i % 4]! += q[i]! * d[i]!;
        for (let i = tail; i < dim; i++) sums[0]! += q[i]! * d[i]!;
        best = Math.max(best, sums[0]! + sums[1]! + sums[2]! + sums[3]!);
      }
      return best;
    };
    for (let t = 0; t < 20; t++) {
      const query = new Array<number>(dim).fill(0);
      for (let k = 0; k < 1 + (t % 12); k++) query[rng.int(dim)] = rng.normal();
      query[64 + (t % 2)] = t % 3 === 0 ? 0.5 : 0; // sometimes a tail coordinate
      expect(index.maxSimilarity(0, query).similarity).toBe(denseMax(query));
    }
  });
});
