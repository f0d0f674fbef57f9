import { describe, expect, it } from "vitest";
import { Random } from "../../lib/random.js";
import {
  fixModeParent,
  median,
  powerLawProbabilities,
  selectParent,
  sigmoid,
  weightedProbabilities,
  weightedWeights,
} from "../../lib/evolve/selection.js";
import { makeProgram } from "./database-fixtures.js";

const close = (a: number[], b: number[]) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 12));

describe("weighted parent selection (§6, §19 case 23)", () => {
  it("equal scores give s = 0.5; children 0, 1, 3 give weights 0.5, 0.25, 0.125", () => {
    const pool = [0, 1, 3].map((c) => makeProgram({ combined_score: 2, children_count: c }));
    close(weightedWeights(pool, 10), [0.5, 0.25, 0.125]);
    close(weightedProbabilities(pool, 10), [4 / 7, 2 / 7, 1 / 7]);
  });

  it("matches a hand computation with the median and MAD", () => {
    // F = 1, 2, 4: median 2; |F - 2| = 1, 0, 2 -> MAD 1; s = σ(-10), σ(0), σ(20); children 0, 1, 0.
    const pool = [makeProgram({ combined_score: 1 }), makeProgram({ combined_score: 2, children_count: 1 }), makeProgram({ combined_score: 4 })];
    const w = [1 / (1 + Math.exp(10)), 0.5 / 2, 1 / (1 + Math.exp(-20))];
    const total = w[0]! + w[1]! + w[2]!;
    close(weightedProbabilities(pool, 10), w.map((x) => x / total));
  });

  it("uses the mean of the middle two for an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
  });

  it("is invariant to the fitness scale", () => {
    const scores = [0.3, 0.9, 1.1, 2.5, 0.7];
    const a = weightedProbabilities(scores.map((s) => makeProgram({ combined_score: s })));
    const b = weightedProbabilities(scores.map((s) => makeProgram({ combined_score: s * 1000 })));
    close(a, b);
  });

  it("falls back to uniform when every weight is zero", () => {
    const pool = [1, 2, 3].map((f) => makeProgram({ combined_score: f, children_count: Number.POSITIVE_INFINITY }));
    close(weightedWeights(pool, 10), [0, 0, 0]);
    close(weightedProbabilities(pool, 10), [1 / 3, 1 / 3, 1 / 3]);
  });

  it("uses a stable sigmoid", () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-2)).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
  });

  it("treats a NaN score as 0", () => {
    const pool = [makeProgram({ combined_score: Number.NaN }), makeProgram({ combined_score: 0 })];
    close(weightedProbabilities(pool, 10), [0.5, 0.5]);
  });
});

describe("power-law selection (§6, §19 case 22)", () => {
  const ranked = [0.5, 0.9, 0.1, 0.7, 0.3].map((s) => makeProgram({ combined_score: s }));

  it("α = 1 gives p ∝ 1, 1/2, 1/3, 1/4, 1/5 by rank", () => {
    const h = 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5;
    // Ranks of 0.5, 0.9, 0.1, 0.7, 0.3 are 3, 1, 5, 2, 4.
    close(powerLawProbabilities(ranked, 1), [1 / 3 / h, 1 / h, 1 / 5 / h, 1 / 2 / h, 1 / 4 / h]);
  });

  it("α = 0 is uniform", () => {
    close(powerLawProbabilities(ranked, 0), [0.2, 0.2, 0.2, 0.2, 0.2]);
  });

  it("α = 100 picks rank 1 in at least 99.9% of 10,000 seeded draws", () => {
    const rng = new Random(7);
    const archive = new Set(ranked.map((p) => p.id));
    let top = 0;
    for (let i = 0; i < 10_000; i++) {
      const { parent } = selectParent({ parent_selection_strategy: "power_law", exploitation_alpha: 100 }, { island_programs: ranked, archive_ids: archive }, rng);
      if (parent.combined_score === 0.9) top++;
    }
    expect(top).toBeGreaterThanOrEqual(9_990);
  });

  it("breaks ties by original order (stable sort)", () => {
    const tied = [makeProgram({ combined_score: 1 }), makeProgram({ combined_score: 1 })];
    close(powerLawProbabilities(tied, 1), [1 / 1.5, 0.5 / 1.5]);
  });
});

