// The one LLM handle the kernel agent uses: a model on an LlmClient (costs, budget, retries and
// record/replay are the client's), plus the sampling settings of its role (spec §10.4).
import type { LlmClient } from "../../llm/client.js";
import type { CallKwargs, ChatMessage, LlmReply } from "../../llm/types.js";
import { Random } from "../../random.js";

export interface AgentLlm {
  readonly model: string;
  chat(messages: ChatMessage[]): Promise<LlmReply>;
}

/** A model of the client; kwargs drawn per call from the model's settings with a seeded stream. */
export function agentLlm(client: LlmClient, model: string, options: { seed?: number; kwargs?: Partial<CallKwargs> } = {}): AgentLlm {
  if (typeof model !== "string" || model === "") throw new TypeError("model must be a non-empty string");
  const rng = new Random(options.seed ?? 0);
  return {
    model,
    chat: (messages) => client.chat(model, messages, { ...client.sampleKwargs(model, rng), ...options.kwargs }),
  };
}
