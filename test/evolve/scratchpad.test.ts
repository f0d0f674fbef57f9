// The meta-scratchpad (§12): count-based trigger, the three steps in order with the previous
// insights merged in, persistence through the store callback, and recommendation sampling.
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../lib/llm/types.js";
import { MetaScratchpad, parseNumberedList, type ScratchpadProgram } from "../../lib/evolve/scratchpad.js";
import { Random } from "../../lib/random.js";

function memoryStore() {
  const data = new Map<string, unknown>();
  // Round-trip through JSON, as the database's metadata table does.
  return { get: (k: string) => (data.has(k) ? JSON.parse(data.get(k) as string) : undefined), set: (k: string, v: unknown) => void data.set(k, JSON.stringify(v)), data };
}

function scriptedChat() {
  const calls: ChatMessage[][] = [];
  let round = 0;
  const chat = async (messages: ChatMessage[]) => {
    calls.push(messages);
    const step = (calls.length - 1) % 3;
    if (step === 2) round++;
    const content = [`SUMMARIES-${round}`, `INSIGHTS-${round}`, `Here you go:\n1. Try idea A${round}\n   with detail\n2) Try idea B${round}\n3. Try idea C${round}`][step]!;
    return { content, cost_usd: 0.01 };
  };
  return { chat, calls };
}

function program(i: number): ScratchpadProgram {
  return { id: `p${i}`, name: `prog_${i}`, code: `x = ${i}`, combined_score: i / 10, correct: i % 3 !== 0, text_feedback: `fb ${i}` };
}

describe("MetaScratchpad", () => {
  it("updates after every `interval` evaluated programs with summaries, insights, then recommendations", async () => {
    const store = memoryStore();
    const { chat, calls } = scriptedChat();
    const files: [string, string][] = [];
    const pad = new MetaScratchpad({ chat, store, interval: 3, max_recommendations: 2, write_file: (n, t) => void files.push([n, t]) });
    expect(pad.record(program(1))).toBe(false);
    expect(pad.record(program(2))).toBe(false);
    expect(await pad.maybeUpdate(undefined)).toBe(0);
    expect(calls).toHaveLength(0);
    expect(pad.record(program(3))).toBe(true);
    const cost = await pad.maybeUpdate(program(2));
    expect(cost).toBeCloseTo(0.03, 12);
    expect(calls).toHaveLength(3);
    expect(calls[0]![1]!.content).toContain("prog_1");
    expect(calls[0]![1]!.content).toContain("INCORRECT");
    expect(calls[1]![1]!.content).toContain("SUMMARIES-0");
    expect(calls[1]![1]!.content).toContain("(none yet)");
    expect(calls[2]![1]!.content).toContain("INSIGHTS-0");
    expect(calls[2]![1]!.content).toContain("exactly 2 recommendations");
    expect(pad.recommendations).toEqual(["Try idea A1 with detail", "Try idea B1"]);
    expect(files.map(([n]) => n)).toEqual(["meta_3.txt"]);

    // The second update merges the previous insights.
    for (let i = 4; i <= 6; i++) pad.record(program(i));
    await pad.maybeUpdate(program(5));
    expect(calls[4]![1]!.content).toContain("INSIGHTS-0");
    expect(pad.snapshot().processed_count).toBe(6);
    expect(pad.cost_usd).toBeCloseTo(0.06, 12);
  });

  it("resumes from the store, and a failing step leaves the pending programs for later", async () => {
    const store = memoryStore();
    const { chat } = scriptedChat();
    const first = new MetaScratchpad({ chat, store, interval: 2 });
    first.record(program(1));
    first.record(program(2));
    await first.maybeUpdate(undefined);
    first.record(program(3));
    const resumed = new MetaScratchpad({ chat: async () => ({ content: "", cost_usd: 0 }), store, interval: 2 });
    expect(resumed.recommendations).toEqual(first.recommendations);
    expect(resumed.snapshot().pending.map((p) => p.id)).toEqual(["p3"]);
    resumed.record(program(4));
    await expect(resumed.maybeUpdate(undefined)).rejects.toThrow(/empty/);
    expect(resumed.snapshot().pending).toHaveLength(2);
    expect(() => new MetaScratchpad({ chat, store: { get: () => ({ nonsense: 1 }), set: () => {} } })).toThrow(TypeError);
  });

  it("runs one update at a time", async () => {
    const { chat, calls } = scriptedChat();
    const pad = new MetaScratchpad({ chat, store: memoryStore(), interval: 1 });
    pad.record(program(1));
    await Promise.all([pad.maybeUpdate(undefined), pad.maybeUpdate(undefined)]);
    expect(calls).toHaveLength(3);
  });

  it("samples one recommendation per proposal, or gives all", async () => {
    const { chat } = scriptedChat();
    const single = new MetaScratchpad({ chat, store: memoryStore(), interval: 1 });
    expect(single.sampleRecommendation(new Random(0))).toBeUndefined();
    single.record(program(1));
    await single.maybeUpdate(undefined);
    const rng = new Random(3);
    const seen = new Set(Array.from({ length: 60 }, () => single.sampleRecommendation(rng)));
    expect([...seen].sort()).toEqual(["Try idea A1 with detail", "Try idea B1", "Try idea C1"]);
    const all = new MetaScratchpad({ chat: scriptedChat().chat, store: memoryStore(), interval: 1, sample_single: false });
    all.record(program(1));
    await all.maybeUpdate(undefined);
    expect(all.sampleRecommendation(rng)).toBe("1. Try idea A1 with detail\n2. Try idea B1\n3. Try idea C1");
  });

  it("parses numbered lists in the usual markdown forms", () => {
    expect(parseNumberedList("intro\n1. one\n2) two\n**3.** three\n# heading")).toEqual(["one", "two", "three"]);
    expect(() => new MetaScratchpad({ chat: scriptedChat().chat, store: memoryStore(), interval: 0 })).toThrow(RangeError);
  });
});
