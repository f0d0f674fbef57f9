import { describe, expect, it } from "vitest";
import {
  EmbeddingIndex,
  checkNovelty,
  chatJudge,
  cosineSimilarity,
  maxSimilarity,
  noveltyApplies,
  onNoveltyExhausted,
  parseJudgeReply,
  type NoveltyJudge,
} from "../../lib/evolve/novelty.js";
import { makeProgram } from "./database-fixtures.js";

/** A unit vector at cosine `c` to [1, 0, 0]. */
const atCosine = (c: number) => [c, Math.sqrt(1 - c * c), 0];

describe("cosine similarity", () => {
  it("matches hand-computed values", () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(cosineSimilarity([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
  });

  it("the index's maximum equals a direct scan, per island, following migrations", () => {
    const programs = [
      makeProgram({ island_idx: 0, embedding: [1, 0, 0] }),
      makeProgram({ island_idx: 0, embedding: [0, 2, 0] }),
      makeProgram({ island_idx: 1, embedding: [3, 3, 0] }),
      makeProgram({ island_idx: 1, embedding: null }),
    ];
    const index = EmbeddingIndex.fromPrograms(programs);
    const q = [1, 1, 0.5];
    const direct = maxSimilarity(q, programs.slice(0, 2));
    const fast = index.maxSimilarity(0, q);
    expect(fast.most_similar_id).toBe(direct.most_similar_id);
    expect(fast.similarity!).toBeCloseTo(direct.similarity!, 6);
    expect(index.maxSimilarity(1, q).most_similar_id).toBe(programs[2]!.id);
    index.move(programs[2]!.id, 0);
    expect(index.size(1)).toBe(0);
    expect(index.maxSimilarity(0, [1, 1, 0]).most_similar_id).toBe(programs[2]!.id);
    expect(index.maxSimilarity(5, q)).toEqual({ similarity: null, most_similar_id: null });
  });
});

describe("novelty decision (§8, §19 case 29)", () => {
  const island = [makeProgram({ code: "existing", embedding: [1, 0, 0] })];
  const lookup = (id: string) => island.find((p) => p.id === id);
  const run = (c: number, judge?: NoveltyJudge) =>
    checkNovelty({ candidate: { code: "candidate", embedding: atCosine(c) }, similarity: maxSimilarity(atCosine(c), island), threshold: 0.95, lookup, ...(judge ? { judge } : {}) });

  it("m = 0.90 ≤ 0.95 is accepted without calling the judge", async () => {
    let calls = 0;
    const decision = await run(0.9, async () => {
      calls++;
      return { novel: false, explanation: "" };
    });
    expect(decision.accepted).toBe(true);
    expect(decision.judged).toBe(false);
    expect(decision.max_similarity).toBeCloseTo(0.9, 12);
    expect(calls).toBe(0);
  });

  it("m exactly at the threshold is accepted; just above is rejected without a judge", async () => {
    expect((await run(0.95)).accepted).toBe(true);
    const above = await run(0.951);
    expect(above.accepted).toBe(false);
    expect(above.most_similar_id).toBe(island[0]!.id);
  });

  it("m = 0.97 with a judge: NOVEL accepts, NOT_NOVEL rejects; the judge sees both programs", async () => {
    const seen: [string, string][] = [];
    const judge = (reply: string): NoveltyJudge => chatJudge(async (messages) => {
      seen.push([messages[1]!.content.includes("candidate") ? "candidate" : "", messages[1]!.content.includes("existing") ? "existing" : ""]);
      return { content: reply };
    });
    const novel = await run(0.97, judge("  NOVEL: uses a different algorithm"));
    expect(novel).toMatchObject({ accepted: true, judged: true, explanation: "uses a different algorithm" });
    const notNovel = await run(0.97, judge("NOT_NOVEL: only renamed variables"));
    expect(notNovel).toMatchObject({ accepted: false, judged: true, explanation: "only renamed variables" });
    expect(seen).toEqual([
      ["candidate", "existing"],
      ["candidate", "existing"],
    ]);
  });

  it("a failing judge or an empty reply means not novel", async () => {
    const failing = await run(0.99, async () => {
      throw new Error("429 after retries");
    });
    expect(failing).toMatchObject({ accepted: false, judged: true });
    expect(failing.explanation).toContain("429");
    expect(parseJudgeReply("").novel).toBe(false);
    expect(parseJudgeReply("novel").novel).toBe(false);
    expect(parseJudgeReply("\n\tNOVEL").novel).toBe(true);
  });

  it("an island without embeddings accepts", async () => {
    const decision = await checkNovelty({ candidate: { code: "c", embedding: [1, 0] }, similarity: maxSimilarity([1, 0], []), lookup: () => undefined });
    expect(decision).toMatchObject({ accepted: true, max_similarity: null });
  });

  it("applies only after generation 0 with a parent and every island initialized", () => {
    expect(noveltyApplies({ generation: 1, has_parent: true, all_islands_initialized: true })).toBe(true);
    expect(noveltyApplies({ generation: 0, has_parent: true, all_islands_initialized: true })).toBe(false);
    expect(noveltyApplies({ generation: 3, has_parent: false, all_islands_initialized: true })).toBe(false);
    expect(noveltyApplies({ generation: 3, has_parent: true, all_islands_initialized: false })).toBe(false);
  });

  it("exhausted attempts fail at stage novelty unless submit_last", () => {
    expect(onNoveltyExhausted()).toEqual({ evaluate: false, failure_stage: "novelty" });
    expect(onNoveltyExhausted("fail")).toEqual({ evaluate: false, failure_stage: "novelty" });
    expect(onNoveltyExhausted("submit_last")).toEqual({ evaluate: true, failure_stage: null });
  });
});
