// Token prices in USD per million tokens, and the cost of one call. The bundled table holds
// OpenAI's, Anthropic's and Google's published list prices for common models (as of late 2025;
// they are configurable defaults, so check them before trusting a bill: Gemini Pro's prices
// double above 200k prompt tokens, which this flat table does not model); the config's `prices`
// entries override or extend it. A model that is not in the table costs 0
// and is flagged, so an unpriced model never silently eats a budget it cannot see.
import { z } from "zod";
import type { TokenUsage } from "./types.js";

export const modelPriceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  /** Price of cached input tokens; defaults to `input`. */
  cached_input: z.number().nonnegative().optional(),
  /** Price of input tokens written to a prompt cache (Anthropic); defaults to `input`. */
  cache_write_input: z.number().nonnegative().optional(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;
export type PriceTable = Record<string, ModelPrice>;

export const DEFAULT_PRICES: Readonly<PriceTable> = {
  "gpt-5": { input: 1.25, output: 10, cached_input: 0.125 },
  "gpt-5-mini": { input: 0.25, output: 2, cached_input: 0.025 },
  "gpt-5-nano": { input: 0.05, output: 0.4, cached_input: 0.005 },
  "gpt-4.1": { input: 2, output: 8, cached_input: 0.5 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6, cached_input: 0.1 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4, cached_input: 0.025 },
  "gpt-4o": { input: 2.5, output: 10, cached_input: 1.25 },
  "gpt-4o-mini": { input: 0.15, output: 0.6, cached_input: 0.075 },
  o3: { input: 2, output: 8, cached_input: 0.5 },
  "o3-mini": { input: 1.1, output: 4.4, cached_input: 0.55 },
  "o4-mini": { input: 1.1, output: 4.4, cached_input: 0.275 },
  // Anthropic: cache reads at 0.1x input, 5-minute cache writes at 1.25x.
  "claude-opus-4-5": { input: 5, output: 25, cached_input: 0.5, cache_write_input: 6.25 },
  "claude-opus-4-1": { input: 15, output: 75, cached_input: 1.5, cache_write_input: 18.75 },
  "claude-opus-4": { input: 15, output: 75, cached_input: 1.5, cache_write_input: 18.75 },
  "claude-sonnet-4-5": { input: 3, output: 15, cached_input: 0.3, cache_write_input: 3.75 },
  "claude-sonnet-4": { input: 3, output: 15, cached_input: 0.3, cache_write_input: 3.75 },
  "claude-3-7-sonnet": { input: 3, output: 15, cached_input: 0.3, cache_write_input: 3.75 },
  "claude-haiku-4-5": { input: 1, output: 5, cached_input: 0.1, cache_write_input: 1.25 },
  "claude-3-5-haiku": { input: 0.8, output: 4, cached_input: 0.08, cache_write_input: 1 },
  // Google Gemini (prompts up to 200k tokens; thinking tokens are billed as output).
  "gemini-3-pro-preview": { input: 2, output: 12, cached_input: 0.2 },
  "gemini-2.5-pro": { input: 1.25, output: 10, cached_input: 0.125 },
  "gemini-2.5-flash": { input: 0.3, output: 2.5, cached_input: 0.03 },
  "gemini-2.5-flash-lite": { input: 0.1, output: 0.4, cached_input: 0.01 },
  "gemini-2.0-flash": { input: 0.1, output: 0.4, cached_input: 0.025 },
  "text-embedding-3-small": { input: 0.02, output: 0 },
  "text-embedding-3-large": { input: 0.13, output: 0 },
  "text-embedding-ada-002": { input: 0.1, output: 0 },
};

/**
 * The price of a model: an exact match first, then the longest table name that the model name
 * extends with "-" (dated snapshots such as gpt-4o-2024-08-06), also after a provider prefix
 * ("openai/gpt-4o").
 */
export function findPrice(model: string, table: Readonly<PriceTable>): ModelPrice | undefined {
  const candidates = [model];
  const slash = model.lastIndexOf("/");
  if (slash >= 0) candidates.push(model.slice(slash + 1));
  for (const name of candidates) {
    const exact = table[name];
    if (exact) return exact;
  }
  for (const name of candidates) {
    let best: string | undefined;
    for (const known of Object.keys(table)) {
      if (name.startsWith(`${known}-`) && (best === undefined || known.length > best.length)) best = known;
    }
    if (best) return table[best];
  }
  return undefined;
}

export function costOf(price: ModelPrice | undefined, usage: TokenUsage): number {
  if (!price) return 0;
  const cached = Math.min(usage.cached_input_tokens ?? 0, usage.input_tokens);
  const written = Math.min(usage.cache_write_input_tokens ?? 0, usage.input_tokens - cached);
  const fresh = usage.input_tokens - cached - written;
  return (
    (fresh * price.input +
      cached * (price.cached_input ?? price.input) +
      written * (price.cache_write_input ?? price.input) +
      usage.output_tokens * price.output) /
    1e6
  );
}

/**
 * An upper bound on a call's input tokens without a tokenizer: no BPE token is shorter than one
 * UTF-8 byte, plus a few tokens of per-message framing.
 */
export function inputTokensUpperBound(texts: readonly string[]): number {
  let bytes = 0;
  for (const text of texts) bytes += Buffer.byteLength(text, "utf8") + 8;
  return bytes + 8;
}
