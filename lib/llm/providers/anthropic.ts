// Anthropic's Messages API (POST /v1/messages) over fetch. The system prompt goes in its own
// field; the reply is a list of content blocks of which only `text` blocks form the answer
// (thinking and redacted_thinking blocks are billed as output tokens but never returned as text).
// reasoning_effort turns on extended thinking with a token budget; Anthropic wants temperature
// unset then, and takes temperatures only in [0, 1].
import { z } from "zod";
import type { ModelSpec } from "../config.js";
import { LlmError } from "../errors.js";
import type { TokenUsage } from "../types.js";
import { endpointUrl, eventJson, type HttpTarget, postJson, postSse } from "./http.js";
import { RefusedParameters, type ChatCall, type ChatProvider, type ChatResult, type HttpEndpoint, type ProviderTimeouts } from "./provider.js";

export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com";
export const ANTHROPIC_VERSION = "2023-06-01";
const THINKING_BUDGET: Record<string, number> = { minimal: 1024, low: 2048, medium: 8192, high: 24576 };

const usageSchema = z.object({
  input_tokens: z.number().int().nonnegative().nullish(),
  output_tokens: z.number().int().nonnegative().nullish(),
  cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  cache_read_input_tokens: z.number().int().nonnegative().nullish(),
});
type AnthropicUsage = z.infer<typeof usageSchema>;

const messageSchema = z.object({
  type: z.literal("message").optional(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullish(),
  usage: usageSchema.nullish(),
});

/** Anthropic counts cache reads and writes apart from input_tokens; ours include them. */
export function anthropicUsage(usage: AnthropicUsage | null | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  const read = usage.cache_read_input_tokens ?? 0;
  const write = usage.cache_creation_input_tokens ?? 0;
  return {
    input_tokens: (usage.input_tokens ?? 0) + read + write,
    output_tokens: usage.output_tokens ?? 0,
    ...(read > 0 ? { cached_input_tokens: read } : {}),
    ...(write > 0 ? { cache_write_input_tokens: write } : {}),
  };
}

export class AnthropicProvider implements ChatProvider {
  readonly name = "anthropic" as const;
  private readonly refused = new RefusedParameters(["temperature"]);

  constructor(
    private readonly endpoint: HttpEndpoint,
    private readonly timeouts: ProviderTimeouts,
  ) {}

  async chat(call: ChatCall): Promise<ChatResult> {
    const target = this.target(call);
    return this.timeouts.stream ? this.streamed(target) : this.whole(target);
  }

  private target({ spec, messages, kwargs }: ChatCall): HttpTarget {
    const system = messages.filter((m) => m.role === "system").map((m) => m.content);
    const body: Record<string, unknown> = {
      model: spec.api_model,
      max_tokens: kwargs.max_tokens,
      messages: messages.filter((m) => m.role !== "system").map((m) => ({ role: m.role, content: m.content })),
      ...(system.length > 0 ? { system: system.join("\n\n") } : {}),
      ...(this.timeouts.stream ? { stream: true } : {}),
    };
    const budget = kwargs.reasoning_effort !== undefined ? THINKING_BUDGET[kwargs.reasoning_effort] : undefined;
    if (budget !== undefined && kwargs.max_tokens > 1024) {
      body.thinking = { type: "enabled", budget_tokens: Math.min(budget, kwargs.max_tokens - 1) };
    } else if (kwargs.temperature !== undefined && !this.refused.has("temperature", spec.name)) {
      body.temperature = Math.min(1, Math.max(0, kwargs.temperature));
    }
    return {
      url: endpointUrl(this.endpoint.base_url, "/v1/messages"),
      headers: { "anthropic-version": ANTHROPIC_VERSION, ...(this.endpoint.api_key ? { "x-api-key": this.endpoint.api_key } : {}) },
      body,
      model: spec.name,
      key_hint: "set ANTHROPIC_API_KEY or the model's api_key_env",
    };
  }

  adaptToRefusal(spec: ModelSpec, error: LlmError): boolean {
    return this.refused.learn(spec.name, error);
  }

  private async whole(target: HttpTarget): Promise<ChatResult> {
    const raw = await postJson(target, this.timeouts);
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      const usage = anthropicUsage(usageSchema.safeParse((raw as { usage?: unknown })?.usage).data);
      throw Object.assign(new LlmError("malformed", `model "${target.model}" sent a reply that is not a message: ${JSON.stringify(raw)?.slice(0, 200)}`, { model: target.model }), { usage });
    }
    const content = parsed.data.content.filter((b) => b.type === "text").map((b) => b.text ?? "").join("");
    const finish = parsed.data.stop_reason ?? undefined;
    return { content, usage: anthropicUsage(parsed.data.usage), ...(finish ? { finish_reason: finish } : {}), raw };
  }

  private async streamed(target: HttpTarget): Promise<ChatResult> {
    const model = target.model;
    let text = "";
    let usage: AnthropicUsage = {};
    let sawUsage = false;
    let stop: string | undefined;
    let finished = false;
    let started = false;
    const billed = () => (sawUsage ? anthropicUsage(usage) : undefined);
    try {
      await postSse(target, this.timeouts, (event) => {
        if (event.event === "ping") return false;
        const data = eventJson(event, model) as Record<string, any>;
        switch (data?.type) {
          case "message_start": {
            started = true;
            const parsed = usageSchema.safeParse(data.message?.usage);
            if (parsed.success) {
              usage = { ...usage, ...definedOnly(parsed.data) };
              sawUsage = true;
            }
            return true;
          }
          case "content_block_start":
            if (data.content_block?.type === "text" && typeof data.content_block.text === "string") text += data.content_block.text;
            return true;
          case "content_block_delta":
            // thinking_delta and signature_delta are billed but are not the answer.
            if (data.delta?.type === "text_delta" && typeof data.delta.text === "string") text += data.delta.text;
            return true;
          case "content_block_stop":
            return false;
          case "message_delta": {
            if (typeof data.delta?.stop_reason === "string") stop = data.delta.stop_reason;
            const parsed = usageSchema.safeParse(data.usage);
            if (parsed.success) {
              usage = { ...usage, ...definedOnly(parsed.data) };
              sawUsage = true;
            }
            return true;
          }
          case "message_stop":
            finished = true;
            return false;
          case "error":
            throw streamError(data.error, model);
          default:
            if (!started) throw new LlmError("malformed", `model "${model}" sent a stream that does not start with message_start: ${event.data.slice(0, 200)}`, { model });
            return false; // a new event type: tolerate it
        }
      });
    } catch (error) {
      throw Object.assign(error as Error, { usage: billed() });
    }
    if (!started) throw new LlmError("malformed", `model "${model}" sent an empty stream`, { model });
    if (!finished) throw Object.assign(new LlmError("server", `model "${model}": the stream ended before message_stop`, { model }), { usage: billed() });
    return { content: text, usage: billed(), ...(stop ? { finish_reason: stop } : {}), raw: { stop_reason: stop ?? null, usage } };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

/** An `error` event inside a stream: overloaded and api errors are worth a retry. */
function streamError(error: unknown, model: string): LlmError {
  const type = typeof (error as { type?: unknown })?.type === "string" ? (error as { type: string }).type : "error";
  const message = `model "${model}": stream error ${type}: ${String((error as { message?: unknown })?.message ?? "")}`;
  if (type === "rate_limit_error") return new LlmError("rate_limit", message, { model });
  if (type === "overloaded_error" || type === "api_error") return new LlmError("server", message, { model });
  return new LlmError("request", message, { model });
}
