// The one door to the LLM providers (OpenAI-compatible, Anthropic, Gemini: lib/llm/providers).
// Every exchange (chat or embeddings) goes: reserve an upper bound of its cost -> replay, or send
// with retries and backoff -> validate the reply -> commit the real cost -> record. Providers do
// the HTTP with their retries off, so ours (with Retry-After, a per-request timeout, a stall
// timeout on streams, and typed errors) apply to all of them alike.
import { performance } from "node:perf_hooks";
import { Random } from "../random.js";
import { backoffDelayMs, sleep } from "./backoff.js";
import { classifyError } from "./classify.js";
import { contextWindow, promptTokenBudget } from "./context.js";
import type { LlmConfig, ModelSpec } from "./config.js";
import { LlmError } from "./errors.js";
import { ExchangeRecorder, ExchangeReplayer, replayedError, type ExchangeRequest, type RecordedReply } from "./exchange-log.js";
import { sampleCallKwargs } from "./kwargs.js";
import { CostLedger, type Reservation } from "./ledger.js";
import { parseModelString } from "./model-string.js";
import { costOf, findPrice, inputTokensUpperBound, type ModelPrice } from "./prices.js";
import { AnthropicProvider, ANTHROPIC_DEFAULT_BASE_URL } from "./providers/anthropic.js";
import { GeminiProvider, GEMINI_DEFAULT_BASE_URL } from "./providers/gemini.js";
import { OpenAIProvider } from "./providers/openai.js";
import type { ChatProvider, ProviderTimeouts } from "./providers/provider.js";
import { estimatedTokens, parseEmbeddingList } from "./reply-parsing.js";
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

const ROLES: ReadonlySet<unknown> = new Set(["system", "user", "assistant"]);

