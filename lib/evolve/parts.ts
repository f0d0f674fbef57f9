// The one place that picks which implementation of the edit protocol, prompts and offline
// operator the runner uses: the edit part's applyPatch and mutableCode (lib/evolve/edit), with
// the minimal prompts and offline operator until the edit part's land.
import type { ChatMessage } from "../llm/types.js";
import type { Random } from "../random.js";
import { applyPatch, mutableCode } from "./edit/index.js";
import type { PatchTools } from "./patch-tools.js";
import { simpleOfflineReply } from "./simple-offline.js";
import { simplePatchTools } from "./simple-patches.js";

export const defaultPatchTools: PatchTools = {
  samplePatchType: simplePatchTools.samplePatchType,
  buildMessages: simplePatchTools.buildMessages,
  retryMessage: simplePatchTools.retryMessage,
  async apply(parentCode, reply, patchType, task) {
    const result = await applyPatch(parentCode, reply, patchType, task.language);
    if (!result.ok) return { ok: false, error: result.error };
    return { ok: true, code: result.code, name: result.name, description: result.description, diff: result.diff };
  },
  mutableCode: (code) => mutableCode(code),
};

export function offlineReply(messages: ChatMessage[], rng: Random): string {
  return simpleOfflineReply(messages, rng);
}
