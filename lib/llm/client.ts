// The one door to OpenAI-compatible endpoints. Every exchange (chat or embeddings) goes:
// reserve an upper bound of its cost -> replay, or send with retries and backoff -> validate
// the reply -> commit the real cost -> record. The `openai` package does the HTTP; its own
// retries are off so that ours (with Retry-After, a per-request timeout, and typed errors) apply.
import OpenAI from "openai";
import { performance } from "node:perf_hooks";
import { Random } from "../random.js";
import { backoffDelayMs, sleep } from "./backoff.js";
import { classifyError } from "./classify.js";
import type { LlmConfig, ModelSpec } from "./config.js";
import { LlmError } from "./errors.js";
import { ExchangeRecorder, ExchangeReplayer, replayedError, type ExchangeRequest, type RecordedReply } from "./exchange-log.js";
import { sampleCallKwargs } from "./kwargs.js";
import { CostLedger, type Reservation } from "./ledger.js";
import { parseModelString } from "./model-string.js";
import { costOf, findPrice, inputTokensUpperBound, type ModelPrice } from "./prices.js";
import { chatUsage, estimatedTokens, parseChatCompletion, parseEmbeddingList } from "./reply-parsing.js";
import type { CallKwargs, ChatMessage, LlmReply, TokenUsage } from "./types.js";

export interface LlmClientOptions {
  /** Append every exchange to this JSONL file (overrides config.record_path). */
  record?: string;
  /** Answer every exchange from this JSONL file, with no network (overrides config.replay_path). */
  replay?: string;
  /** Share a ledger (e.g. restored on resume); default: a new one with config.budget_usd. */
  ledger?: CostLedger;
  /** Draws per-call kwargs when chat() is given none. */
  rng?: Random;
  /** Called once per model that has no price (its calls count as $0). */
  onWarning?: (message: string) => void;
  /** Environment for per-model key variables (api_key_env); default process.env. */
  env?: Record<string, string | undefined>;
}

interface EmbedOutcome {
  vectors: number[][];
  cost_usd: number;
  input_tokens: number;
}

interface Exchanged<T> {
  value: T;
  usage: TokenUsage;
  cost_usd: number;
  cost_known: boolean;
  attempts: number;
  replayed: boolean;
  raw?: unknown;
}

/** How each kind of answer is written to and read from a recording. */
const CHAT_CODEC = {
  toRecord: (content: string) => ({ content }),
  fromRecord: (reply: RecordedReply) => reply.content ?? "",
};
const EMBED_CODEC = {
  toRecord: (vectors: number[][]) => ({ vectors }),
  fromRecord: (reply: RecordedReply) => reply.vectors ?? [],
};

const REASONING_MODEL = /^(o\d|gpt-5)/;
const ROLES: ReadonlySet<unknown> = new Set(["system", "user", "assistant"]);

export class LlmClient {
  readonly ledger: CostLedger;
  private readonly recorder: ExchangeRecorder | undefined;
  private readonly replayer: ExchangeReplayer | undefined;
  private readonly rng: Random;
  private readonly env: Record<string, string | undefined>;
  private readonly onWarning: (message: string) => void;
  private readonly endpoints = new Map<string, OpenAI>();
  private readonly specs = new Map<string, ModelSpec>();
  /** Models whose server refused a parameter: we stop sending it (spec §9.6). */
  private readonly withoutTemperature = new Set<string>();
  private readonly useMaxCompletionTokens = new Set<string>();
  private readonly warnedUnpriced = new Set<string>();

  constructor(
    readonly config: LlmConfig,
    options: LlmClientOptions = {},
  ) {
    this.ledger = options.ledger ?? new CostLedger(config.budget_usd);
    const record = options.record ?? config.record_path;
    const replay = options.replay ?? config.replay_path;
    if (record && replay) throw new TypeError("record and replay cannot both be set");
    this.recorder = record ? new ExchangeRecorder(record) : undefined;
    this.replayer = replay ? new ExchangeReplayer(replay) : undefined;
    this.rng = options.rng ?? new Random(0);
    this.env = options.env ?? process.env;
    this.onWarning = options.onWarning ?? ((message) => process.emitWarning(message, "TansakuLlmWarning"));
    for (const spec of config.models) this.specs.set(spec.name, spec);
  }

  /** True when answers come from a replay file. */
  get replaying(): boolean {
    return this.replayer !== undefined;
  }

  /** The model's settings; a name not in the config gets the default sampling settings. */
  modelSpec(name: string): ModelSpec {
    const known = this.specs.get(name);
    if (known) return known;
    const location = parseModelString(name);
    const spec: ModelSpec = {
      name,
      api_model: location.api_model,
      temperatures: [0, 0.5, 1],
      max_tokens: [16384],
      reasoning_efforts: [],
      ...(location.base_url ? { base_url: location.base_url } : {}),
      ...(location.api_key_env ? { api_key_env: location.api_key_env } : {}),
    };
    this.specs.set(name, spec);
    return spec;
  }