export class LlmClient {
  readonly ledger: CostLedger;
  private readonly recorder: ExchangeRecorder | undefined;
  private readonly replayer: ExchangeReplayer | undefined;
  private readonly rng: Random;
  private readonly env: Record<string, string | undefined>;
  private readonly onWarning: (message: string) => void;
  private readonly providers = new Map<string, ChatProvider>();
  private readonly specs = new Map<string, ModelSpec>();
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
    const location = parseModelString(name, this.env, this.config.base_url);
    const spec: ModelSpec = {
      name,
      api_model: location.api_model,
      temperatures: [0, 0.5, 1],
      max_tokens: [16384],
      reasoning_efforts: [],
      ...(location.provider !== "openai" ? { provider: location.provider } : {}),
      ...(location.base_url ? { base_url: location.base_url } : {}),
      ...(location.api_key_env ? { api_key_env: location.api_key_env } : {}),
    };
    this.specs.set(name, spec);
    return spec;
  }

  /** Tokens a prompt to this model may use when the reply may take `maxTokens` (see context.ts). */
  promptBudget(model: string, maxTokens: number): { tokens: number; window: number; window_known: boolean } {
    const window = contextWindow(this.modelSpec(model));
    return { tokens: promptTokenBudget(window.tokens, maxTokens), window: window.tokens, window_known: window.known };
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
    const provider = this.provider(spec);
    const result = await this.exchange(request, spec, price, upper, CHAT_CODEC, provider, async () => {
      const reply = await provider.chat({ spec, messages, kwargs: callKwargs });
      if (reply.content.trim() === "") {
        // An empty reply may still have been billed: keep its usage for the ledger.
        throw Object.assign(
          new LlmError("empty", `model "${model}" sent an empty reply (finish_reason ${reply.finish_reason ?? "none"})`, { model }),
          { usage: reply.usage },
        );
      }
      const usage = reply.usage ?? {
        input_tokens: estimatedTokens(messages.map((m) => m.content).join("\n")),
        output_tokens: estimatedTokens(reply.content),
      };
      return { value: reply.content, usage, raw: reply.raw };
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
    const provider = this.provider(spec);
    if (!(provider instanceof OpenAIProvider)) {
      throw new TypeError(`embedding model "${model}": embeddings are served only through OpenAI-compatible endpoints, not ${provider.name}`);
    }
    const result = await this.exchange(request, spec, price, upper, EMBED_CODEC, provider, async () => {
      const raw: unknown = await provider.client.embeddings.create({ model: spec.api_model, input: texts, encoding_format: "float" });
      const parsed = parseEmbeddingList(raw, model, texts.length);
      const usage = parsed.usage ?? { input_tokens: estimatedTokens(texts.join("\n")), output_tokens: 0 };
      return { value: parsed.vectors, usage, raw };
    });
    return { vectors: result.value, cost_usd: result.cost_usd, input_tokens: result.usage.input_tokens };
  }

  private priceOf(spec: ModelSpec): ModelPrice | undefined {
    const price = findPrice(spec.name, this.config.prices) ?? findPrice(spec.api_model, this.config.prices);
    if (!price && !this.warnedUnpriced.has(spec.name)) {
      this.warnedUnpriced.add(spec.name);
      this.onWarning(`model "${spec.name}" has no price in the price table: its calls count as $0 (add it to llm.prices)`);
    }
    return price;
  }

  private timeouts(): ProviderTimeouts {
    return {
      request_ms: Math.max(1, this.config.request_timeout_s * 1000),
      // Configs saved before streaming existed have neither key.
      stall_ms: Math.max(1, (this.config.stall_timeout_s ?? 120) * 1000),
      stream: this.config.stream ?? true,
    };
  }

  /** The provider serving a model, one per (provider, endpoint, key); keys are read from env. */
  private provider(spec: ModelSpec): ChatProvider {
    const kind = spec.provider ?? "openai";
    const keyFromSpec = spec.api_key_env ? nonEmpty(this.env[spec.api_key_env]) : undefined;
    let base: string | undefined;
    let key: string | undefined;
    if (kind === "anthropic") {
      base = spec.base_url ?? this.config.anthropic_base_url ?? ANTHROPIC_DEFAULT_BASE_URL;
      key = keyFromSpec ?? nonEmpty(this.env.ANTHROPIC_API_KEY);
    } else if (kind === "gemini") {
      base = spec.base_url ?? this.config.gemini_base_url ?? GEMINI_DEFAULT_BASE_URL;
      key = keyFromSpec ?? nonEmpty(this.env.GEMINI_API_KEY) ?? nonEmpty(this.env.GOOGLE_API_KEY);
    } else {
      base = spec.base_url ?? this.config.base_url;
      // A model with its own key variable (openrouter/…, local/…?api_key_env=) never gets the
      // default endpoint's key: that would hand an OpenAI key to another host.
      key = spec.api_key_env ? (keyFromSpec ?? "no-api-key") : (this.config.api_key ?? "no-api-key");
    }
    const id = `${kind}\n${base ?? ""}\n${key ?? ""}`;
    let provider = this.providers.get(id);
    if (!provider) {
      const timeouts = this.timeouts();
      if (kind === "anthropic") provider = new AnthropicProvider({ base_url: base!, api_key: key }, timeouts);
      else if (kind === "gemini") provider = new GeminiProvider({ base_url: base!, api_key: key }, timeouts);
      else provider = new OpenAIProvider({ base_url: base, api_key: key ?? "no-api-key" }, timeouts);
      this.providers.set(id, provider);
    }
    return provider;
  }

  private async exchange<T>(
    request: ExchangeRequest,
    spec: ModelSpec,
    price: ModelPrice | undefined,
    upperUsd: number,
    codec: { toRecord(value: T): Pick<RecordedReply, "content" | "vectors">; fromRecord(reply: RecordedReply): T },
    provider: ChatProvider,
    send: () => Promise<{ value: T; usage: TokenUsage; raw: unknown }>,
  ): Promise<Exchanged<T>> {
    const reservation = this.ledger.reserve(request.model, upperUsd);
    if (this.replayer) return this.replay(request, reservation, codec.fromRecord);
    let attempts = 0;
    let adaptations = 0;
    for (;;) {
      attempts++;
      try {
        const sent = await send();
        const cost = this.settle(reservation, price, sent.usage);
        const cost_known = price !== undefined;
        const { input_tokens, output_tokens } = sent.usage;
        this.recorder?.append(request, { reply: { ...codec.toRecord(sent.value), input_tokens, output_tokens, cost_usd: cost, cost_known } });
        return { value: sent.value, usage: sent.usage, cost_usd: cost, cost_known, attempts, replayed: false, raw: sent.raw };
      } catch (thrown) {
        const error = classifyError(thrown, request.model);
        if (error.kind === "request" && adaptations < 3 && provider.adaptToRefusal?.(spec, error)) {
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
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
