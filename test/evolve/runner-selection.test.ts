// The minimal store's selection rules against the spec's hand-computed cases (§19, 22-26).
import { describe, expect, it } from "vitest";
import { planMigration, powerLawProbabilities, sampleIslandBy, selectParentBy, weightedProbabilities } from "../../lib/evolve/simple-selection.js";
import type { StoredProgram } from "../../lib/evolve/store.js";
import { Random } from "../../lib/random.js";

let counter = 0;
function p(score: number, extra: Partial<StoredProgram> = {}): StoredProgram {
  counter += 1;
  return {
    id: `p${counter}`, code: "", language: "javascript", parent_id: null, archive_inspiration_ids: [], top_k_inspiration_ids: [],
    generation: counter, timestamp: counter, code_diff: null, combined_score: score, public_metrics: {}, private_metrics: {},
    text_feedback: "", correct: true, children_count: 0, complexity: null, embedding: null, island_idx: 0, metadata: {},
    source_job_id: `gen_${counter}`, ...extra,
  };
}

describe("parent selection", () => {
  it("power law: alpha 1 -> 1, 1/2, ... 1/5; alpha 0 uniform; alpha 100 picks rank 1", () => {
    const pool = [p(3), p(5), p(1), p(4), p(2)];
    const h = 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5;
    const probs = powerLawProbabilities(pool, 1);
    [3, 1, 5, 2, 4].forEach((rank, i) => expect(probs[i]).toBeCloseTo(1 / rank / h, 12));
    for (const q of powerLawProbabilities(pool, 0)) expect(q).toBeCloseTo(0.2, 12);
    const rng = new Random(1);
    let top = 0;
    for (let i = 0; i < 10_000; i++) {
      const { parent } = selectParentBy({ config: { parent_selection_strategy: "power_law", exploitation_alpha: 100, parent_selection_lambda: 10, num_beams: 5 }, archived: pool, correct: pool }, rng);
      if (parent.combined_score === 5) top += 1;
    }
    expect(top / 10_000).toBeGreaterThanOrEqual(0.999);
  });

  it("weighted: equal scores -> s = 0.5; children 0, 1, 3 -> 0.5, 0.25, 0.125; scale-free", () => {
    const pool = [p(1), p(1, { children_count: 1 }), p(1, { children_count: 3 })];
    const total = 0.5 + 0.25 + 0.125;
    expect(weightedProbabilities(pool, 10)).toEqual([0.5 / total, 0.25 / total, 0.125 / total]);
    const a = weightedProbabilities([p(1), p(2), p(4)], 10);
    const b = weightedProbabilities([p(1000), p(2000), p(4000)], 10);
    a.forEach((q, i) => expect(q).toBeCloseTo(b[i]!, 12));
  });

  it("beam search keeps the locked parent for num_beams children, then locks onto the best", () => {
    const locked = p(1, { children_count: 4 });
    const best = p(9);
    const config = { parent_selection_strategy: "beam_search" as const, exploitation_alpha: 1, parent_selection_lambda: 10, num_beams: 5 };
    const rng = new Random(2);
    expect(selectParentBy({ config, archived: [locked, best], correct: [locked, best], beamParent: locked, best }, rng)).toEqual({ parent: locked, beam: locked.id });
    locked.children_count = 5;
    expect(selectParentBy({ config, archived: [locked, best], correct: [locked, best], beamParent: locked, best }, rng)).toEqual({ parent: best, beam: best.id });
  });
});

describe("islands", () => {
  it("equal picks the island with the fewest programs", () => {
    const islands = [{ island: 0, count: 3, best: 1 }, { island: 1, count: 1, best: 1 }, { island: 2, count: 2, best: 1 }];
    for (let seed = 0; seed < 20; seed++) expect(sampleIslandBy("equal", islands, new Random(seed))).toBe(1);
  });

  it("migration at rate 0.1 moves 2 of 25, never the best or generation 0, each once", () => {
    const island0 = [p(0.5, { generation: 0 }), p(10), ...Array.from({ length: 23 }, (_, i) => p(i / 100))];
    const island1 = [p(1, { island_idx: 1, generation: 0 })];
    const moves = planMigration([...island0, ...island1], 2, 0.1, new Random(3));
    expect(moves).toHaveLength(2);
    expect(new Set(moves.map((m) => m.id)).size).toBe(2);
    for (const move of moves) {
      expect(move).toMatchObject({ from: 0, to: 1 });
      const moved = island0.find((q) => q.id === move.id)!;
      expect(moved.generation).toBeGreaterThan(0);
      expect(moved.combined_score).not.toBe(10);
    }
    expect(planMigration(island0, 1, 0.1, new Random(3))).toEqual([]);
    expect(planMigration(island0, 2, 0, new Random(3))).toEqual([]);
  });
});
