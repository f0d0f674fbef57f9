// The edit protocol (evolve.md §11): applies a model's reply to its parent program. Diffs are
// SEARCH/REPLACE blocks inside the EVOLVE-BLOCKs; full rewrites, crossovers and fixes replace the
// blocks' contents only. Code outside the blocks never changes: checked again on every result.
// Every failure is an EditError whose message is written for the model's one retry.
// Note on the contract: applyPatch returns a Promise (the syntax check runs in a child process),
// and its results also carry num_applied, warnings and a stable error code.
import { unifiedDiff } from "./diff.js";
import { EditError, type EditErrorCode } from "./errors.js";
import { immutableSkeleton, regionsOf, validateMarkers } from "./markers.js";
import { parseReply } from "./reply.js";
import { extractFencedCode, mergeRewrite } from "./rewrite.js";
import { applySearchReplace, type MatchPolicy, parseSearchReplace } from "./search-replace.js";
import { checkSyntax } from "./syntax.js";

export { editArtifacts } from "./artifacts.js";
export { unifiedDiff } from "./diff.js";
export { EditError, type EditErrorCode } from "./errors.js";
export { fenceTag, isKnownLanguage, languageInfo, type LanguageInfo } from "./languages.js";
export { findMarkers, immutableSkeleton, mutableCode, regionsOf, topLevelRegions, validateMarkers, type Region } from "./markers.js";
export { parseReply, type ParsedReply } from "./reply.js";
export { extractFencedCode, mergeRewrite } from "./rewrite.js";
export { applySearchReplace, parseSearchReplace, type MatchPolicy, type SearchReplaceBlock } from "./search-replace.js";
export { similarityRatio } from "./similarity.js";
export { checkSyntax } from "./syntax.js";

export type EditPatchType = "diff" | "full" | "cross" | "fix";

export type PatchResult =
  | { ok: true; code: string; name: string; description: string; diff: string; num_applied: number; warnings: string[] }
  | { ok: false; error: string; code: EditErrorCode };

export interface ApplyPatchOptions {
  match_policy?: MatchPolicy;
  /** Run the language's syntax checker on the result (default true). */
  syntax_check?: boolean;
}

/** Applies LF text and returns the new code (CRLF/trailing-space handling is the caller's). */
function applyBody(parent: string, reply: string, patchType: EditPatchType, language: string, policy: MatchPolicy) {
  if (patchType === "diff") {
    const parsed = parseReply(reply, "DIFF");
    const result = applySearchReplace(parent, parseSearchReplace(parsed.body), language, policy);
    return { parsed, code: result.code, num_applied: result.num_applied, warnings: [] as string[] };
  }
  const parsed = parseReply(reply, "CODE");
  const merged = mergeRewrite(parent, extractFencedCode(parsed.body, language), language);
  return { parsed, code: merged.code, num_applied: 1, warnings: merged.warnings };
}

export async function applyPatch(parentCode: string, replyText: string, patchType: EditPatchType, language: string, options: ApplyPatchOptions = {}): Promise<PatchResult> {
  try {
    const crlf = parentCode.includes("\r\n");
    const parent = parentCode.replace(/\r\n/g, "\n");
    const regions = regionsOf(parent, language);
    if (regions.length === 0) {
      throw new EditError("NO_EVOLVE_BLOCKS", "The program has no EVOLVE-BLOCK regions (EVOLVE-BLOCK-START / EVOLVE-BLOCK-END comments), so no part of it may change.");
    }
    const { parsed, code, num_applied, warnings } = applyBody(parent, replyText, patchType, language, options.match_policy ?? "first");
    validateMarkers(code, language);
    // Trailing whitespace is stripped by diffs; compare the fixed parts without it.
    if (immutableSkeleton(code, language) !== immutableSkeleton(parent, language)) {
      throw new EditError("EDIT_OUTSIDE_EVOLVE_BLOCK", "The edit changed code outside EVOLVE-BLOCK regions; only code between the markers may change.");
    }
    if (options.syntax_check !== false) {
      const problem = await checkSyntax(code, language);
      if (problem) throw new EditError("SYNTAX_ERROR", `The patched program does not parse:\n${problem}\nFix the syntax and keep the rest of the change.`);
    }
    const output = crlf ? code.replace(/\n/g, "\r\n") : code;
    return { ok: true, code: output, name: parsed.name, description: parsed.description, diff: unifiedDiff(parent, code), num_applied, warnings };
  } catch (error) {
    if (error instanceof EditError) return { ok: false, error: error.message, code: error.code };
    throw error;
  }
}
