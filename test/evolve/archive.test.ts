import { describe, expect, it } from "vitest";
import { archiveDecision, archiveScores, percentiles, updateArchive } from "../../lib/evolve/archive.js";
import type { Program } from "../../lib/evolve/program.js";
import { isBetter } from "../../lib/evolve/program.js";
import { makeProgram } from "./database-fixtures.js";

class MemoryArchive {
  members: Program[] = [];
  constructor(private readonly all: Map<string, Program>) {}
  archiveMembers() {
    return this.members;
  }
  addToArchive(id: string) {
    this.members.push(this.all.get(id)!);
  }
  removeFromArchive(id: string) {
    this.members = this.members.filter((m) => m.id !== id);
  }
}

describe("isBetter (§3.3)", () => {
  it("correct beats incorrect, then score, then public metrics when both scores are missing, ties to the newer", () => {
    expect(isBetter(makeProgram({ correct: true, combined_score: 0 }), makeProgram({ correct: false, combined_score: 9 }))).toBe(true);
    expect(isBetter(makeProgram({ combined_score: 2 }), makeProgram({ combined_score: 1 }))).toBe(true);
    expect(isBetter(makeProgram({ combined_score: 1 }), makeProgram({ combined_score: 2 }))).toBe(false);
    const a = makeProgram({ combined_score: Number.NaN, public_metrics: { x: 3, y: 1 } });
    const b = makeProgram({ combined_score: Number.NaN, public_metrics: { x: 1, note: "text" } });
    expect(isBetter(a, b)).toBe(true);
    expect(isBetter(b, a)).toBe(false);
    const older = makeProgram({ combined_score: 1, timestamp: 10 });
    const newer = makeProgram({ combined_score: 1, timestamp: 20 });
    expect(isBetter(newer, older)).toBe(true);
    expect(isBetter(older, newer)).toBe(false);
  });
});

describe("archive update (§5, §19 case 27)", () => {
  const setup = (scores: number[], size: number) => {
    const all = new Map<string, Program>();
    const archive = new MemoryArchive(all);
    for (const s of scores) {
      const p = makeProgram({ combined_score: s });
      all.set(p.id, p);
      updateArchive(archive, p, { archive_size: size });
    }
    const add = (overrides: Partial<Program>) => {
      const p = makeProgram(overrides);
      all.set(p.id, p);
      return { p, decision: updateArchive(archive, p, { archive_size: size }) };
    };
    return { archive, add };
  };

  it("incorrect programs never enter", () => {
    const { archive, add } = setup([], 3);
    expect(add({ correct: false, combined_score: 100 }).decision.action).toBe("reject");
    expect(archive.members).toHaveLength(0);
  });

  it("inserts while there is room", () => {
    const { archive } = setup([1, 2, 3], 3);
    expect(archive.members.map((m) => m.combined_score)).toEqual([1, 2, 3]);
  });

  it("full + worse newcomer leaves it unchanged; better replaces the worst", () => {
    const { archive, add } = setup([1, 2, 3], 3);
    const worse = add({ combined_score: 0.5 });
    expect(worse.decision.action).toBe("reject");
    expect(archive.members.map((m) => m.combined_score)).toEqual([1, 2, 3]);
    const better = add({ combined_score: 1.5 });
    expect(better.decision).toMatchObject({ action: "replace" });
    expect(archive.members.map((m) => m.combined_score).sort()).toEqual([1.5, 2, 3]);
  });

  it("crowding replaces the most similar member only if better, else falls back to fitness without an embedding", () => {
    const members = [
      makeProgram({ combined_score: 1, embedding: [1, 0] }),
      makeProgram({ combined_score: 5, embedding: [0, 1] }),
      makeProgram({ combined_score: 3, embedding: [1, 1] }),
    ];
    const config = { archive_size: 3, archive_selection_strategy: "crowding" as const };
    const nearTheGood = makeProgram({ combined_score: 4, embedding: [0.1, 1] });
    expect(archiveDecision(members, nearTheGood, config)).toMatchObject({ action: "reject" });
    const nearTheWorst = makeProgram({ combined_score: 2, embedding: [1, 0.05] });
    expect(archiveDecision(members, nearTheWorst, config)).toEqual({ action: "replace", remove: members[0]!.id });
    const nearTheMiddle = makeProgram({ combined_score: 3.5, embedding: [1, 0.9] });
    expect(archiveDecision(members, nearTheMiddle, config)).toEqual({ action: "replace", remove: members[2]!.id });
    const noEmbedding = makeProgram({ combined_score: 2 });
    expect(archiveDecision(members, noEmbedding, config)).toEqual({ action: "replace", remove: members[0]!.id });
  });

  it("percentiles share the average rank on ties", () => {
    expect(percentiles([10, 20, 20, 30])).toEqual([0, 0.5, 0.5, 1]);
    expect(percentiles([7])).toEqual([1]);
  });

  it("{combined_score: 1, loc: -0.3}: the shorter of two equal-score programs ranks higher", () => {
    const long = makeProgram({ combined_score: 2, metadata: { code_analysis_metrics: { loc: 200 } } });
    const short = makeProgram({ combined_score: 2, metadata: { code_analysis_metrics: { loc: 50 } } });
    const scores = archiveScores([long, short], { combined_score: 1, loc: -0.3 });
    // Both combined percentiles 0.5; loc percentiles 1 (long) and 0 (short).
    expect(scores.get(long.id)).toBeCloseTo(0.5 - 0.3, 12);
    expect(scores.get(short.id)).toBeCloseTo(0.5, 12);
    const criteria = { combined_score: 1, loc: -0.3 };
    expect(archiveDecision([long], short, { archive_size: 1, archive_criteria: criteria })).toEqual({ action: "replace", remove: long.id });
    expect(archiveDecision([short], long, { archive_size: 1, archive_criteria: criteria }).action).toBe("reject");
  });
});