  sampleKwargs(model: string, rng: Random = this.rng): CallKwargs {
    return sampleCallKwargs(this.modelSpec(model), rng);
  }

  async chat(model: string, messages: ChatMessage[], kwargs?: CallKwargs): Promise<LlmReply> {
    if (!Array.isArray(messages) || messages.length === 0) throw new TypeError("messages must be a non-empty array");
    messages.forEach((m, i) => {
      if (!ROLES.has(m?.role) || typeof m?.content !== "string") {
        throw new TypeError(`messages[${i}] must be {role: "system" | "user" | "assistant", content: string}`);
      }
    });
    const spec = this.modelSpec(model);
    const callKwargs = kwargs ?? this.sampleKwargs(model);
    if (!(Number.isInteger(callKwargs.max_tokens) && callKwargs.max_tokens > 0)) {
      throw new RangeError(`kwargs.max_tokens must be a positive integer, got ${callKwargs.max_tokens}`);
    }
    const price = this.priceOf(spec);
    const upper = costOf(price, {
      input_tokens: inputTokensUpperBound(messages.map((m) => m.content)),
      output_tokens: callKwargs.max_tokens,
    });
    const request: ExchangeRequest = { kind: "chat", model, body: { kwargs: callKwargs, messages } };
    const start = performance.now();
    const result = await this.exchange(request, spec, price, upper, CHAT_CODEC, async (openai) => {
      const raw: unknown = await openai.chat.completions.create(this.chatBody(spec, messages, callKwargs));
      try {
        const parsed = parseChatCompletion(raw, model);
        const usage = parsed.usage ?? {
          input_tokens: estimatedTokens(messages.map((m) => m.content).join("\n")),
          output_tokens: estimatedTokens(parsed.content),
        };
        return { value: parsed.content, usage, raw };
      } catch (error) {
        // An unusable reply may still have been billed: keep its usage for the ledger.
        throw Object.assign(error as LlmError, { usage: chatUsage(raw) });
      }
    });
    return {
      content: result.value,
      model,
      input_tokens: result.usage.input_tokens,
      output_tokens: result.usage.output_tokens,
      cost_usd: result.cost_usd,
      cost_known: result.cost_known,
      kwargs: callKwargs,
      seconds: (performance.now() - start) / 1000,
      attempts: result.attempts,
      replayed: result.replayed,
      ...(result.raw !== undefined ? { raw: result.raw } : {}),
    };
  }

