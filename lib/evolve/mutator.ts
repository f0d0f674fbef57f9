// Where patches come from: an OpenAI-compatible endpoint through LlmClient, or the offline
// mutation operator, which answers in the same tagged protocol at no cost so the runner treats it
// as one more model ("offline-mutation").
import type { LlmClient } from "../llm/client.js";
import type { CallKwargs, ChatMessage, LlmReply } from "../llm/types.js";
import type { Random } from "../random.js";

export interface Mutator {
  /** The model names it can answer for. */
  readonly models: readonly string[];
  readonly offline: boolean;
  sampleKwargs(model: string, rng: Random): CallKwargs;
  chat(model: string, messages: ChatMessage[], kwargs: CallKwargs, rng: Random): Promise<LlmReply>;
  /** Tokens a prompt may use for this call (context window less max_tokens); undefined: no limit. */
  promptBudget?(model: string, kwargs: CallKwargs): number | undefined;
}

export function llmMutator(client: LlmClient): Mutator {
  return {
    models: client.config.models.map((m) => m.name),
    offline: false,
    sampleKwargs: (model, rng) => client.sampleKwargs(model, rng),
    chat: (model, messages, kwargs) => client.chat(model, messages, kwargs),
    promptBudget: (model, kwargs) => client.promptBudget(model, kwargs.max_tokens).tokens,
  };
}

/** Wraps a function that writes a reply text (the offline operator) as a zero-cost model. */
export function offlineMutator(name: string, reply: (messages: ChatMessage[], rng: Random) => string | Promise<string>): Mutator {
  return {
    models: [name],
    offline: true,
    sampleKwargs: () => ({ max_tokens: 16384 }),
    async chat(model, messages, kwargs, rng) {
      const started = performance.now();
      const content = await reply(messages, rng);
      return {
        content,
        model,
        input_tokens: 0,
        output_tokens: 0,
        cost_usd: 0,
        cost_known: true,
        kwargs,
        seconds: (performance.now() - started) / 1000,
        attempts: 0,
        replayed: false,
      };
    },
  };
}
