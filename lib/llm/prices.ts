// Token prices in USD per million tokens, and the cost of one call. The bundled table holds
// OpenAI's published list prices for common models (as of 2025; check before trusting a bill);
// the config's `prices` entries override or extend it. A model that is not in the table costs 0
// and is flagged, so an unpriced model never silently eats a budget it cannot see.
import { z } from "zod";
import type { TokenUsage } from "./types.js";

export const modelPriceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  /** Price of cached input tokens; defaults to `input`. */
  cached_input: z.number().nonnegative().optional(),
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
  const fresh = usage.input_tokens - cached;
  return (fresh * price.input + cached * (price.cached_input ?? price.input) + usage.output_tokens * price.output) / 1e6;
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
