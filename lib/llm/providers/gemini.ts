// Google's Gemini API (POST /v1beta/models/{model}:generateContent, or :streamGenerateContent
// with alt=sse) over fetch, keyed by the x-goog-api-key header. System messages become
// `systemInstruction`; the assistant role is called "model". Parts marked `thought` are left out
// of the answer; their tokens (usageMetadata.thoughtsTokenCount) are billed as output.
import { z } from "zod";
import type { ModelSpec } from "../config.js";
import { LlmError } from "../errors.js";
import type { TokenUsage } from "../types.js";
import { endpointUrl, eventJson, type HttpTarget, postJson, postSse } from "./http.js";
import { RefusedParameters, type ChatCall, type ChatProvider, type ChatResult, type HttpEndpoint, type ProviderTimeouts } from "./provider.js";

export const GEMINI_DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
const THINKING_BUDGET: Record<string, number> = { minimal: 0, low: 1024, medium: 8192, high: 24576 };

const usageSchema = z.object({
  promptTokenCount: z.number().int().nonnegative().nullish(),
  candidatesTokenCount: z.number().int().nonnegative().nullish(),
  thoughtsTokenCount: z.number().int().nonnegative().nullish(),
  cachedContentTokenCount: z.number().int().nonnegative().nullish(),
});

const responseSchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z.object({ parts: z.array(z.looseObject({ text: z.string().optional(), thought: z.boolean().optional() })).nullish() }).nullish(),
        finishReason: z.string().nullish(),
      }),
    )
    .nullish(),
  usageMetadata: usageSchema.nullish(),
  promptFeedback: z.object({ blockReason: z.string().nullish() }).nullish(),
});
type GeminiResponse = z.infer<typeof responseSchema>;

export function geminiUsage(usage: z.infer<typeof usageSchema> | null | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const cached = usage.cachedContentTokenCount ?? 0;
  return {
    input_tokens: usage.promptTokenCount ?? 0,
    output_tokens: (usage.candidatesTokenCount ?? 0) + thoughts,
    ...(cached > 0 ? { cached_input_tokens: cached } : {}),
    ...(thoughts > 0 ? { reasoning_tokens: thoughts } : {}),
  };
}

function answerText(response: GeminiResponse): { text: string; finish: string | undefined } {
  const candidate = response.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  const text = parts.filter((p) => !p.thought && typeof p.text === "string").map((p) => p.text).join("");
  const finish = candidate?.finishReason ?? (response.promptFeedback?.blockReason ? `BLOCKED_${response.promptFeedback.blockReason}` : undefined);
  return { text, finish: finish ?? undefined };
}

export class GeminiProvider implements ChatProvider {
  readonly name = "gemini" as const;
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
    const generationConfig: Record<string, unknown> = { maxOutputTokens: kwargs.max_tokens };
    if (kwargs.temperature !== undefined && !this.refused.has("temperature", spec.name)) generationConfig.temperature = kwargs.temperature;
    const budget = kwargs.reasoning_effort !== undefined ? THINKING_BUDGET[kwargs.reasoning_effort] : undefined;
    if (budget !== undefined) generationConfig.thinkingConfig = { thinkingBudget: Math.min(budget, kwargs.max_tokens) };
    const body = {
      contents: messages
        .filter((m) => m.role !== "system")
        .map((m) => ({ role: m.role === "assistant" ? "model" : "user", parts: [{ text: m.content }] })),
      ...(system.length > 0 ? { systemInstruction: { parts: [{ text: system.join("\n\n") }] } } : {}),
      generationConfig,
    };
    const model = encodeURIComponent(spec.api_model.replace(/^models\//, ""));
    const method = this.timeouts.stream ? "streamGenerateContent?alt=sse" : "generateContent";
    return {
      url: endpointUrl(this.endpoint.base_url, `/v1beta/models/${model}:${method}`),
      headers: this.endpoint.api_key ? { "x-goog-api-key": this.endpoint.api_key } : {},
      body,
      model: spec.name,
      key_hint: "set GEMINI_API_KEY (or GOOGLE_API_KEY) or the model's api_key_env",
    };
  }

  adaptToRefusal(spec: ModelSpec, error: LlmError): boolean {
    return this.refused.learn(spec.name, error);
  }

  private parse(raw: unknown, model: string): GeminiResponse {
    const parsed = responseSchema.safeParse(raw);
    if (!parsed.success || (!parsed.data.candidates && !parsed.data.usageMetadata && !parsed.data.promptFeedback)) {
      const usage = geminiUsage(usageSchema.safeParse((raw as { usageMetadata?: unknown })?.usageMetadata).data);
      throw Object.assign(
        new LlmError("malformed", `model "${model}" sent a reply that is not a GenerateContentResponse: ${JSON.stringify(raw)?.slice(0, 200)}`, { model }),
        { usage },
      );
    }
    return parsed.data;
  }

  private async whole(target: HttpTarget): Promise<ChatResult> {
    const raw = await postJson(target, this.timeouts);
    const response = this.parse(raw, target.model);
    const { text, finish } = answerText(response);
    return { content: text, usage: geminiUsage(response.usageMetadata), ...(finish ? { finish_reason: finish } : {}), raw };
  }

  private async streamed(target: HttpTarget): Promise<ChatResult> {
    let text = "";
    let finish: string | undefined;
    let usage: TokenUsage | undefined;
    let chunks = 0;
    try {
      await postSse(target, this.timeouts, (event) => {
        const data = eventJson(event, target.model) as { error?: { message?: unknown; code?: unknown } };
        if (data?.error) {
          const code = typeof data.error.code === "number" ? data.error.code : 500;
          const message = `model "${target.model}": stream error ${code}: ${String(data.error.message ?? "")}`;
          throw new LlmError(code === 429 ? "rate_limit" : code >= 500 ? "server" : "request", message, { model: target.model, status: code });
        }
        const response = this.parse(data, target.model);
        chunks++;
        const part = answerText(response);
        text += part.text;
        finish = part.finish ?? finish;
        // Each chunk's usageMetadata is cumulative: the last one is the call's.
        usage = geminiUsage(response.usageMetadata) ?? usage;
        return true;
      });
    } catch (error) {
      throw Object.assign(error as Error, { usage });
    }
    if (chunks === 0) throw new LlmError("malformed", `model "${target.model}" sent an empty stream`, { model: target.model });
    if (finish === undefined) {
      throw Object.assign(new LlmError("server", `model "${target.model}": the stream ended before a finishReason`, { model: target.model }), { usage });
    }
    return { content: text, usage, finish_reason: finish, raw: { finishReason: finish, usage } };
  }
}
