// The LLM layer's configuration: endpoint, models with their sampling settings, timeouts,
// retries, prices, budget, embedding model and record/replay files. Layers, later wins:
// defaults -> config file -> command line; the endpoint and key fall back to OPENAI_BASE_URL and
// OPENAI_API_KEY, the Anthropic and Gemini endpoints to ANTHROPIC_BASE_URL and GEMINI_BASE_URL.
// Their keys (ANTHROPIC_API_KEY, GEMINI_API_KEY or GOOGLE_API_KEY) are read from the environment
// when a call is made, never stored here, so a saved config holds no secret.
// Everything is validated with zod; a bad value is a TypeError naming its key.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseModelString } from "./model-string.js";
import { DEFAULT_PRICES, modelPriceSchema, type PriceTable } from "./prices.js";
import { PROVIDER_NAMES, type ProviderName } from "./providers/provider.js";

const samplingSchema = z.object({
  temperatures: z.array(z.number().min(0).max(2)).default([0, 0.5, 1]),
  max_tokens: z.union([z.number().int().positive(), z.array(z.number().int().positive()).min(1)]).default(16384),
  reasoning_efforts: z.array(z.string().min(1)).default([]),
});

const modelEntrySchema = z.union([
  z.string().min(1),
  z.strictObject({
    name: z.string().min(1),
    temperatures: z.array(z.number().min(0).max(2)).optional(),
    max_tokens: z.union([z.number().int().positive(), z.array(z.number().int().positive()).min(1)]).optional(),
    reasoning_efforts: z.array(z.string().min(1)).optional(),
    base_url: z.url().optional(),
    api_key_env: z.string().min(1).optional(),
    /** Which API the model speaks; default: guessed from the name (see model-string.ts). */
    provider: z.enum(PROVIDER_NAMES).optional(),
    /** The model's context window in tokens; default: the bundled table (context.ts). */
    context_tokens: z.number().int().positive().optional(),
  }),
]);

/** What a config file or an object may hold (snake_case, Shinka's names accepted as aliases). */
export const llmConfigSchema = z.strictObject({
  base_url: z.url().optional(),
  api_key: z.string().min(1).optional(),
  models: z.array(modelEntrySchema).default([]),
  /** Sampling defaults for models that do not set their own (Shinka's `llm_kwargs`). */
  llm_kwargs: samplingSchema.default({ temperatures: [0, 0.5, 1], max_tokens: 16384, reasoning_efforts: [] }),
  request_timeout_s: z.number().positive().default(300),
  /** Streamed replies: abort and retry when no token arrives for this long (spec §14). */
  stall_timeout_s: z.number().positive().default(120),
  /** Stream replies (needed for the stall timeout); false waits for whole bodies. */
  stream: z.boolean().default(true),
  anthropic_base_url: z.url().optional(),
  gemini_base_url: z.url().optional(),
  max_retries: z.number().int().min(0).max(20).default(3),
  retry_base_delay_s: z.number().min(0).default(1),
  retry_max_delay_s: z.number().min(0).default(60),
  prices: z.record(z.string(), modelPriceSchema).default({}),
  budget_usd: z.number().nonnegative().nullable().default(null),
  embedding_model: z.string().min(1).default("local"),
  record_path: z.string().min(1).optional(),
  replay_path: z.string().min(1).optional(),
});
export type LlmConfigInput = z.input<typeof llmConfigSchema>;

/** A model with every sampling setting filled in. */
export interface ModelSpec {
  /** The name used in config, logs, bandit and ledger. */
  name: string;
  /** The name sent to the server (differs for local/<model>@url strings). */
  api_model: string;
  temperatures: number[];
  max_tokens: number[];
  reasoning_efforts: string[];
  /** Per-model endpoint and key variable, when the model does not use the default endpoint. */
  base_url?: string;
  api_key_env?: string;
  /** Absent: an OpenAI-compatible endpoint. */
  provider?: ProviderName;
  context_tokens?: number;
}

