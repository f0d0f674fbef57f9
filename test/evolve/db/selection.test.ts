// Parent selection against hand-computed values (evolve.md §6, §19 cases 22-24).
import { describe, expect, it } from "vitest";
import { powerLawProbabilities, selectParent, sigmoid, weightedProbabilities } from "../../../lib/evolve/db/selection.js";
import type { StoredProgram } from "../../../lib/evolve/store.js";
import { Random } from "../../../lib/random.js";
import { config, program } from "./fixtures.js";

const all = () => true;
const base = config();

describe("weighted (§6)", () => {
  it("equal scores give s = 0.5; children 0, 1, 3 give weights 0.5, 0.25, 0.125", () => {
    const pool = [program(1), program(1, { children_count: 1 }), program(1, { children_count: 3 })];
    const total = 0.5 + 0.25 + 0.125;
    const probs = weightedProbabilities(pool, 10);
    [0.5, 0.25, 0.125].forEach((w, i) => expect(probs[i]).toBeCloseTo(w / total, 15));
  });

  it("uses the median and MAD: scores 1, 2, 4 -> s = σ(-10), σ(0), σ(20)", () => {
    // median 2; |F - 2| = 1, 0, 2 -> MAD 1; λ = 10.
    const s = [1 / (1 + Math.exp(10)), 0.5, 1 / (1 + Math.exp(-20))];
    const total = s[0]! + s[1]! + s[2]!;
    const probs = weightedProbabilities([program(1), program(2), program(4)], 10);
    s.forEach((w, i) => expect(probs[i]).toBeCloseTo(w / total, 12));
    // Even count: median is the mean of the middle two (2 and 4 -> 3); deviations 2,1,1,3 -> MAD 1.5.
    const even = weightedProbabilities([program(1), program(2), program(4), program(6)], 2);
    const se = [1, 2, 4, 6].map((f) => sigmoid((2 * (f - 3)) / 1.5));
    const te = se.reduce((a, b) => a + b, 0);
    se.forEach((w, i) => expect(even[i]).toBeCloseTo(w / te, 12));
  });

  it("is invariant to the fitness scale and falls back to uniform when every weight is zero", () => {
    const a = weightedProbabilities([program(1), program(2), program(4)], 10);
    const b = weightedProbabilities([program(1000), program(2000), program(4000)], 10);
    a.forEach((q, i) => expect(q).toBeCloseTo(b[i]!, 12));
    const zero = weightedProbabilities([program(1, { children_count: Infinity }), program(2, { children_count: Infinity })], 10);
    expect(zero).toEqual([0.5, 0.5]);
  });

  it("draws from archive ∩ island ∩ correct only, falling back to the best, then a random correct one", () => {
    const inArchive = program(5);
    const outside = program(9);
    const wrong = program(100, { correct: false });
    const rng = new Random(3);
    const archive = new Set([inArchive.id, wrong.id]);
    for (let i = 0; i < 50; i++) {
      const { parent } = selectParent({ config: base, island: [inArchive, outside, wrong], inArchive: (p) => archive.has(p.id) }, rng);
      expect(parent).toBe(inArchive);
    }
    const best = program(7);
    expect(selectParent({ config: base, island: [outside, best], inArchive: () => false, best }, rng).parent).toBe(best);
    expect(selectParent({ config: base, island: [outside], inArchive: () => false, best }, rng).parent).toBe(outside);
    expect(() => selectParent({ config: base, island: [wrong], inArchive: () => false }, rng)).toThrow(/Database empty/);
  });
});

