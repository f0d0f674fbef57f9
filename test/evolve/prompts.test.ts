// Prompt assembly (§10): patch-type sampling, the system prompt's order, what the user turn
// shows for each patch type, and what it must never show (§19 case 32).
import { describe, expect, it } from "vitest";
import { buildPatchMessages, FULL_VARIANTS, patchRetryMessage, samplePatchType } from "../../lib/evolve/prompts.js";
import { Random } from "../../lib/random.js";

const PARENT = {
  code: "# EVOLVE-BLOCK-START\nx = 1\n# EVOLVE-BLOCK-END\n",
  combined_score: 0.5,
  correct: true,
  public_metrics: { sum_radii: 0.5, note: "ok" },
  text_feedback: "FEEDBACK-TEXT",
};

describe("samplePatchType (§10.1)", () => {
  it("draws in proportion to the probabilities", () => {
    const rng = new Random(1);
    const counts = { diff: 0, full: 0, cross: 0, fix: 0 };
    for (let i = 0; i < 10_000; i++) counts[samplePatchType(["diff", "full", "cross"], [0.6, 0.3, 0.1], rng)]++;
    expect(counts.diff / 10_000).toBeCloseTo(0.6, 1);
    expect(counts.full / 10_000).toBeCloseTo(0.3, 1);
    expect(counts.cross / 10_000).toBeCloseTo(0.1, 1);
  });

  it("drops cross without inspirations and renormalises", () => {
    const rng = new Random(2);
    let full = 0;
    for (let i = 0; i < 9000; i++) {
      const t = samplePatchType(["diff", "full", "cross"], [0.6, 0.3, 0.1], rng, false);
      expect(t).not.toBe("cross");
      if (t === "full") full++;
    }
    expect(full / 9000).toBeCloseTo(1 / 3, 1);
  });

  it("rejects probabilities that do not sum to 1, naming the key", () => {
    expect(() => samplePatchType(["diff", "full"], [0.5, 0.6], new Random(0))).toThrow(/patch_type_probs/);
    expect(() => samplePatchType(["diff", "full"], [1], new Random(0))).toThrow(RangeError);
  });
});

describe("buildPatchMessages (§10.2-10.3)", () => {
  it("diff: task message, then the recommendation, then the SEARCH/REPLACE format", () => {
    const [system, user] = buildPatchMessages({ patch_type: "diff", task_sys_msg: "TASK-MSG", parent: PARENT, language: "python", meta_recommendation: "REC-1" });
    expect(system!.role).toBe("system");
    const s = system!.content;
    expect(s.indexOf("TASK-MSG")).toBeLessThan(s.indexOf("REC-1"));
    expect(s.indexOf("REC-1")).toBeLessThan(s.indexOf("<<<<<<< SEARCH"));
    expect(s).toContain("<DIFF>");
    expect(s).not.toContain("<CODE>");
    expect(user!.content).toContain("```py\n# EVOLVE-BLOCK-START\nx = 1\n# EVOLVE-BLOCK-END\n```");
    expect(user!.content).toContain("sum_radii: 0.5");
    expect(user!.content).toContain("combined_score");
  });

  it("never shows private metrics; text feedback only when enabled (§19 case 32)", () => {
    const parent = { ...PARENT, private_metrics: { secret: "PRIVATE-VALUE" } } as typeof PARENT;
    const off = buildPatchMessages({ patch_type: "diff", task_sys_msg: "t", parent, language: "python" });
    expect(JSON.stringify(off)).not.toContain("PRIVATE-VALUE");
    expect(JSON.stringify(off)).not.toContain("FEEDBACK-TEXT");
    const on = buildPatchMessages({ patch_type: "diff", task_sys_msg: "t", parent, language: "python", use_text_feedback: true });
    expect(on[1]!.content).toContain("FEEDBACK-TEXT");
    expect(JSON.stringify(on)).not.toContain("PRIVATE-VALUE");
  });

  it("full: asks for a fenced program in the task language; the variant is sampled from five", () => {
    expect(FULL_VARIANTS).toHaveLength(5);
    const rng = new Random(4);
    const asks = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const [system, user] = buildPatchMessages({ patch_type: "full", task_sys_msg: "t", parent: PARENT, language: "javascript", rng });
      expect(system!.content).toContain("<CODE>");
      expect(system!.content).toContain("```js");
      asks.add(user!.content.split("# Task\n")[1]!);
    }
    expect(asks.size).toBe(5);
  });

  it("cross: shows both programs and no recommendation", () => {
    const partner = { ...PARENT, code: "# EVOLVE-BLOCK-START\nx = 2\n# EVOLVE-BLOCK-END\n", combined_score: 0.7 };
    const [system, user] = buildPatchMessages({ patch_type: "cross", task_sys_msg: "t", parent: PARENT, crossover_partner: partner, language: "python", meta_recommendation: "REC-1" });
    expect(system!.content).not.toContain("REC-1");
    expect(user!.content).toContain("x = 1");
    expect(user!.content).toContain("x = 2");
    expect(user!.content).toContain("Second program");
  });

  it("fix: shows ancestors oldest first, the error output and the feedback", () => {
    const broken = { ...PARENT, correct: false, error_output: "Traceback: ZeroDivisionError" };
    const [, user] = buildPatchMessages({
      patch_type: "fix",
      task_sys_msg: "t",
      parent: broken,
      ancestors: [{ ...PARENT, code: "# EVOLVE-BLOCK-START\nx = 'oldest'\n# EVOLVE-BLOCK-END\n" }, { ...PARENT, code: "# EVOLVE-BLOCK-START\nx = 'newer'\n# EVOLVE-BLOCK-END\n" }],
      language: "python",
    });
    const u = user!.content;
    expect(u.indexOf("oldest")).toBeLessThan(u.indexOf("newer"));
    expect(u.indexOf("newer")).toBeLessThan(u.indexOf("Program to repair"));
    expect(u).toContain("ZeroDivisionError");
    expect(u).toContain("INCORRECT");
  });

  it("the retry message carries the edit error", () => {
    expect(patchRetryMessage("SEARCH block 1 was not found")).toContain("SEARCH block 1 was not found");
  });
});
