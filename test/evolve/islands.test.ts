import { describe, expect, it } from "vitest";
import { Random } from "../../lib/random.js";
import { initializedIslands, islandCopies, islandStats, planMigration, sampleIsland, shouldMigrate } from "../../lib/evolve/islands.js";
import { makeProgram } from "./database-fixtures.js";

describe("seeding (§4.1)", () => {
  it("copies generation 0 to islands 1..N-1 with new IDs and the copy markers", () => {
    const initial = makeProgram({ id: "seed", generation: 0, source_job_id: "job0", metadata: { patch_type: "init" } });
    const copies = islandCopies(initial, 3, (i) => `seed-copy-${i}`);
    expect(copies.map((c) => [c.id, c.island_idx, c.source_job_id])).toEqual([
      ["seed-copy-1", 1, "job0_island_1"],
      ["seed-copy-2", 2, "job0_island_2"],
    ]);
    for (const c of copies) expect(c.metadata).toEqual({ patch_type: "init", _is_island_copy: true, _original_program_id: "seed" });
    expect(initial.metadata).toEqual({ patch_type: "init" });
    expect(islandCopies(initial, 1, () => "x")).toEqual([]);
  });

  it("an island is initialized once it holds a correct program", () => {
    const stats = islandStats([makeProgram({ island_idx: 0, correct: false }), makeProgram({ island_idx: 1, combined_score: 2 }), makeProgram({ island_idx: 1, combined_score: 3 })], 3);
    expect(stats).toEqual([
      { island: 0, count: 1, best: undefined },
      { island: 1, count: 2, best: 3 },
      { island: 2, count: 0, best: undefined },
    ]);
    expect(initializedIslands(stats)).toEqual([1]);
  });
});

describe("island sampling (§4.2, §19 case 25)", () => {
  const stats = [
    { island: 0, count: 3, best: 1 },
    { island: 1, count: 1, best: 0.5 },
    { island: 2, count: 2, best: 2 },
  ];

  it("equal picks the island with the fewest programs", () => {
    const rng = new Random(1);
    for (let i = 0; i < 20; i++) expect(sampleIsland("equal", stats, rng)).toBe(1);
  });

  it("uniform never picks an uninitialized island", () => {
    const rng = new Random(2);
    const withEmpty = [...stats, { island: 3, count: 5, best: undefined }];
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(sampleIsland("uniform", withEmpty, rng));
    expect(seen).toEqual(new Set([0, 1, 2]));
  });

  it("proportional is a softmax of the best scores", () => {
    const rng = new Random(3);
    const counts = [0, 0, 0];
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[sampleIsland("proportional", stats, rng)]! += 1;
    const z = Math.exp(1) + Math.exp(0.5) + Math.exp(2);
    expect(counts[0]! / n).toBeCloseTo(Math.exp(1) / z, 1);
    expect(counts[2]! / n).toBeCloseTo(Math.exp(2) / z, 1);
  });

  it("weighted is best/count, clamped at 0, uniform when all zero", () => {
    const rng = new Random(4);
    const counts = [0, 0, 0];
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[sampleIsland("weighted", stats, rng)]! += 1;
    // Weights 1/3, 0.5/1, 2/2 -> 1/3, 1/2, 1 of 11/6.
    expect(counts[0]! / n).toBeCloseTo(2 / 11, 1);
    expect(counts[2]! / n).toBeCloseTo(6 / 11, 1);
    const negative = [
      { island: 0, count: 1, best: -1 },
      { island: 1, count: 1, best: -2 },
    ];
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) seen.add(sampleIsland("weighted", negative, rng));
    expect(seen).toEqual(new Set([0, 1]));
  });

  it("refuses when no island is initialized", () => {
    expect(() => sampleIsland("uniform", [{ island: 0, count: 1, best: undefined }], new Random(0))).toThrow(RangeError);
  });
});

describe("migration (§4.3, §19 case 26)", () => {
  it("triggers on generation % interval == 0, g > 0, rate > 0, several islands", () => {
    const config = { migration_interval: 10, migration_rate: 0.1, num_islands: 2 };
    expect(shouldMigrate(10, config)).toBe(true);
    expect(shouldMigrate(20, config)).toBe(true);
    expect(shouldMigrate(0, config)).toBe(false);
    expect(shouldMigrate(15, config)).toBe(false);
    expect(shouldMigrate(10, { ...config, migration_rate: 0 })).toBe(false);
    expect(shouldMigrate(10, { ...config, num_islands: 1 })).toBe(false);
  });

  it("moves floor(25 · 0.1) = 2 migrants from an island of 25, never the best or generation 0", () => {
    const seed = makeProgram({ generation: 0, island_idx: 0, combined_score: 0.1 });
    const best = makeProgram({ generation: 5, island_idx: 0, combined_score: 99 });
    const others = Array.from({ length: 23 }, (_, i) => makeProgram({ generation: i + 1, island_idx: 0, combined_score: i }));
    const island1 = [makeProgram({ generation: 0, island_idx: 1 })];
    const all = [seed, best, ...others, ...island1];
    for (let trial = 0; trial < 50; trial++) {
      const moves = planMigration(all, { num_islands: 3, migration_rate: 0.1, generation: 10, timestamp: 123 }, new Random(trial));
      expect(moves).toHaveLength(2);
      const ids = moves.map((m) => m.id);
      expect(new Set(ids).size).toBe(2);
      expect(ids).not.toContain(seed.id);
      expect(ids).not.toContain(best.id);
      for (const m of moves) {
        expect(m.from).toBe(0);
        expect([1, 2]).toContain(m.to);
        expect(m).toMatchObject({ generation: 10, timestamp: 123 });
      }
    }
  });

  it("moves at least one per island with more than one program, only correct ones", () => {
    const programs = [
      makeProgram({ island_idx: 0, combined_score: 3 }),
      makeProgram({ island_idx: 0, combined_score: 1 }),
      makeProgram({ island_idx: 0, combined_score: 0, correct: false }),
      makeProgram({ island_idx: 1, combined_score: 1 }),
    ];
    const moves = planMigration(programs, { num_islands: 2, migration_rate: 0.1, generation: 10, timestamp: 0 }, new Random(0));
    expect(moves.map((m) => [m.id, m.to])).toEqual([[programs[1]!.id, 1]]);
    const noElitism = planMigration(programs, { num_islands: 2, migration_rate: 0.5, island_elitism: false, generation: 10, timestamp: 0 }, new Random(0));
    expect(noElitism).toHaveLength(1);
    expect([programs[0]!.id, programs[1]!.id]).toContain(noElitism[0]!.id);
  });
});