describe("power law (§6, §19 case 22)", () => {
  it("alpha 1 -> 1, 1/2, ..., 1/5 by rank; alpha 0 uniform; alpha 100 picks rank 1 in >= 99.9% of draws", () => {
    const pool = [program(3), program(5), program(1), program(4), program(2)];
    const h = 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5;
    const probs = powerLawProbabilities(pool, 1);
    [3, 1, 5, 2, 4].forEach((rank, i) => expect(probs[i]).toBeCloseTo(1 / rank / h, 14));
    for (const q of powerLawProbabilities(pool, 0)) expect(q).toBeCloseTo(0.2, 14);
    const rng = new Random(1);
    const cfg = config({ parent_selection_strategy: "power_law", exploitation_alpha: 100 });
    let top = 0;
    for (let i = 0; i < 10_000; i++) if (selectParent({ config: cfg, island: pool, inArchive: all }, rng).parent.combined_score === 5) top += 1;
    expect(top / 10_000).toBeGreaterThanOrEqual(0.999);
  });

  it("ties keep their input order (stable ranks)", () => {
    const probs = powerLawProbabilities([program(1), program(1)], 1);
    expect(probs[0]).toBeCloseTo(1 / 1.5, 14);
    expect(probs[1]).toBeCloseTo(0.5 / 1.5, 14);
  });

  it("paper-era exploitation_ratio 0 draws from all correct programs of the island, not just the archive", () => {
    const archived = program(1);
    const others = [program(50), program(60)];
    const archive = new Set([archived.id]);
    const head = config({ parent_selection_strategy: "power_law", exploitation_alpha: 0 });
    const paper = config({ parent_selection_strategy: "power_law", exploitation_alpha: 0, exploitation_ratio: 0 });
    const rng = new Random(5);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      expect(selectParent({ config: head, island: [archived, ...others], inArchive: (p) => archive.has(p.id) }, rng).parent).toBe(archived);
      seen.add(selectParent({ config: paper, island: [archived, ...others], inArchive: (p) => archive.has(p.id) }, rng).parent.id);
    }
    expect(seen.size).toBe(3);
  });
});

describe("other strategies (§6 table)", () => {
  it("beam search keeps the locked parent for num_beams children, then locks onto the best (§19 case 24)", () => {
    const locked = program(1);
    const best = program(9);
    const cfg = config({ parent_selection_strategy: "beam_search", num_beams: 5 });
    const rng = new Random(2);
    const picks: StoredProgram[] = [];
    for (let i = 0; i < 6; i++) {
      const pick = selectParent({ config: cfg, island: [locked, best], inArchive: all, best, beamParent: locked }, rng);
      picks.push(pick.parent);
      expect(pick.beam).toBe(pick.parent.id);
      pick.parent.children_count += 1;
    }
    expect(picks.slice(0, 5)).toEqual([locked, locked, locked, locked, locked]);
    expect(picks[5]).toBe(best);
  });

  it("best_of_n always takes the generation-0 program; sequential the newest correct one", () => {
    const seed = program(0.1, { generation: 0 });
    const newer = program(0.5, { timestamp: 5000 });
    const newestWrong = program(0.9, { timestamp: 6000, correct: false });
    const rng = new Random(4);
    const island = [seed, newer, newestWrong];
    expect(selectParent({ config: config({ parent_selection_strategy: "best_of_n" }), island, inArchive: all }, rng).parent).toBe(seed);
    expect(selectParent({ config: config({ parent_selection_strategy: "sequential" }), island, inArchive: all }, rng).parent).toBe(newer);
  });

  it("hill_climbing picks the best; uniform spreads over the archive", () => {
    const pool = [program(1), program(3), program(2)];
    const rng = new Random(6);
    const counts = new Map<string, number>();
    const hill = config({ parent_selection_strategy: "hill_climbing" });
    const uniform = config({ parent_selection_strategy: "uniform" });
    for (let i = 0; i < 3000; i++) {
      expect(selectParent({ config: hill, island: pool, inArchive: all }, rng).parent).toBe(pool[1]);
      const id = selectParent({ config: uniform, island: pool, inArchive: all }, rng).parent.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const p of pool) expect(counts.get(p.id)! / 3000).toBeCloseTo(1 / 3, 1);
  });
});
