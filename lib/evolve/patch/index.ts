// The full-fidelity edit protocol, prompts, meta-scratchpad and offline operator (evolve.md
// §10-§12), behind the runner's PatchTools interface.
import type { ChatMessage } from "../../llm/types.js";
import type { Random } from "../../random.js";
import { type PatchOutcome, type PatchTools, samplePatchTypeFrom } from "../patch-tools.js";
import { applyPatch } from "./apply.js";
import { mutableCode } from "./markers.js";
import { offlineMutationReply } from "./offline.js";
import { buildPatchMessages, patchRetryMessage } from "./prompts.js";

export { type AppliedPatch, type ApplyOptions, applyPatch } from "./apply.js";
export { unifiedDiff } from "./diff.js";
export type { PatchErrorCode, PatchFailure } from "./errors.js";
export { canonicalLanguage, commentStyle, fenceAliases } from "./languages.js";
export { findRegions, mutableCode, validateMarkers } from "./markers.js";
export { literals, offlineMutationReply, shownPrograms } from "./offline.js";
export { FULL_VARIANTS, buildPatchMessages, codeFormat, diffFormat, patchRetryMessage } from "./prompts.js";
export { parseReply } from "./reply.js";
export { applyRewrite, extractFencedCode } from "./rewrite.js";
export { MetaScratchpad, type MetaScratchpadOptions, type ScratchpadState, parseNumbered } from "./scratchpad.js";
export { type MatchPolicy, applySearchReplace, parseBlocks } from "./search-replace.js";
export { ratio } from "./similarity.js";
export { checkSyntax } from "./syntax.js";

export const fullPatchTools: PatchTools = {
  samplePatchType: samplePatchTypeFrom,
  buildMessages: buildPatchMessages,
  retryMessage: patchRetryMessage,
  async apply(parentCode, reply, patchType, task): Promise<PatchOutcome> {
    const applied = await applyPatch(parentCode, reply, patchType, task.language, { extension: task.extension });
    if (!applied.ok) return { ok: false, error: applied.error };
    return { ok: true, code: applied.code, name: applied.name, description: applied.description, diff: applied.diff };
  },
  mutableCode: (code) => {
    // The runner does not pass the language; markers of the common comment styles are all tried.
    for (const language of ["javascript", "python", "markdown", "wolfram", "fortran"]) {
      const text = mutableCode(code, language);
      if (text !== "") return text;
    }
    return "";
  },
};

/** The offline operator as the runner calls it: the reply text of a model named "offline-mutation". */
export function fullOfflineReply(messages: ChatMessage[], rng: Random): string {
  return offlineMutationReply(messages, rng);
}