describe("selectParent strategies", () => {
  it("weighted draws only from archive ∩ island ∩ correct, with the computed frequencies", () => {
    const inArchive = [makeProgram({ combined_score: 1 }), makeProgram({ combined_score: 2 })];
    const outside = makeProgram({ combined_score: 100 });
    const incorrect = makeProgram({ combined_score: 50, correct: false });
    const archive = new Set([...inArchive.map((p) => p.id), incorrect.id]);
    const rng = new Random(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const { parent } = selectParent({ parent_selection_strategy: "weighted" }, { island_programs: [...inArchive, outside, incorrect], archive_ids: archive }, rng);
      counts.set(parent.id, (counts.get(parent.id) ?? 0) + 1);
    }
    expect(counts.has(outside.id)).toBe(false);
    expect(counts.has(incorrect.id)).toBe(false);
    // F = 1, 2: median 1.5, MAD 0.5 -> s = σ(-10), σ(10).
    const p2 = sigmoid(10) / (sigmoid(10) + sigmoid(-10));
    expect((counts.get(inArchive[1]!.id) ?? 0) / 4000).toBeCloseTo(p2, 2);
  });

  it("weighted falls back to the best on the island, then a random correct one, then errors", () => {
    const a = makeProgram({ combined_score: 1 });
    const b = makeProgram({ combined_score: 3 });
    const rng = new Random(1);
    expect(selectParent({ parent_selection_strategy: "weighted" }, { island_programs: [a, b], archive_ids: new Set(), best: b }, rng).parent).toBe(b);
    const elsewhere = makeProgram({ combined_score: 9, island_idx: 1 });
    const picked = selectParent({ parent_selection_strategy: "weighted" }, { island_programs: [a, b], archive_ids: new Set(), best: elsewhere }, rng).parent;
    expect([a, b]).toContain(picked);
    expect(() =>
      selectParent({ parent_selection_strategy: "weighted" }, { island_programs: [makeProgram({ correct: false })], archive_ids: new Set() }, rng),
    ).toThrow(/Database empty/);
  });

  it("beam search keeps the locked parent for num_beams children, then locks onto the best (§19 case 24)", () => {
    const locked = makeProgram({ combined_score: 1 });
    const best = makeProgram({ combined_score: 5 });
    const island = [locked, best];
    const rng = new Random(2);
    const picks: string[] = [];
    let beam = locked;
    for (let i = 0; i < 6; i++) {
      const choice = selectParent({ parent_selection_strategy: "beam_search", num_beams: 5 }, { island_programs: island, archive_ids: new Set([locked.id, best.id]), best, beam_parent: beam }, rng);
      picks.push(choice.parent.id);
      choice.parent.children_count += 1;
      beam = island.find((p) => p.id === choice.beam_parent_id)!;
    }
    expect(picks).toEqual([locked.id, locked.id, locked.id, locked.id, locked.id, best.id]);
  });

  it("best_of_n always returns the generation-0 program; sequential the newest correct one", () => {
    const seed = makeProgram({ generation: 0, combined_score: 0.1 });
    const newer = makeProgram({ generation: 3, combined_score: 0.2, timestamp: 5_000 });
    const newestWrong = makeProgram({ generation: 4, correct: false, timestamp: 6_000 });
    const ctx = { island_programs: [seed, newer, newestWrong], archive_ids: new Set([seed.id, newer.id]) };
    const rng = new Random(4);
    for (let i = 0; i < 5; i++) expect(selectParent({ parent_selection_strategy: "best_of_n" }, ctx, rng).parent).toBe(seed);
    expect(selectParent({ parent_selection_strategy: "sequential" }, ctx, rng).parent).toBe(newer);
  });

  it("hill climbing and uniform are the α = 100 and α = 0 recipes", () => {
    const pool = [makeProgram({ combined_score: 1 }), makeProgram({ combined_score: 2 }), makeProgram({ combined_score: 3 })];
    const ctx = { island_programs: pool, archive_ids: new Set(pool.map((p) => p.id)) };
    const rng = new Random(5);
    const hill = new Map<number, number>();
    const uni = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const h = selectParent({ parent_selection_strategy: "hill_climbing" }, ctx, rng).parent.combined_score;
      hill.set(h, (hill.get(h) ?? 0) + 1);
      const u = selectParent({ parent_selection_strategy: "uniform" }, ctx, rng).parent.combined_score;
      uni.set(u, (uni.get(u) ?? 0) + 1);
    }
    expect(hill.get(3)).toBe(3000);
    for (const s of [1, 2, 3]) expect((uni.get(s) ?? 0) / 3000).toBeCloseTo(1 / 3, 1);
  });

  it("paper-era power law with exploitation_ratio 0 draws from every correct program on the island", () => {
    const archived = makeProgram({ combined_score: 1 });
    const other = makeProgram({ combined_score: 2 });
    const rng = new Random(6);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      seen.add(selectParent({ parent_selection_strategy: "power_law", exploitation_alpha: 0, exploitation_ratio: 0 }, { island_programs: [archived, other], archive_ids: new Set([archived.id]) }, rng).parent.id);
    }
    expect(seen).toEqual(new Set([archived.id, other.id]));
    seen.clear();
    for (let i = 0; i < 200; i++) {
      seen.add(selectParent({ parent_selection_strategy: "power_law", exploitation_alpha: 0 }, { island_programs: [archived, other], archive_ids: new Set([archived.id]) }, rng).parent.id);
    }
    expect(seen).toEqual(new Set([archived.id]));
  });

  it("fix mode draws an incorrect program uniformly", () => {
    const wrong = [makeProgram({ correct: false }), makeProgram({ correct: false })];
    const rng = new Random(8);
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) seen.add(fixModeParent([...wrong, makeProgram()], rng).id);
    expect(seen).toEqual(new Set(wrong.map((p) => p.id)));
  });

  it("is reproducible from the seed", () => {
    const pool = Array.from({ length: 20 }, (_, i) => makeProgram({ combined_score: Math.sin(i) }));
    const ctx = { island_programs: pool, archive_ids: new Set(pool.map((p) => p.id)) };
    const draw = (seed: number) => {
      const rng = new Random(seed);
      return Array.from({ length: 30 }, () => selectParent({ parent_selection_strategy: "weighted" }, ctx, rng).parent.id);
    };
    expect(draw(11)).toEqual(draw(11));
    expect(draw(11)).not.toEqual(draw(12));
  });
});
