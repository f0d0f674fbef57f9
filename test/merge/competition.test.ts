// The spec's oracles for resource competition, attraction and replacement (m2n2_qd.md §4-§6, §10).
import { describe, expect, it } from "vitest";
import { Archive } from "../../lib/merge/archive.js";
import { attraction, sharedFitness } from "../../lib/merge/competition.js";
import { Random } from "../../lib/random.js";

const scores = (rows: number[][]) => Float32Array.from(rows.flat());

describe("resource competition", () => {
  it("alpha = 0 counts correct examples; alpha = 1 splits each datapoint among its solvers", () => {
    const s = scores([
      [1, 1, 0, 0],
      [1, 0, 1, 0],
      [1, 0, 0, 0],
    ]);
    expect(Array.from(sharedFitness(s, 3, 4, 0).f)).toEqual([2, 2, 1]);
    const { f } = sharedFitness(s, 3, 4, 1);
    expect(f[0]).toBeCloseTo(1 / 3 + 1, 12);
    expect(f[1]).toBeCloseTo(1 / 3 + 1, 12);
    expect(f[2]).toBeCloseTo(1 / 3, 12);
  });

  it("attraction is what B solves where A does not, weighted by sharing; g(A, A) = 0", () => {
    const s = scores([
      [1, 1, 0, 0],
      [1, 0, 1, 1],
      [0, 1, 0, 0],
    ]);
    const { F } = sharedFitness(s, 3, 4, 1);
    const g = attraction(F, 3, 4, 0);
    expect(g[0]).toBe(0);
    // Row 1 holds datapoints 2 and 3 alone (1 each) that row 0 lacks; row 2 holds nothing row 0 lacks
    // (datapoint 1 is shared, so both have 1/2 there).
    expect(g[1]).toBeCloseTo(2, 12);
    expect(g[2]).toBeCloseTo(0, 12);
  });
});

describe("archive replacement", () => {
  function archiveWith(rows: number[][]): Archive {
    const archive = new Archive({ size: rows.length, dim: 1, samples: rows[0]!.length, alpha: 1 });
    rows.forEach((row, k) => {
      archive.scoreRow(k).set(row);
      archive.row(k)[0] = k;
      archive.filled[k] = true;
    });
    return archive;
  }

  it("a child tying with the worst member replaces it (lowest index on ties)", () => {
    const archive = archiveWith([
      [1, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
    // Over archive + child [0, 0, 1, 0]: rows 1 and the child share datapoint 2 (1/2 each); row 2 has 1.
    // The minimum 1/2 ties between row 1 and the child: row 1, the lower index, leaves.
    expect(archive.tell(Float32Array.of(9), [0, 0, 1, 0])).toBe(1);
    expect(archive.row(1)[0]).toBe(9);
  });

  it("never evicts a strictly better member: a child worse than all is discarded", () => {
    const archive = archiveWith([
      [1, 1, 0, 0],
      [0, 0, 1, 1],
    ]);
    expect(archive.tell(Float32Array.of(9), [1, 0, 0, 0])).toBe(-1);
    expect(Array.from(archive.params)).toEqual([0, 1]);
  });

  it("uses archive-only sharing for selection but archive + child for replacement", () => {
    const archive = archiveWith([
      [1, 0],
      [0, 1],
    ]);
    // Archive-only: each solves one datapoint alone, fitness 1 each.
    expect(Array.from(archive.fitness().f)).toEqual([1, 1]);
    // With child [1, 1] the totals are 2 and 2: rows 0, 1 and child have 1/2, 1/2, 1 -> row 0 leaves.
    expect(archive.tell(Float32Array.of(5), [1, 1])).toBe(0);
  });

  it("empty slots are never drawn and the all-zero attraction falls back to the other filled slots", () => {
    const archive = new Archive({ size: 4, dim: 1, samples: 2, alpha: 1 });
    archive.tell(Float32Array.of(1), [1, 1]);
    archive.tell(Float32Array.of(2), [1, 0]);
    const random = new Random(5);
    const { F, f } = archive.fitness();
    for (let i = 0; i < 50; i++) {
      const a = archive.selectFirst(random, f);
      expect(archive.filled[a]).toBe(true);
      const b = archive.selectSecond(random, F, f, a, true);
      expect(archive.filled[b]).toBe(true);
      expect(b).not.toBe(a);
    }
  });

  it("rejects scores outside [0, 1] and children of the wrong length", () => {
    const archive = new Archive({ size: 2, dim: 2, samples: 2, alpha: 1 });
    expect(() => archive.tell(Float32Array.of(0, 0), [Number.NaN, 0])).toThrow(/childScores\[0\]/);
    expect(() => archive.tell(Float32Array.of(0), [0, 0])).toThrow(/child must have 2/);
    expect(() => new Archive({ size: 0, dim: 1, samples: 1, alpha: 1 })).toThrow(/size/);
  });
});
