// The edit part behind the runner's narrow PatchTools interface (lib/evolve/patch-tools.ts):
// prompts from lib/evolve/prompts.ts, patches through applyPatch, the novelty text from
// mutableCode. lib/evolve/parts.ts picks this object as the default.
import type { ChatMessage } from "../../llm/types.js";
import { type PatchOutcome, type PatchTools, type PatchType, type PromptRequest, samplePatchTypeFrom } from "../patch-tools.js";
import { fitPatchMessages, patchRetryMessage, type PromptProgram } from "../prompts.js";
import type { StoredProgram } from "../store.js";
import type { Task } from "../task.js";
import { applyPatch } from "./index.js";
import { mutableCode } from "./markers.js";

function promptProgram(p: StoredProgram): PromptProgram {
  const error = typeof p.metadata.error === "string" ? p.metadata.error : "";
  const log = typeof p.metadata.stdout_log === "string" ? p.metadata.stdout_log : "";
  return {
    code: p.code,
    combined_score: p.combined_score,
    correct: p.correct,
    public_metrics: p.public_metrics,
    text_feedback: p.text_feedback,
    error_output: [error, log].filter(Boolean).join("\n") || undefined,
    generation: p.generation,
  };
}

export const editPatchTools: PatchTools = {
  samplePatchType: samplePatchTypeFrom,
  buildMessages(request: PromptRequest): ChatMessage[] {
    const fitted = fitPatchMessages({
      patch_type: request.patch_type,
      task_sys_msg: request.task.sys_msg,
      parent: promptProgram(request.parent),
      inspirations: request.archive_inspirations.map(promptProgram),
      top_k: request.top_k_inspirations.map(promptProgram),
      crossover_partner: request.crossover_partner ? promptProgram(request.crossover_partner) : undefined,
      meta_recommendation: request.recommendation,
      language: request.task.language,
      use_text_feedback: request.use_text_feedback,
      rng: request.rng,
    }, request.prompt_budget_tokens);
    if (fitted.overflow) {
      request.warn?.(
        `prompt of about ${fitted.estimated_tokens} tokens (characters / 4) is over the model's budget of ${request.prompt_budget_tokens} ` +
          `tokens even without reference programs or the scratchpad; the model may truncate or refuse it (set the model's context_tokens if its window is larger)`,
      );
    } else if (fitted.dropped.length > 0) {
      request.warn?.(`prompt trimmed to fit the model's budget of ${request.prompt_budget_tokens} tokens: left out ${summarise(fitted.dropped)}`);
    }
    return fitted.messages;
  },
  retryMessage: patchRetryMessage,
  async apply(parentCode: string, reply: string, patchType: PatchType, task: Task): Promise<PatchOutcome> {
    const result = await applyPatch(parentCode, reply, patchType, task.language);
    if (!result.ok) return { ok: false, error: result.error };
    return { ok: true, code: result.code, name: result.name, description: result.description, diff: result.diff };
  },
  mutableCode: (code: string) => mutableCode(code),
};

/** ["inspiration", "inspiration", "top-k program"] -> "2 inspirations, 1 top-k program". */
function summarise(dropped: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const what of dropped) counts.set(what, (counts.get(what) ?? 0) + 1);
  return [...counts].map(([what, n]) => `${n} ${what}${n > 1 ? "s" : ""}`).join(", ");
}
