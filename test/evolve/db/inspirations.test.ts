// Inspirations (evolve.md §7): best, elites, random archive members, top-k, order, crossover partner.
import { describe, expect, it } from "vitest";
import { crossoverPartner, orderInspirations, selectInspirations } from "../../../lib/evolve/db/inspirations.js";
import { Random } from "../../../lib/random.js";
import { program } from "./fixtures.js";

describe("inspirations (§7)", () => {
  const island = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => program(s, { island_idx: 0 }));
  const parent = island[4]!; // score 5
  const best = island[9]!; // score 10

  it("n = 5, ratio 0.3: the best, one elite (the next best), then three random members; never the parent", () => {
    for (let seed = 0; seed < 30; seed++) {
      const { archive, top_k } = selectInspirations({ parent, islandArchive: island, best, n: 5, eliteRatio: 0.3, k: 2 }, new Random(seed));
      expect(archive).toHaveLength(5);
      expect(archive[0]).toBe(best);
      expect(archive[1]!.combined_score).toBe(9);
      expect(new Set(archive.map((p) => p.id)).size).toBe(5);
      expect(archive).not.toContain(parent);
      // Top-k: the two best left over, excluding parent and archive inspirations.
      const left = island.filter((p) => p !== parent && !archive.includes(p)).sort((a, b) => b.combined_score - a.combined_score);
      expect(top_k).toEqual(left.slice(0, 2));
    }
  });

  it("under separation the global best from another island is not shown; the parent is never its own inspiration", () => {
    const foreignBest = program(100, { island_idx: 1 });
    const { archive } = selectInspirations({ parent, islandArchive: island, best: foreignBest, n: 1, eliteRatio: 0.3, k: 0 }, new Random(1));
    expect(archive).toHaveLength(1);
    expect(archive[0]!.island_idx).toBe(0);
    const self = selectInspirations({ parent: best, islandArchive: [best], best, n: 2, eliteRatio: 0.3, k: 2 }, new Random(1));
    expect(self).toEqual({ archive: [], top_k: [] });
  });

  it("without separation it may fill from other islands", () => {
    const foreign = program(50, { island_idx: 1 });
    const { archive, top_k } = selectInspirations(
      { parent, islandArchive: [parent], allArchive: [parent, foreign], best: foreign, n: 1, eliteRatio: 0, k: 1, separation: false },
      new Random(1),
    );
    expect(archive).toEqual([foreign]);
    expect(top_k).toEqual([]);
  });

  it("prompt order: de-duplicated, ascending by score (best last) or chronological; partner from the list", () => {
    const [a, b, c] = [program(3, { generation: 1 }), program(1, { generation: 3 }), program(2, { generation: 2 })];
    expect(orderInspirations([a, b], [b, c])).toEqual([b, c, a]);
    expect(orderInspirations([a, b], [c], "chronological")).toEqual([a, c, b]);
    expect(orderInspirations([a, b], [c], "none")).toEqual([a, b, c]);
    expect(crossoverPartner([], new Random(1))).toBeUndefined();
    expect([a, b]).toContain(crossoverPartner([a, b], new Random(1)));
  });
});
