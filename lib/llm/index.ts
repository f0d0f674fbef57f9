// The LLM layer: one client for OpenAI-compatible endpoints, Anthropic and Gemini, with retries,
// stall timeouts on streamed replies, costs, a hard budget, context budgets and record/replay; model samplers (the asymmetric UCB bandit, fixed weights); embedders.
//
// For the runner: check `client.ledger.exhausted()` before starting a proposal, and treat an
// LlmError of kind "budget" (the call's upper-bound cost no longer fits) as "stop proposing";
// kinds "malformed" and "empty" are failed proposals to record, not reasons to stop. The bandit's
// `select(rng)` already counts the pick as submitted. Contract additions beyond the brief:
// LlmReply has `cost_known`, `attempts` and `replayed`; samplers have `updateCost`,
// `setBaseline` and `probabilities`; `createEmbedder` also accepts an LlmClient (to share its
// ledger and recording).
export type { ChatMessage, CallKwargs, LlmReply, EmbeddingResult, TokenUsage } from "./types.js";
export { LlmError, type LlmErrorKind } from "./errors.js";
export {
  llmConfigSchema,
  resolveLlmConfig,
  type LlmConfig,
  type LlmConfigInput,
  type LlmCliOptions,
  type ModelSpec,
  type ResolveLlmConfigOptions,
} from "./config.js";
export { parseModelString, type ModelLocation } from "./model-string.js";
export { sampleCallKwargs, type SamplingSettings } from "./kwargs.js";
export { DEFAULT_PRICES, costOf, findPrice, type ModelPrice, type PriceTable } from "./prices.js";
export { CostLedger, type LedgerState, type ModelTotals, type Reservation } from "./ledger.js";
export { backoffDelayMs, retryAfterMs } from "./backoff.js";
export { exchangeKey, ExchangeRecorder, ExchangeReplayer } from "./exchange-log.js";
export { LlmClient, type LlmClientOptions } from "./client.js";
export type { ChatCall, ChatProvider, ChatResult, ProviderName, ProviderTimeouts } from "./providers/provider.js";
export { OpenAIProvider } from "./providers/openai.js";
export { AnthropicProvider, ANTHROPIC_DEFAULT_BASE_URL, ANTHROPIC_VERSION } from "./providers/anthropic.js";
export { GeminiProvider, GEMINI_DEFAULT_BASE_URL } from "./providers/gemini.js";
export { CONTEXT_WINDOWS, contextWindow, estimatedPromptTokens, promptTokenBudget, UNKNOWN_CONTEXT_TOKENS } from "./context.js";
export type { ArmStats, ModelSampler } from "./bandit/sampler.js";
export {
  AsymmetricUCB,
  asymmetricUcbOptionsSchema,
  type AsymmetricUcbOptions,
  type AsymmetricUcbOptionsInput,
  type AsymmetricUcbState,
} from "./bandit/asymmetric-ucb.js";
export { FixedWeightsSampler, type FixedWeightsState } from "./bandit/fixed-weights.js";
export { createSampler, samplerFromJSON, type SamplerKind } from "./bandit/factory.js";
export { cosineSimilarity, type Embedder } from "./embed/embedder.js";
export { LocalHashEmbedder, codeTokens } from "./embed/local-hash.js";
export { OpenAIEmbedder } from "./embed/openai-embedder.js";
export { createEmbedder } from "./embed/create.js";
