// §12 meta-scratchpad: three chat steps every `interval` evaluations, state through load/save,
// one sampled recommendation per prompt.
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../../lib/llm/types.js";
import { MetaScratchpad, type ScratchpadState, parseNumbered } from "../../../lib/evolve/patch/index.js";
import { Random } from "../../../lib/random.js";
import { program } from "./fixtures.js";

function scripted() {
  const calls: ChatMessage[][] = [];
  const replies = ["SUMMARIES", "## Successful algorithmic patterns\n- INSIGHT", "1. Try rings\n2. Tune the clip\n   margins carefully\n3. Use LP radii"];
  const chat = async (messages: ChatMessage[]) => {
    calls.push(messages);
    return { content: replies[(calls.length - 1) % 3]!, cost_usd: 0.01 };
  };
  return { calls, chat };
}

describe("meta-scratchpad", () => {
  it("runs summaries, insights and recommendations every interval evaluations and persists them", async () => {
    const { calls, chat } = scripted();
    let stored: unknown;
    const updates: number[] = [];
    const pad = new MetaScratchpad({ interval: 3, max_recommendations: 5, chat, load: () => stored, save: (s) => (stored = s), on_update: (n) => updates.push(n) });
    await pad.onEvaluated(program("a", { metadata: { patch_name: "first_try" }, combined_score: 0.5 }));
    await pad.onEvaluated(program("b", { correct: false, metadata: { error: "boom" } }));
    expect(calls.length).toBe(0);
    expect(pad.sampleRecommendation(new Random(1))).toBeUndefined();
    await pad.onEvaluated(program("c", { combined_score: 0.9 }));
    await pad.flush();
    expect(calls.length).toBe(3);
    expect(calls[0]![1]!.content).toContain("first_try");
    expect(calls[0]![1]!.content).toContain("boom");
    expect(calls[1]![1]!.content).toContain("SUMMARIES");
    expect(calls[1]![1]!.content).toContain("Ineffective approaches");
    expect(calls[2]![1]!.content).toContain("INSIGHT");
    expect(calls[2]![1]!.content).toContain("exactly 5");
    expect(pad.recommendations()).toEqual(["Try rings", "Tune the clip margins carefully", "Use LP radii"]);
    expect(updates).toEqual([3]);
    const state = stored as ScratchpadState;
    expect(state.processed_count).toBe(3);
    expect(state.pending).toEqual([]);
    expect(state.cost_usd).toBeCloseTo(0.03, 12);

    const resumed = new MetaScratchpad({ interval: 3, max_recommendations: 5, chat, load: () => stored, save: (s) => (stored = s) });
    expect(resumed.recommendations()).toEqual(pad.recommendations());
    const rng = new Random(4);
    const drawn = new Set<string>();
    for (let i = 0; i < 60; i++) drawn.add(resumed.sampleRecommendation(rng)!);
    expect(drawn).toEqual(new Set(pad.recommendations()));
  });

  it("parses numbered lists and rejects a bad interval", () => {
    expect(parseNumbered("intro\n1) one\n2. two\nmore of two\n")).toEqual(["one", "two more of two"]);
    expect(() => new MetaScratchpad({ interval: 0, max_recommendations: 5, chat: async () => ({ content: "" }), load: () => undefined, save: () => {} })).toThrow(RangeError);
  });
});
