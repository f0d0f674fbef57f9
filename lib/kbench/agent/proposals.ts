// Kernel proposals for the evolution engine (its PatchTools hook), sampled one after another in one
// conversation (spec §10.2): the first asks for a faster kernel than the current one, each later one
// for a different implementation strategy than the proposals before it. A conversation keeps one
// parent (the store's choice is held until it ends) and ends after `proposals` applied kernels.
// Every proposal is a full kernel (the whole file is one EVOLVE-BLOCK).
import { unifiedDiff } from "../../evolve/edit/diff.js";
import type { PatchOutcome, PatchTools, PromptRequest } from "../../evolve/patch-tools.js";
import type { EvolutionStore, ParentChoice, StoredProgram } from "../../evolve/store.js";
import type { ChatMessage } from "../../llm/types.js";
import type { Random } from "../../random.js";
import { kernelOf, withKernel } from "./candidate.js";
import type { AgentTask } from "./contract.js";
import { anotherStrategyMessage, evolveSystemMessage, fixMessage, proposalMessage, type ShownKernel } from "./prompts.js";
import { parseKernelReply } from "./reply.js";

interface Conversation {
  choice?: ParentChoice;
  base?: ChatMessage[];
  replies: string[];
}

export interface SequentialProposals {
  patches: PatchTools;
  /** The store as the runner should see it: `choose` holds the conversation's parent. */
  store(inner: EvolutionStore): EvolutionStore;
}

function shown(p: StoredProgram): ShownKernel {
  return {
    ...(typeof p.metadata.patch_name === "string" ? { name: p.metadata.patch_name } : {}),
    code: kernelOf(p.code),
    score: p.combined_score,
    correct: p.correct,
    feedback: [typeof p.metadata.error === "string" && !p.correct ? `Error: ${p.metadata.error}` : "", p.text_feedback ?? ""].filter(Boolean).join("\n"),
  };
}

export function sequentialProposals(task: AgentTask, proposals: number): SequentialProposals {
  if (!(Number.isInteger(proposals) && proposals >= 1)) throw new RangeError(`proposals per conversation must be an integer >= 1, got ${proposals}`);
  let conversation: Conversation = { replies: [] };
  const system = evolveSystemMessage(task);

  const patches: PatchTools = {
    samplePatchType: () => "full",
    buildMessages(request: PromptRequest): ChatMessage[] {
      if (!conversation.base) {
        const others = [...request.archive_inspirations, ...request.top_k_inspirations].filter((p) => p.id !== request.parent.id).map(shown);
        conversation.base = [
          { role: "system", content: system },
          { role: "user", content: proposalMessage(shown(request.parent), others, request.recommendation) },
        ];
      }
      const turns = conversation.replies.flatMap((reply, i): ChatMessage[] => [
        { role: "assistant", content: reply },
        { role: "user", content: anotherStrategyMessage(i + 1) },
      ]);
      return [...conversation.base, ...turns];
    },
    retryMessage: (error: string) => fixMessage(error),
    async apply(parentCode: string, reply: string): Promise<PatchOutcome> {
      const parsed = parseKernelReply(reply);
      if (!parsed.ok) return { ok: false, error: parsed.error };
      const code = withKernel(parentCode, parsed.proposal.code, task.name);
      conversation.replies.push(reply);
      if (conversation.replies.length >= proposals) conversation = { replies: [] };
      return { ok: true, code, name: parsed.proposal.name, description: parsed.proposal.thought, diff: unifiedDiff(parentCode, code) };
    },
    mutableCode: (code: string) => kernelOf(code),
  };

  return {
    patches,
    store(inner: EvolutionStore): EvolutionStore {
      const choose = (rng: Random): ParentChoice => {
        if (!conversation.choice) conversation.choice = inner.choose(rng);
        return conversation.choice;
      };
      return new Proxy(inner, {
        get(target, property) {
          if (property === "choose") return choose;
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}
