// Context-budget management (spec §21, Shinka #108): prompts are trimmed to the model's budget,
// least useful context first, and an overflow that trimming cannot fix is reported.
import { describe, expect, it } from "vitest";
import { editPatchTools } from "../../lib/evolve/edit/patch-tools.js";
import { buildPatchMessages, fitPatchMessages, type PatchPromptInput } from "../../lib/evolve/prompts.js";
import { contextWindow, estimatedPromptTokens, promptTokenBudget, UNKNOWN_CONTEXT_TOKENS } from "../../lib/llm/context.js";
import { LlmClient, resolveLlmConfig } from "../../lib/llm/index.js";
import { Random } from "../../lib/random.js";

function program(tag: string, chars: number) {
  return { code: `// EVOLVE-BLOCK-START\n// ${tag}\n${"x".repeat(chars)}\n// EVOLVE-BLOCK-END\n`, combined_score: 1, correct: true };
}

const BASE: PatchPromptInput = {
  patch_type: "diff",
  task_sys_msg: "Pack circles.",
  parent: program("PARENT", 2000),
  inspirations: [program("INSPIRATION-1", 4000), program("INSPIRATION-2", 4000)],
  top_k: [program("TOPK-1", 4000)],
  meta_recommendation: `RECOMMENDATION ${"r".repeat(2000)}`,
  language: "javascript",
};

const tokensOf = (input: PatchPromptInput) => estimatedPromptTokens(buildPatchMessages(input));
const text = (messages: { content: string }[]) => messages.map((m) => m.content).join("\n");

describe("fitPatchMessages", () => {
  it("changes nothing when the prompt fits or there is no budget", () => {
    const all = buildPatchMessages(BASE);
    expect(fitPatchMessages(BASE, undefined)).toMatchObject({ messages: all, dropped: [], overflow: false });
    expect(fitPatchMessages(BASE, tokensOf(BASE))).toMatchObject({ messages: all, dropped: [], overflow: false });
  });

  it("drops top-k programs, then inspirations worst first, then the recommendation, until it fits", () => {
    const withoutTopK = { ...BASE, top_k: [] };
    const oneInspiration = { ...withoutTopK, inspirations: BASE.inspirations!.slice(0, 1) };
    const fitted = fitPatchMessages(BASE, tokensOf(oneInspiration));
    expect(fitted.dropped).toEqual(["top-k program", "inspiration"]);
    expect(fitted.overflow).toBe(false);
    const shown = text(fitted.messages);
    expect(shown).toContain("INSPIRATION-1");
    expect(shown).not.toContain("INSPIRATION-2");
    expect(shown).not.toContain("TOPK-1");
    expect(shown).toContain("RECOMMENDATION");
    expect(fitted.estimated_tokens).toBeLessThanOrEqual(tokensOf(oneInspiration));

    const bare = { ...BASE, top_k: [], inspirations: [], meta_recommendation: undefined };
    const tight = fitPatchMessages(BASE, tokensOf(bare));
    expect(tight.dropped).toEqual(["top-k program", "inspiration", "inspiration", "scratchpad recommendation"]);
    expect(tight.overflow).toBe(false);
    expect(text(tight.messages)).toContain("PARENT");
  });

  it("reports an overflow when even the parent alone is over the budget", () => {
    const fitted = fitPatchMessages(BASE, 100);
    expect(fitted.overflow).toBe(true);
    expect(text(fitted.messages)).toContain("PARENT");
    expect(fitted.estimated_tokens).toBeGreaterThan(100);
  });

  it("draws the full-rewrite variant once, as buildPatchMessages would", () => {
    const input: PatchPromptInput = { ...BASE, patch_type: "full" };
    const a = new Random(5);
    const b = new Random(5);
    const plain = buildPatchMessages({ ...input, rng: a });
    const fitted = fitPatchMessages({ ...input, rng: b }, 100);
    expect(a.float()).toBe(b.float());
    // The same variant's wording is in both prompts.
    expect(plain[1]!.content.split("# Task\n")[1]).toBe(fitted.messages[1]!.content.split("# Task\n")[1]);
  });
});

describe("model context windows", () => {
  it("come from the config, the bundled table (after a provider prefix), or a 32k default", () => {
    expect(contextWindow({ name: "claude-sonnet-4-5", api_model: "claude-sonnet-4-5" })).toEqual({ tokens: 200_000, known: true });
    expect(contextWindow({ name: "gemini/gemini-2.5-pro", api_model: "gemini-2.5-pro" }).tokens).toBe(1_048_576);
    expect(contextWindow({ name: "openrouter/openai/gpt-4o-mini", api_model: "openai/gpt-4o-mini" }).tokens).toBe(128_000);
    expect(contextWindow({ name: "llama", api_model: "llama" })).toEqual({ tokens: UNKNOWN_CONTEXT_TOKENS, known: false });
    expect(contextWindow({ name: "llama", api_model: "llama", context_tokens: 8192 })).toEqual({ tokens: 8192, known: true });
    expect(promptTokenBudget(8192, 4096)).toBe(Math.floor(4096 * 0.9));
    expect(promptTokenBudget(1000, 4096)).toBe(0);
  });

  it("a small local model's budget trims the prompt and the warning names the cut", () => {
    const llm = new LlmClient(resolveLlmConfig({ file: { models: [{ name: "tiny", context_tokens: 4096 }] }, env: {} }), { onWarning: () => {} });
    const budget = llm.promptBudget("tiny", 1024);
    expect(budget).toEqual({ tokens: Math.floor(3072 * 0.9), window: 4096, window_known: true });
    const warnings: string[] = [];
    const stored = (tag: string, chars: number) => ({ ...program(tag, chars), metadata: {}, public_metrics: {}, generation: 1 }) as never;
    const messages = editPatchTools.buildMessages({
      patch_type: "diff",
      task: { sys_msg: "Pack circles.", language: "javascript" } as never,
      parent: stored("PARENT", 2000),
      archive_inspirations: [stored("INSPIRATION-1", 4000), stored("INSPIRATION-2", 4000)],
      top_k_inspirations: [],
      crossover_partner: undefined,
      recommendation: undefined,
      use_text_feedback: false,
      rng: new Random(1),
      prompt_budget_tokens: budget.tokens,
      warn: (m) => warnings.push(m),
    });
    expect(estimatedPromptTokens(messages)).toBeLessThanOrEqual(budget.tokens);
    expect(text(messages)).toContain("INSPIRATION-1");
    expect(text(messages)).not.toContain("INSPIRATION-2");
    expect(warnings).toEqual([`prompt trimmed to fit the model's budget of ${budget.tokens} tokens: left out 1 inspiration`]);
  });
});
