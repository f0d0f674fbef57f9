// Context windows and a prompt's token budget (spec §21, ShinkaEvolve #108: warn before a prompt
// overflows the model's context). Without a tokenizer, tokens are estimated as characters / 4;
// the budget keeps a 10% margin for that estimate's error. A model's `context_tokens` in the
// config wins over the bundled table; unknown models get a conservative 32k window.
import type { ModelSpec } from "./config.js";
import { estimatedTokens } from "./reply-parsing.js";

/** Published context windows in tokens, by model-name prefix (longest prefix wins). */
export const CONTEXT_WINDOWS: Readonly<Record<string, number>> = {
  "gpt-5": 400_000,
  "gpt-4.1": 1_047_576,
  "gpt-4o": 128_000,
  o1: 200_000,
  o3: 200_000,
  "o4-mini": 200_000,
  "claude-": 200_000,
  "gemini-": 1_048_576,
};

export const UNKNOWN_CONTEXT_TOKENS = 32_768;
const ESTIMATE_MARGIN = 0.9;
const PER_MESSAGE_TOKENS = 4;

/** The model's context window: its config entry, else the table (after any provider prefix), else 32k. */
export function contextWindow(spec: Pick<ModelSpec, "name" | "api_model" | "context_tokens">): { tokens: number; known: boolean } {
  if (spec.context_tokens !== undefined) return { tokens: spec.context_tokens, known: true };
  for (const name of [spec.api_model, spec.name]) {
    const bare = name.slice(name.lastIndexOf("/") + 1);
    let best: string | undefined;
    for (const prefix of Object.keys(CONTEXT_WINDOWS)) {
      if (bare.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
    }
    if (best) return { tokens: CONTEXT_WINDOWS[best]!, known: true };
  }
  return { tokens: UNKNOWN_CONTEXT_TOKENS, known: false };
}

/** Tokens a prompt may use: the window less the reply's max_tokens, with the estimate's margin. */
export function promptTokenBudget(windowTokens: number, maxTokens: number): number {
  return Math.max(0, Math.floor((windowTokens - maxTokens) * ESTIMATE_MARGIN));
}

/** Estimated tokens of a list of messages (characters / 4, plus a little per message). */
export function estimatedPromptTokens(messages: readonly { content: string }[]): number {
  return messages.reduce((sum, m) => sum + estimatedTokens(m.content) + PER_MESSAGE_TOKENS, 0);
}
