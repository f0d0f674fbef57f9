// The shapes every part of the LLM layer shares: messages in, replies out, per-call sampling.

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Sampling settings of one call, drawn per call from the model's lists (spec §9.6). */
export interface CallKwargs {
  temperature?: number;
  max_tokens: number;
  reasoning_effort?: string;
}

export interface LlmReply {
  content: string;
  /** The model asked for (the name in the config), not the one the server echoed. */
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  /** False when the model is missing from the price table (cost counted as 0). */
  cost_known: boolean;
  kwargs: CallKwargs;
  /** Wall time of the exchange, retries and backoff included. */
  seconds: number;
  /** How many HTTP attempts it took (0 for a replayed reply). */
  attempts: number;
  /** True when the reply came from a replay file rather than the network. */
  replayed: boolean;
  /** The server's reply body, for debugging; absent when replayed. */
  raw?: unknown;
}

export interface EmbeddingResult {
  vectors: number[][];
  cost_usd: number;
}

export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  /** Input tokens read from a prompt cache (part of input_tokens, billed at cached_input). */
  cached_input_tokens?: number;
  /** Input tokens written to a prompt cache (part of input_tokens; Anthropic bills them higher). */
  cache_write_input_tokens?: number;
  /** Thinking tokens (part of output_tokens, billed as output). */
  reasoning_tokens?: number;
}
