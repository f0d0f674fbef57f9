// OpenAI and OpenAI-compatible endpoints (OpenAI, OpenRouter, vLLM, Ollama, ...) through the
// `openai` package, with its own retries off (the client's apply). Replies are streamed by
// default with stream_options.include_usage, so the usage arrives in the last chunk and a stream
// that stops sending is aborted by the stall watchdog; `stream: false` waits for the whole body.
import OpenAI from "openai";
import { z } from "zod";
import type { ModelSpec } from "../config.js";
import { LlmError } from "../errors.js";
import { chatUsage, parseChatCompletion } from "../reply-parsing.js";
import type { CallKwargs, ChatMessage, TokenUsage } from "../types.js";
import { RefusedParameters, type ChatCall, type ChatProvider, type ChatResult, type ProviderTimeouts } from "./provider.js";
import { StallWatchdog } from "./watchdog.js";

const REASONING_MODEL = /^(o\d|gpt-5)/;

const chunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z.unknown().optional(),
});

export interface OpenAIEndpoint {
  base_url: string | undefined;
  api_key: string;
}

export class OpenAIProvider implements ChatProvider {
  readonly name = "openai" as const;
  readonly client: OpenAI;
  /** Refused max_tokens means: send max_completion_tokens instead. */
  private readonly refused = new RefusedParameters(["stream_options", "temperature", "max_tokens", "stream"]);

  constructor(
    endpoint: OpenAIEndpoint,
    private readonly timeouts: ProviderTimeouts,
  ) {
    this.client = new OpenAI({
      apiKey: endpoint.api_key,
      ...(endpoint.base_url ? { baseURL: endpoint.base_url } : {}),
      maxRetries: 0,
      timeout: Math.max(1, Math.round(timeouts.request_ms)),
      logLevel: "off",
    });
  }

  async chat({ spec, messages, kwargs }: ChatCall): Promise<ChatResult> {
    const body = this.body(spec, messages, kwargs);
    if (!this.timeouts.stream || this.refused.has("stream", spec.name)) {
      const raw: unknown = await this.client.chat.completions.create(body);
      try {
        const parsed = parseChatCompletion(raw, spec.name);
        return { content: parsed.content, usage: parsed.usage, ...(parsed.finish_reason ? { finish_reason: parsed.finish_reason } : {}), raw };
      } catch (error) {
        // An unusable reply may still have been billed: keep its usage for the ledger.
        throw Object.assign(error as LlmError, { usage: chatUsage(raw) });
      }
    }
    return this.streamed(spec, body);
  }

  private async streamed(spec: ModelSpec, body: OpenAI.ChatCompletionCreateParamsNonStreaming): Promise<ChatResult> {
    const controller = new AbortController();
    const watchdog = new StallWatchdog(this.timeouts.request_ms, this.timeouts.stall_ms, () => controller.abort());
    const model = spec.name;
    let content = "";
    let finish: string | undefined;
    let usage: TokenUsage | undefined;
    let chunks = 0;
    const stalled = () => new LlmError("timeout", `model "${model}": ${watchdog.fired}`, { model });
    try {
      const stream = await this.client.chat.completions.create(
        {
          ...body,
          stream: true,
          ...(this.refused.has("stream_options", spec.name) ? {} : { stream_options: { include_usage: true } }),
        },
        { signal: controller.signal },
      );
      for await (const chunk of stream) {
        const parsed = chunkSchema.safeParse(chunk);
        if (!parsed.success) {
          throw new LlmError("malformed", `model "${model}" sent a stream chunk that is not a chat completion chunk: ${JSON.stringify(chunk).slice(0, 200)}`, { model });
        }
        chunks++;
        watchdog.tick();
        const choice = parsed.data.choices?.[0];
        if (typeof choice?.delta?.content === "string") content += choice.delta.content;
        if (choice?.finish_reason) finish = choice.finish_reason;
        usage = chatUsage({ usage: parsed.data.usage }) ?? usage;
      }
    } catch (error) {
      if (watchdog.fired) throw Object.assign(stalled(), { usage });
      throw Object.assign(error as Error, { usage });
    } finally {
      watchdog.stop();
    }
    // The openai stream ends quietly when aborted: the watchdog says whether it was.
    if (watchdog.fired) throw Object.assign(stalled(), { usage });
    if (chunks === 0) throw new LlmError("malformed", `model "${model}" sent a stream with no chat completion chunk`, { model });
    if (finish === undefined) {
      throw Object.assign(new LlmError("server", `model "${model}": the stream ended before a finish_reason`, { model }), { usage });
    }
    return { content, usage, finish_reason: finish, raw: { finish_reason: finish, usage: usage ?? null } };
  }

  private body(spec: ModelSpec, messages: readonly ChatMessage[], kwargs: CallKwargs): OpenAI.ChatCompletionCreateParamsNonStreaming {
    const body: OpenAI.ChatCompletionCreateParamsNonStreaming = {
      model: spec.api_model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (kwargs.temperature !== undefined && !this.refused.has("temperature", spec.name)) body.temperature = kwargs.temperature;
    if (this.refused.has("max_tokens", spec.name) || REASONING_MODEL.test(spec.api_model)) {
      body.max_completion_tokens = kwargs.max_tokens;
    } else body.max_tokens = kwargs.max_tokens;
    if (kwargs.reasoning_effort !== undefined) {
      body.reasoning_effort = kwargs.reasoning_effort as OpenAI.ReasoningEffort;
    }
    return body;
  }

  /** A 400 naming temperature, max_tokens or streaming: stop sending that for this model. */
  adaptToRefusal(spec: ModelSpec, error: LlmError): boolean {
    return this.refused.learn(spec.name, error, (parameter) => parameter !== "stream" || this.timeouts.stream);
  }

}
