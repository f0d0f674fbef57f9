// Novelty helpers (evolve.md §8, §19 case 29).
import { describe, expect, it } from "vitest";
import { cosineSimilarity, judgeSaysNovel, mostSimilar, mostSimilarNormalized, normalized, noveltyDecision } from "../../../lib/evolve/db/novelty.js";

/** A unit vector whose cosine with [1, 0] is exactly m. */
const at = (m: number) => [m, Math.sqrt(1 - m * m)];

describe("novelty (§8)", () => {
  it("cosine similarity: scale-free, orthogonal 0, zero vector 0, mismatched lengths 0", () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(cosineSimilarity([1], [1, 0])).toBe(0);
    const near = mostSimilar([1, 0], [{ id: "a", embedding: at(0.2) }, { id: "b", embedding: [9, 0.9] }]);
    expect(near.id).toBe("b");
    expect(near.similarity).toBeCloseTo(9 / Math.sqrt(81 + 0.81), 12);
    const fast = mostSimilarNormalized(normalized([1, 0]), [{ id: "a", unit: normalized(at(0.2)) }, { id: "b", unit: normalized([9, 0.9]) }]);
    expect(fast.id).toBe("b");
    expect(fast.similarity).toBeCloseTo(near.similarity, 6);
  });

  it("m = 0.90 at η = 0.95 is accepted without calling the judge", async () => {
    let calls = 0;
    const judge = async () => {
      calls += 1;
      return { novel: false, explanation: "" };
    };
    const verdict = await noveltyDecision("code", mostSimilar([1, 0], [{ id: "a", embedding: at(0.9) }]), 0.95, judge);
    expect(verdict.novel).toBe(true);
    expect(verdict.judged).toBe(false);
    expect(verdict.max_similarity).toBeCloseTo(0.9, 12);
    expect(calls).toBe(0);
  });

  it("m = 0.97: the judge's NOVEL accepts, NOT_NOVEL rejects, a failing judge rejects, no judge rejects", async () => {
    const nearest = mostSimilar([1, 0], [{ id: "a", embedding: at(0.97) }, { id: "b", embedding: at(0.5) }]);
    expect(nearest.id).toBe("a");
    const reply = (text: string) => async () => ({ novel: judgeSaysNovel(text), explanation: text });
    expect((await noveltyDecision("c", nearest, 0.95, reply("  NOVEL: new algorithm"))).novel).toBe(true);
    const rejected = await noveltyDecision("c", nearest, 0.95, reply("NOT_NOVEL: renamed variables"));
    expect(rejected).toMatchObject({ novel: false, judged: true, similar_id: "a", explanation: "NOT_NOVEL: renamed variables" });
    const failing = await noveltyDecision("c", nearest, 0.95, async () => {
      throw new Error("timeout");
    });
    expect(failing.novel).toBe(false);
    expect((await noveltyDecision("c", nearest, 0.95)).novel).toBe(false);
    // Nothing on the island to compare with: novel.
    expect((await noveltyDecision("c", mostSimilar([1, 0], []), 0.95)).novel).toBe(true);
  });

  it("judge replies: NOVEL after whitespace only; empty and NOT_NOVEL are not novel", () => {
    expect(judgeSaysNovel("\n NOVEL because")).toBe(true);
    expect(judgeSaysNovel("NOT_NOVEL")).toBe(false);
    expect(judgeSaysNovel("")).toBe(false);
    expect(judgeSaysNovel(undefined)).toBe(false);
    expect(judgeSaysNovel("novel")).toBe(false);
  });
});
