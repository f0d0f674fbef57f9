// One reply applied to the parent's code: parse the tagged sections, apply the diff or the
// rewrite, validate the markers, check the syntax in a child process, and diff the result.
import { unifiedDiff } from "./diff.js";
import { type PatchErrorCode, fail } from "./errors.js";
import { validateMarkers } from "./markers.js";
import { parseReply } from "./reply.js";
import { applyRewrite, extractFencedCode } from "./rewrite.js";
import { type MatchPolicy, applySearchReplace, parseBlocks } from "./search-replace.js";
import { checkSyntax } from "./syntax.js";

export type PatchKind = "diff" | "full" | "cross" | "fix";

export type AppliedPatch =
  | { ok: true; code: string; name: string; description: string; diff: string; num_applied: number; warnings: string[] }
  | { ok: false; code: PatchErrorCode; error: string };

export interface ApplyOptions {
  /** The candidate file's extension (".mjs" parses JavaScript as a module). */
  extension?: string;
  matchPolicy?: MatchPolicy;
  /** Off only in tests of the edit rules themselves. */
  syntaxCheck?: boolean;
}

export async function applyPatch(parentCode: string, reply: string, patchType: PatchKind, language: string, options: ApplyOptions = {}): Promise<AppliedPatch> {
  const parts = parseReply(reply, patchType === "diff" ? "DIFF" : "CODE");
  let code: string;
  let numApplied = 1;
  let warnings: string[] = [];
  if (patchType === "diff") {
    const parsed = parseBlocks(parts.body);
    if (!parsed.ok) return parsed;
    const applied = applySearchReplace(parentCode, parsed.blocks, language, options.matchPolicy);
    if (!applied.ok) return applied;
    code = applied.code;
    numApplied = applied.numApplied;
  } else {
    const extracted = extractFencedCode(parts.body, language) ?? extractFencedCode(reply, language);
    if (extracted === undefined) return fail("CODE_EXTRACTION_FAILED", `Could not extract code: put the whole program in one fenced block tagged \`\`\`${language}.`);
    const rewritten = applyRewrite(parentCode, extracted, language);
    if (!rewritten.ok) return rewritten;
    code = rewritten.code;
    warnings = rewritten.warnings;
  }
  const markers = validateMarkers(code.replace(/\r\n/g, "\n"), language);
  if (!markers.ok) return fail("MARKER_VALIDATION_FAILED", markers.error);
  if (options.syntaxCheck !== false) {
    const syntax = await checkSyntax(code, language, options.extension);
    if (!syntax.ok) return fail("SYNTAX_ERROR", `the patched program does not parse:\n${syntax.error}`);
  }
  return { ok: true, code, name: parts.name, description: parts.description, diff: unifiedDiff(parentCode, code), num_applied: numApplied, warnings };
}
