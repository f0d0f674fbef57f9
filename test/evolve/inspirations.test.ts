import { describe, expect, it } from "vitest";
import { Random } from "../../lib/random.js";
import { crossoverPartner, orderInspirations, selectInspirations } from "../../lib/evolve/inspirations.js";
import { makeProgram } from "./database-fixtures.js";

const scoresOf = (list: { combined_score: number }[]) => list.map((p) => p.combined_score);

describe("inspirations (§7)", () => {
  const island0 = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => makeProgram({ island_idx: 0, combined_score: s, generation: 10 - s }));
  const island1 = [50, 60].map((s) => makeProgram({ island_idx: 1, combined_score: s }));
  const archive = [...island0, ...island1];
  const parent = island0[3]!; // score 4

  it("n = 5, ratio 0.3: best of the island, one more elite, then random; top-k excludes them and the parent", () => {
    const config = { num_archive_inspirations: 5, num_top_k_inspirations: 2, elite_selection_ratio: 0.3 };
    const rng = new Random(1);
    for (let trial = 0; trial < 20; trial++) {
      // The global best (60) is on island 1: not used under separation.
      const result = selectInspirations(config, { parent, archive, best: island1[1] }, rng);
      const chosen = scoresOf(result.archive_inspirations);
      expect(chosen).toHaveLength(5);
      expect(chosen.slice(0, 1)).toEqual([8]); // floor(5 * 0.3) = 1 elite
      expect(chosen).not.toContain(4);
      expect(chosen.every((s) => s < 10)).toBe(true);
      const top = scoresOf(result.top_k_inspirations);
      const rest = [1, 2, 3, 5, 6, 7, 8].filter((s) => !chosen.includes(s)).sort((a, b) => b - a);
      expect(top).toEqual(rest.slice(0, 2));
      expect(scoresOf(result.ordered)).toEqual([...chosen, ...top].sort((a, b) => a - b));
    }
  });

  it("takes the global best first when it is on the parent's island", () => {
    const config = { num_archive_inspirations: 1, num_top_k_inspirations: 1, elite_selection_ratio: 0.3 };
    const result = selectInspirations(config, { parent, archive, best: island0[7] }, new Random(2));
    expect(scoresOf(result.archive_inspirations)).toEqual([8]);
    expect(scoresOf(result.top_k_inspirations)).toEqual([7]);
  });

  it("never takes the parent or incorrect programs; separation off draws from every island", () => {
    const wrong = makeProgram({ island_idx: 0, combined_score: 100, correct: false });
    const config = { num_archive_inspirations: 10, num_top_k_inspirations: 0, elite_selection_ratio: 0.3, enforce_island_separation: false };
    const result = selectInspirations(config, { parent, archive: [...archive, wrong], best: island1[1] }, new Random(3));
    const ids = result.archive_inspirations.map((p) => p.id);
    expect(ids).not.toContain(parent.id);
    expect(ids).not.toContain(wrong.id);
    expect(new Set(ids).size).toBe(9);
    expect(ids[0]).toBe(island1[1]!.id);
  });

  it("orders ascending, chronologically or as drawn, de-duplicated", () => {
    const a = makeProgram({ combined_score: 3, generation: 1 });
    const b = makeProgram({ combined_score: 1, generation: 5 });
    const c = makeProgram({ combined_score: 2, generation: 3 });
    expect(orderInspirations([a, b, c, a], "ascending")).toEqual([b, c, a]);
    expect(orderInspirations([b, c, a], "chronological")).toEqual([a, c, b]);
    expect(orderInspirations([b, a, b], "none")).toEqual([b, a]);
  });

  it("the crossover partner is drawn uniformly from the shown list", () => {
    const list = [makeProgram(), makeProgram(), makeProgram()];
    const rng = new Random(4);
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const p = crossoverPartner(list, rng)!;
      counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
    }
    for (const p of list) expect(counts.get(p.id)! / 3000).toBeCloseTo(1 / 3, 1);
    expect(crossoverPartner([], rng)).toBeUndefined();
  });
});
