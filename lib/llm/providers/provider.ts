// What the client needs from a provider: send one chat call and return the text, the usage and
// why the model stopped. The client owns everything around it (budget, retries with backoff,
// record/replay, cost); a provider owns the wire format, its endpoint and its timeouts.
import type { ModelSpec } from "../config.js";
import type { LlmError } from "../errors.js";
import type { CallKwargs, ChatMessage, TokenUsage } from "../types.js";

export type ProviderName = "openai" | "anthropic" | "gemini";
export const PROVIDER_NAMES = ["openai", "anthropic", "gemini"] as const;

export interface ChatCall {
  spec: ModelSpec;
  messages: readonly ChatMessage[];
  kwargs: CallKwargs;
}

export interface ChatResult {
  /** The reply's text (thinking blocks left out); may be empty, the client decides what that means. */
  content: string;
  /** Usage as the server reported it; undefined when it reported none (the client estimates). */
  usage: TokenUsage | undefined;
  finish_reason?: string;
  /** The reply body (or, for streams, the final usage and stop reason), for debugging. */
  raw: unknown;
}

/** Timeouts every provider applies (seconds in the config, milliseconds here). */
export interface ProviderTimeouts {
  /** Non-streaming: the whole reply. Streaming: until the first token arrives. */
  request_ms: number;
  /** Streaming only: the longest gap between tokens before the call is aborted (spec §14). */
  stall_ms: number;
  /** Stream replies (true) or wait for the whole body. */
  stream: boolean;
}

export interface ChatProvider {
  readonly name: ProviderName;
  /** Throws LlmError (or an error classifyError understands); an error may carry `usage` when billed. */
  chat(call: ChatCall): Promise<ChatResult>;
  /** A 400 naming a parameter: stop sending it for this model and return true to re-send. */
  adaptToRefusal?(spec: ModelSpec, error: LlmError): boolean;
}

/** Where a provider that speaks plain HTTP is served, and the key sent with each call. */
export interface HttpEndpoint {
  base_url: string;
  api_key: string | undefined;
}

/**
 * The parameters each model's server refused with a 400 naming them (spec §9.6): the provider
 * stops sending them to that model. `learn` takes the first parameter, in the given order, that the
 * error names and the model was still sent, and says whether the call is worth re-sending.
 */
export class RefusedParameters<P extends string> {
  private readonly refused = new Set<string>();

  constructor(private readonly parameters: readonly P[]) {}

  has(parameter: P, model: string): boolean {
    return this.refused.has(`${parameter}\u0000${model}`);
  }

  learn(model: string, error: LlmError, applies: (parameter: P) => boolean = () => true): boolean {
    const message = error.message.toLowerCase();
    for (const parameter of this.parameters) {
      if (!message.includes(parameter) || !applies(parameter) || this.has(parameter, model)) continue;
      this.refused.add(`${parameter}\u0000${model}`);
      return true;
    }
    return false;
  }
}