  /** Embeddings through the endpoint's /embeddings API. */
  async embed(model: string, texts: string[]): Promise<EmbedOutcome> {
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== "string")) throw new TypeError("texts must be an array of strings");
    if (texts.length === 0) return { vectors: [], cost_usd: 0, input_tokens: 0 };
    const spec = this.modelSpec(model);
    const price = this.priceOf(spec);
    const upper = costOf(price, { input_tokens: inputTokensUpperBound(texts), output_tokens: 0 });
    const request: ExchangeRequest = { kind: "embed", model, body: { input: texts } };
    const result = await this.exchange(request, spec, price, upper, EMBED_CODEC, async (openai) => {
      const raw: unknown = await openai.embeddings.create({ model: spec.api_model, input: texts, encoding_format: "float" });
      const parsed = parseEmbeddingList(raw, model, texts.length);
      const usage = parsed.usage ?? { input_tokens: estimatedTokens(texts.join("\n")), output_tokens: 0 };
      return { value: parsed.vectors, usage, raw };
    });
    return { vectors: result.value, cost_usd: result.cost_usd, input_tokens: result.usage.input_tokens };
  }

  private chatBody(spec: ModelSpec, messages: ChatMessage[], kwargs: CallKwargs): OpenAI.ChatCompletionCreateParamsNonStreaming {
    const body: OpenAI.ChatCompletionCreateParamsNonStreaming = {
      model: spec.api_model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (kwargs.temperature !== undefined && !this.withoutTemperature.has(spec.name)) body.temperature = kwargs.temperature;
    if (this.useMaxCompletionTokens.has(spec.name) || REASONING_MODEL.test(spec.api_model)) {
      body.max_completion_tokens = kwargs.max_tokens;
    } else body.max_tokens = kwargs.max_tokens;
    if (kwargs.reasoning_effort !== undefined) {
      body.reasoning_effort = kwargs.reasoning_effort as OpenAI.ReasoningEffort;
    }
    return body;
  }

  private priceOf(spec: ModelSpec): ModelPrice | undefined {
    const price = findPrice(spec.name, this.config.prices) ?? findPrice(spec.api_model, this.config.prices);
    if (!price && !this.warnedUnpriced.has(spec.name)) {
      this.warnedUnpriced.add(spec.name);
      this.onWarning(`model "${spec.name}" has no price in the price table: its calls count as $0 (add it to llm.prices)`);
    }
    return price;
  }

  private endpoint(spec: ModelSpec): OpenAI {
    const baseURL = spec.base_url ?? this.config.base_url;
    const apiKey = (spec.api_key_env ? this.env[spec.api_key_env] : undefined) ?? this.config.api_key ?? "no-api-key";
    const id = `${baseURL ?? ""}\n${apiKey}`;
    let client = this.endpoints.get(id);
    if (!client) {
      client = new OpenAI({
        apiKey,
        ...(baseURL ? { baseURL } : {}),
        maxRetries: 0,
        timeout: Math.max(1, Math.round(this.config.request_timeout_s * 1000)),
      });
      this.endpoints.set(id, client);
    }
    return client;
  }

  private async exchange<T>(
    request: ExchangeRequest,
    spec: ModelSpec,
    price: ModelPrice | undefined,
    upperUsd: number,
    codec: { toRecord(value: T): Pick<RecordedReply, "content" | "vectors">; fromRecord(reply: RecordedReply): T },
    send: (openai: OpenAI) => Promise<{ value: T; usage: TokenUsage; raw: unknown }>,
  ): Promise<Exchanged<T>> {
    const reservation = this.ledger.reserve(request.model, upperUsd);
    if (this.replayer) return this.replay(request, reservation, codec.fromRecord);
    let attempts = 0;
    let adaptations = 0;
    for (;;) {
      attempts++;
      try {
        const sent = await send(this.endpoint(spec));
        const cost = this.settle(reservation, price, sent.usage);
        const cost_known = price !== undefined;
        const { input_tokens, output_tokens } = sent.usage;
        this.recorder?.append(request, { reply: { ...codec.toRecord(sent.value), input_tokens, output_tokens, cost_usd: cost, cost_known } });
        return { value: sent.value, usage: sent.usage, cost_usd: cost, cost_known, attempts, replayed: false, raw: sent.raw };
      } catch (thrown) {
        const error = classifyError(thrown, request.model);
        if (error.kind === "request" && adaptations < 2 && this.adaptToRefusal(spec, error)) {
          adaptations++;
          attempts--; // a refused parameter is our fault, not a failed attempt
          continue;
        }
        if (error.retryable && attempts <= this.config.max_retries) {
          const delay = backoffDelayMs(
            attempts - 1,
            { base_ms: this.config.retry_base_delay_s * 1000, max_ms: this.config.retry_max_delay_s * 1000 },
            error.details.retry_after_ms,
          );
          await sleep(delay);
          continue;
        }
        const billed = (thrown as { usage?: TokenUsage }).usage;
        if (billed) this.settle(reservation, price, billed);
        else this.ledger.release(reservation);
        const final = new LlmError(error.kind, attempts > 1 ? `${error.message} (after ${attempts} attempts)` : error.message, {
          ...error.details,
          attempts,
        });
        this.recorder?.append(request, { error: { kind: final.kind, message: final.message } });
        throw final;
      }
    }
  }

  private replay<T>(request: ExchangeRequest, reservation: Reservation, fromRecord: (reply: RecordedReply) => T): Exchanged<T> {
    let outcome;
    try {
      outcome = this.replayer!.next(request);
    } catch (error) {
      this.ledger.release(reservation);
      throw error;
    }
    if ("error" in outcome) {
      this.ledger.release(reservation);
      throw replayedError(outcome.error, request.model);
    }
    const reply = outcome.reply;
    const usage = { input_tokens: reply.input_tokens, output_tokens: reply.output_tokens };
    this.ledger.commit(reservation, reply.cost_usd, usage, reply.cost_known);
    return { value: fromRecord(reply), usage, cost_usd: reply.cost_usd, cost_known: reply.cost_known, attempts: 0, replayed: true };
  }

  private settle(reservation: Reservation, price: ModelPrice | undefined, usage: TokenUsage): number {
    const cost = costOf(price, usage);
    this.ledger.commit(reservation, cost, usage, price !== undefined);
    return cost;
  }

  /** A 400 naming temperature or max_tokens: stop sending that parameter form for this model. */
  private adaptToRefusal(spec: ModelSpec, error: LlmError): boolean {
    const message = error.message.toLowerCase();
    if (message.includes("temperature") && !this.withoutTemperature.has(spec.name)) {
      this.withoutTemperature.add(spec.name);
      return true;
    }
    if (message.includes("max_tokens") && !this.useMaxCompletionTokens.has(spec.name)) {
      this.useMaxCompletionTokens.add(spec.name);
      return true;
    }
    return false;
  }
}
