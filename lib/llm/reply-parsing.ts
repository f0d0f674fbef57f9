// Validates what the server sent (zod at the boundary): a chat completion with content, or an
// embedding list with one finite vector per input. Anything else is a typed LlmError.
import { z } from "zod";
import { LlmError } from "./errors.js";
import type { TokenUsage } from "./types.js";

const usageSchema = z
  .object({
    prompt_tokens: z.number().int().nonnegative(),
    completion_tokens: z.number().int().nonnegative().optional(),
    prompt_tokens_details: z.object({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish(),
  })
  .nullish();

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: usageSchema,
});

const embeddingListSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
  usage: usageSchema,
});

function usageOf(usage: z.infer<typeof usageSchema>): TokenUsage | undefined {
  if (!usage) return undefined;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? undefined;
  return {
    input_tokens: usage.prompt_tokens,
    output_tokens: usage.completion_tokens ?? 0,
    ...(cached !== undefined ? { cached_input_tokens: cached } : {}),
  };
}

function describe(raw: unknown): string {
  const text = typeof raw === "string" ? raw : JSON.stringify(raw);
  return text === undefined ? String(raw) : text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Token usage of a chat reply, when it can be read, even from a reply that is otherwise unusable. */
export function chatUsage(raw: unknown): TokenUsage | undefined {
  const parsed = z.object({ usage: usageSchema }).safeParse(raw);
  return parsed.success ? usageOf(parsed.data.usage) : undefined;
}

export function parseChatCompletion(raw: unknown, model: string): { content: string; usage: TokenUsage | undefined; finish_reason: string | undefined } {
  const parsed = completionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LlmError("malformed", `model "${model}" sent a reply that is not a chat completion: ${describe(raw)}`, { model });
  }
  const choice = parsed.data.choices[0]!;
  const content = choice.message.content ?? "";
  const finish = choice.finish_reason ?? undefined;
  if (content.trim() === "") {
    throw new LlmError("empty", `model "${model}" sent an empty reply (finish_reason ${finish ?? "none"})`, { model });
  }
  return { content, usage: usageOf(parsed.data.usage), finish_reason: finish };
}

export function parseEmbeddingList(raw: unknown, model: string, count: number): { vectors: number[][]; usage: TokenUsage | undefined } {
  const parsed = embeddingListSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LlmError("malformed", `embedding model "${model}" sent a reply that is not an embedding list: ${describe(raw)}`, { model });
  }
  const vectors: number[][] = new Array(count);
  for (const item of parsed.data.data) {
    if (item.index >= count) throw new LlmError("malformed", `embedding model "${model}" answered index ${item.index} of ${count}`, { model });
    vectors[item.index] = item.embedding;
  }
  for (let i = 0; i < count; i++) {
    const vector = vectors[i];
    if (!vector || vector.length === 0 || !vector.every(Number.isFinite)) {
      throw new LlmError("malformed", `embedding model "${model}" sent no usable vector for input ${i}`, { model });
    }
  }
  return { vectors, usage: usageOf(parsed.data.usage) };
}

/** A rough token count for replies that report no usage: about four characters per token. */
export function estimatedTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
