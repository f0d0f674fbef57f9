// The archive (evolve.md §5, §19 case 27) and the "better than" order (§3.3).
import { describe, expect, it } from "vitest";
import { archiveDecision } from "../../../lib/evolve/db/archive.js";
import { isBetter } from "../../../lib/evolve/db/order.js";
import { program } from "./fixtures.js";

describe("isBetter (§3.3)", () => {
  it("correct beats incorrect, then score, then the mean of public metrics when both scores are missing, ties to the newer", () => {
    expect(isBetter(program(0, { correct: true }), program(100, { correct: false }))).toBe(true);
    expect(isBetter(program(2), program(3))).toBe(false);
    const a = { correct: true, combined_score: null, public_metrics: { x: 1, y: 5, label: "n/a" }, timestamp: 1 };
    const b = { correct: true, combined_score: null, public_metrics: { x: 2, y: 2 }, timestamp: 2 };
    expect(isBetter(a, b)).toBe(true);
    const older = program(1, { timestamp: 1 });
    const newer = program(1, { timestamp: 2 });
    expect(isBetter(newer, older)).toBe(true);
    expect(isBetter(older, newer)).toBe(false);
    // A NaN score reads as 0.
    expect(isBetter(program(Number.NaN), program(-1))).toBe(true);
  });
});

describe("archive (§5)", () => {
  it("incorrect programs never enter", () => {
    expect(archiveDecision(program(100, { correct: false }), [], 3)).toEqual({ action: "skip" });
  });

  it("not full -> insert; full + worse newcomer -> unchanged; better -> replaces the worst", () => {
    const members = [program(5), program(2), program(8)];
    expect(archiveDecision(program(1), members.slice(0, 2), 3)).toEqual({ action: "insert" });
    expect(archiveDecision(program(1), members, 3)).toEqual({ action: "skip" });
    expect(archiveDecision(program(3), members, 3)).toEqual({ action: "replace", evict: members[1]!.id });
  });

  it("an equal score replaces the worst (ties go to the newer program); a member is never re-added", () => {
    const members = [program(5), program(2)];
    expect(archiveDecision(program(2), members, 2)).toEqual({ action: "replace", evict: members[1]!.id });
    expect(archiveDecision(members[0]!, members, 5)).toEqual({ action: "skip" });
  });
});