export interface LlmConfig {
  base_url?: string;
  api_key?: string;
  models: ModelSpec[];
  request_timeout_s: number;
  /** Optional only because configs saved by older runs lack it (default 120). */
  stall_timeout_s?: number;
  /** Optional only because configs saved by older runs lack it (default true). */
  stream?: boolean;
  anthropic_base_url?: string;
  gemini_base_url?: string;
  max_retries: number;
  retry_base_delay_s: number;
  retry_max_delay_s: number;
  /** The bundled prices with the config's entries on top. */
  prices: PriceTable;
  budget_usd: number | null;
  embedding_model: string;
  record_path?: string;
  replay_path?: string;
}

/** Command-line values (already typed by the option parsers; validated here). */
export interface LlmCliOptions {
  models?: string | string[];
  base_url?: string;
  api_key?: string;
  budget_usd?: number;
  embedding_model?: string;
  timeout_s?: number;
  stall_timeout_s?: number;
  max_retries?: number;
  record?: string;
  replay?: string;
}

export interface ResolveLlmConfigOptions {
  /** A parsed config object or the path of a JSON file; an `llm` key is used when present. */
  file?: string | Record<string, unknown>;
  cli?: LlmCliOptions;
  env?: Record<string, string | undefined>;
}

const SHINKA_ALIASES: Record<string, string> = { llm_models: "models", max_api_costs: "budget_usd" };

function readFileConfig(file: string | Record<string, unknown>): Record<string, unknown> {
  let data: unknown = file;
  if (typeof file === "string") {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new TypeError(`config file ${file}: ${(error as Error).message}`);
    }
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new TypeError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new TypeError("LLM config must be an object");
  const section = (data as Record<string, unknown>).llm ?? data;
  if (typeof section !== "object" || section === null || Array.isArray(section)) {
    throw new TypeError("LLM config: `llm` must be an object");
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) out[SHINKA_ALIASES[key] ?? key] = value;
  return out;
}

function cliLayer(cli: LlmCliOptions): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  if (cli.models !== undefined) {
    layer.models = (Array.isArray(cli.models) ? cli.models : cli.models.split(","))
      .map((m) => m.trim())
      .filter((m) => m.length > 0);
  }
  if (cli.base_url !== undefined) layer.base_url = cli.base_url;
  if (cli.api_key !== undefined) layer.api_key = cli.api_key;
  if (cli.budget_usd !== undefined) layer.budget_usd = cli.budget_usd;
  if (cli.embedding_model !== undefined) layer.embedding_model = cli.embedding_model;
  if (cli.timeout_s !== undefined) layer.request_timeout_s = cli.timeout_s;
  if (cli.stall_timeout_s !== undefined) layer.stall_timeout_s = cli.stall_timeout_s;
  if (cli.max_retries !== undefined) layer.max_retries = cli.max_retries;
  if (cli.record !== undefined) layer.record_path = cli.record;
  if (cli.replay !== undefined) layer.replay_path = cli.replay;
  return layer;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}

