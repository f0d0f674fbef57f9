// Whole-program replies (`full`, `cross`, `fix`; evolve.md §11.5): the first fence of the task's
// language is the new program, but only its mutable regions are taken; every line outside the
// markers comes from the original, whatever the model wrote there.
import { type PatchFailure, fail } from "./errors.js";
import { fenceAliases } from "./languages.js";
import { type Region, findRegions, markerKind, topLevel } from "./markers.js";

/** The body of the first fence whose info string names the language. */
export function extractFencedCode(reply: string, language: string): string | undefined {
  const aliases = fenceAliases(language);
  const fence = /^[ \t]*```[ \t]*([^\n`]*)\n([\s\S]*?)^[ \t]*```[ \t]*$/gm;
  for (const match of reply.replace(/\r\n/g, "\n").matchAll(fence)) {
    const info = (match[1] ?? "").trim().split(/\s+/)[0]!.toLowerCase();
    if (aliases.includes(info)) return match[2]!.replace(/\n$/, "");
  }
  return undefined;
}

function splice(lines: string[], region: Region, body: string[]): string[] {
  return [...lines.slice(0, region.start + 1), ...body, ...lines.slice(region.end)];
}

const withoutTrailingNewlines = (text: string) => text.replace(/\n+$/, "");

/**
 * §11.5 step 3: a payload without markers against an original with one region. `head` and `tail`
 * are the original's text before the START line and after the END line ("" where the reply had a
 * marker on that side and was already trimmed there).
 */
function bodyFromPayload(payload: string, head: string, tail: string): string[] {
  const prefix = head === "" ? "" : `${head}\n`;
  const suffix = withoutTrailingNewlines(tail);
  const text = withoutTrailingNewlines(payload);
  if (text.startsWith(prefix) && text.endsWith(suffix) && text.length >= prefix.length + suffix.length) {
    return splitBody(text.slice(prefix.length, text.length - suffix.length));
  }
  return splitBody(text);
}

function headOf(lines: string[], region: Region): string {
  return lines.slice(0, region.start).join("\n");
}

function tailOf(lines: string[], region: Region): string {
  return lines.slice(region.end + 1).join("\n");
}

/** Region lines of a text, so markers stay on their own lines around it. */
function splitBody(text: string): string[] {
  const trimmed = text.replace(/^\n/, "").replace(/\n$/, "");
  return trimmed === "" ? [] : trimmed.split("\n");
}

export function applyRewrite(original: string, patchCode: string, language: string): { ok: true; code: string; warnings: string[] } | PatchFailure {
  const crlf = original.includes("\r\n");
  const lines = original.replace(/\r\n/g, "\n").split("\n");
  const scan = findRegions(lines, language);
  if (!scan.ok) return fail("MARKER_VALIDATION_FAILED", `the original program: ${scan.error}`);
  const regions = topLevel(scan.regions);
  if (regions.length === 0) return fail("NO_EVOLVE_BLOCKS", "the program has no EVOLVE-BLOCK regions, so nothing may be rewritten.");
  const patch = patchCode.replace(/\r\n/g, "\n").split("\n");
  const kinds = patch.map((l) => markerKind(l, language));
  const starts = kinds.filter((k) => k === "START").length;
  const ends = kinds.filter((k) => k === "END").length;
  const warnings: string[] = [];
  let result: string[];
  if (starts > 0 && ends > 0) {
    const patchScan = findRegions(patch, language);
    if (!patchScan.ok) return fail("MARKER_VALIDATION_FAILED", `your program: ${patchScan.error}`);
    const patchRegions = topLevel(patchScan.regions);
    if (patchRegions.length > regions.length) warnings.push(`${patchRegions.length - regions.length} extra EVOLVE-BLOCK region(s) in the reply were ignored`);
    result = lines;
    // Last region first, so the earlier regions' line numbers stay valid.
    for (let i = Math.min(regions.length, patchRegions.length) - 1; i >= 0; i--) {
      const from = patchRegions[i]!;
      result = splice(result, regions[i]!, patch.slice(from.start + 1, from.end));
    }
  } else if (starts === 0 && ends === 0) {
    if (regions.length > 1) return fail("AMBIGUOUS_REGIONS", `the program has ${regions.length} EVOLVE-BLOCK regions, but the rewrite has no markers to say which is which; keep the EVOLVE-BLOCK-START/END comments in your program.`);
    const region = regions[0]!;
    result = splice(lines, region, bodyFromPayload(patch.join("\n"), headOf(lines, region), tailOf(lines, region)));
  } else {
    if (regions.length > 1) return fail("AMBIGUOUS_REGIONS", `the rewrite has only one EVOLVE-BLOCK marker but the program has ${regions.length} regions; keep both markers of every region.`);
    const at = kinds.findIndex((k) => k !== undefined);
    // Only START: drop the header up to it; only END: drop the footer from it; then as without markers.
    const rest = starts > 0 ? patch.slice(at + 1) : patch.slice(0, at);
    const region = regions[0]!;
    const body = starts > 0 ? bodyFromPayload(rest.join("\n"), "", tailOf(lines, region)) : bodyFromPayload(rest.join("\n"), headOf(lines, region), "");
    result = splice(lines, region, body);
  }
  const code = result.join("\n");
  return { ok: true, code: crlf ? code.replace(/\n/g, "\r\n") : code, warnings };
}
