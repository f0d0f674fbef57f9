// Island samplers and elitist migration (evolve.md §4.2, §4.3, §19 cases 25-26).
import { describe, expect, it } from "vitest";
import { initializedIslandStats, migrationDue, planMigration, sampleIsland } from "../../../lib/evolve/db/islands.js";
import { Random } from "../../../lib/random.js";
import { config, program } from "./fixtures.js";

function frequencies(draw: (rng: Random) => number, n = 20_000): Map<number, number> {
  const rng = new Random(9);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const island = draw(rng);
    counts.set(island, (counts.get(island) ?? 0) + 1 / n);
  }
  return counts;
}

describe("island samplers (§4.2)", () => {
  it("equal picks the island with the fewest programs (populations 3, 1, 2 -> island 1); ties at random", () => {
    const islands = [{ island: 0, count: 3, best: 1 }, { island: 1, count: 1, best: 1 }, { island: 2, count: 2, best: 1 }];
    for (let seed = 0; seed < 20; seed++) expect(sampleIsland("equal", islands, new Random(seed))).toBe(1);
    const tied = frequencies((rng) => sampleIsland("equal", [{ island: 0, count: 1, best: 0 }, { island: 1, count: 1, best: 0 }], rng));
    expect(tied.get(0)).toBeCloseTo(0.5, 1);
  });

  it("uniform never picks an uninitialized island", () => {
    const programs = [program(1, { island_idx: 0 }), program(1, { island_idx: 1, correct: false }), program(2, { island_idx: 2 })];
    const stats = initializedIslandStats(programs);
    expect(stats.map((s) => s.island)).toEqual([0, 2]);
    const counts = frequencies((rng) => sampleIsland("uniform", stats, rng), 2000);
    expect([...counts.keys()].sort()).toEqual([0, 2]);
  });

  it("proportional is a softmax of the best scores: bests 0 and ln 3 -> 1/4 and 3/4", () => {
    const counts = frequencies((rng) => sampleIsland("proportional", [{ island: 0, count: 5, best: 0 }, { island: 1, count: 5, best: Math.log(3) }], rng));
    expect(counts.get(0)).toBeCloseTo(0.25, 1);
    expect(counts.get(1)).toBeCloseTo(0.75, 1);
  });

  it("weighted is best / count (clamped at 0, all zero -> uniform)", () => {
    // 2/1 = 2 and 3/3 = 1 -> 2/3 and 1/3.
    const counts = frequencies((rng) => sampleIsland("weighted", [{ island: 0, count: 1, best: 2 }, { island: 1, count: 3, best: 3 }], rng));
    expect(counts.get(0)).toBeCloseTo(2 / 3, 1);
    const zero = frequencies((rng) => sampleIsland("weighted", [{ island: 0, count: 1, best: -2 }, { island: 1, count: 3, best: 0 }], rng));
    expect(zero.get(0)).toBeCloseTo(0.5, 1);
  });
});

describe("migration (§4.3, §19 case 26)", () => {
  it("fires only at generation > 0 multiples of the interval, with a rate and several islands", () => {
    const c = config();
    expect([0, 5, 10, 20].map((g) => migrationDue(g, c))).toEqual([false, false, true, true]);
    expect(migrationDue(10, config({ migration_rate: 0 }))).toBe(false);
    expect(migrationDue(10, config({ num_islands: 1 }))).toBe(false);
  });

  it("rate 0.1 on an island of 25 moves 2, never the best or generation 0, each once, to another island", () => {
    const seed = program(0.1, { generation: 0, island_idx: 0 });
    const best = program(99, { island_idx: 0 });
    const rest = Array.from({ length: 23 }, (_, i) => program(i, { island_idx: 0 }));
    const other = [program(1, { island_idx: 1 })];
    const all = [seed, best, ...rest, ...other];
    for (let s = 0; s < 50; s++) {
      const moves = planMigration(all, 3, 0.1, new Random(s));
      const fromZero = moves.filter((m) => m.from === 0);
      expect(fromZero).toHaveLength(2);
      expect(new Set(moves.map((m) => m.id)).size).toBe(moves.length);
      for (const m of moves) {
        expect(m.to).not.toBe(m.from);
        expect([seed.id, best.id]).not.toContain(m.id);
      }
      // An island of one program sends nobody.
      expect(moves.some((m) => m.from === 1)).toBe(false);
    }
  });

  it("at least one migrant from a small island; incorrect programs never move; elitism off lets the best go", () => {
    const best = program(10, { island_idx: 0 });
    const wrong = program(50, { island_idx: 0, correct: false });
    const moves = planMigration([best, wrong], 2, 0.1, new Random(1));
    expect(moves).toEqual([]);
    const free = planMigration([best, wrong], 2, 0.1, new Random(1), false);
    expect(free).toEqual([{ id: best.id, from: 0, to: 1 }]);
  });
});