export function resolveLlmConfig({ file, cli = {}, env = process.env }: ResolveLlmConfigOptions = {}): LlmConfig {
  const merged = { ...(file !== undefined ? readFileConfig(file) : {}), ...cliLayer(cli) };
  const parsed = llmConfigSchema.safeParse(merged);
  if (!parsed.success) throw new TypeError(`invalid LLM config: ${describeIssues(parsed.error)}`);
  const input = parsed.data;
  const defaults = input.llm_kwargs;
  const endpoint = input.base_url ?? nonEmpty(env.OPENAI_BASE_URL);
  const models: ModelSpec[] = input.models.map((entry) => {
    const spec = typeof entry === "string" ? { name: entry } : entry;
    let location;
    try {
      location = parseModelString(spec.name, env, endpoint);
    } catch (error) {
      throw new TypeError(`invalid LLM config: ${(error as Error).message}`);
    }
    const maxTokens = spec.max_tokens ?? defaults.max_tokens;
    const base_url = ("base_url" in spec ? spec.base_url : undefined) ?? location.base_url;
    const api_key_env = ("api_key_env" in spec ? spec.api_key_env : undefined) ?? location.api_key_env;
    const provider = ("provider" in spec ? spec.provider : undefined) ?? location.provider;
    const context_tokens = "context_tokens" in spec ? spec.context_tokens : undefined;
    return {
      name: spec.name,
      api_model: location.api_model,
      temperatures: [...(("temperatures" in spec ? spec.temperatures : undefined) ?? defaults.temperatures)],
      max_tokens: typeof maxTokens === "number" ? [maxTokens] : [...maxTokens],
      reasoning_efforts: [...(("reasoning_efforts" in spec ? spec.reasoning_efforts : undefined) ?? defaults.reasoning_efforts)],
      ...(base_url ? { base_url } : {}),
      ...(api_key_env ? { api_key_env } : {}),
      ...(provider !== "openai" ? { provider } : {}),
      ...(context_tokens !== undefined ? { context_tokens } : {}),
    };
  });
  const names = new Set<string>();
  for (const model of models) {
    if (names.has(model.name)) throw new TypeError(`invalid LLM config: models: "${model.name}" is listed twice`);
    names.add(model.name);
  }
  const base_url = endpoint;
  if (base_url !== undefined && !z.url().safeParse(base_url).success) {
    throw new TypeError(`invalid LLM config: base_url (or OPENAI_BASE_URL): "${base_url}" is not a URL`);
  }
  if (input.embedding_model !== "local") {
    let provider;
    try {
      provider = parseModelString(input.embedding_model, env, endpoint).provider;
    } catch (error) {
      throw new TypeError(`invalid LLM config: embedding_model: ${(error as Error).message}`);
    }
    if (provider !== "openai") {
      throw new TypeError(`invalid LLM config: embedding_model: "${input.embedding_model}" is a ${provider} model; embeddings are served only through OpenAI-compatible endpoints (or "local")`);
    }
  }
  const anthropic_base_url = input.anthropic_base_url ?? nonEmpty(env.ANTHROPIC_BASE_URL);
  const gemini_base_url = input.gemini_base_url ?? nonEmpty(env.GEMINI_BASE_URL);
  for (const [key, value] of [["anthropic_base_url (or ANTHROPIC_BASE_URL)", anthropic_base_url], ["gemini_base_url (or GEMINI_BASE_URL)", gemini_base_url]] as const) {
    if (value !== undefined && !z.url().safeParse(value).success) throw new TypeError(`invalid LLM config: ${key}: "${value}" is not a URL`);
  }
  const api_key = input.api_key ?? nonEmpty(env.OPENAI_API_KEY);
  if (input.record_path && input.replay_path) {
    throw new TypeError("invalid LLM config: record_path and replay_path cannot both be set");
  }
  return {
    ...(base_url ? { base_url } : {}),
    ...(api_key ? { api_key } : {}),
    models,
    request_timeout_s: input.request_timeout_s,
    stall_timeout_s: input.stall_timeout_s,
    stream: input.stream,
    ...(anthropic_base_url ? { anthropic_base_url } : {}),
    ...(gemini_base_url ? { gemini_base_url } : {}),
    max_retries: input.max_retries,
    retry_base_delay_s: input.retry_base_delay_s,
    retry_max_delay_s: input.retry_max_delay_s,
    prices: { ...DEFAULT_PRICES, ...input.prices },
    budget_usd: input.budget_usd,
    embedding_model: input.embedding_model,
    ...(input.record_path ? { record_path: input.record_path } : {}),
    ...(input.replay_path ? { replay_path: input.replay_path } : {}),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
