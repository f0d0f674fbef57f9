// Full rewrites (`full`, `cross`, `fix`; evolve.md §11.5): the code comes from the first fence
// tagged with the task's language, and only the parent's EVOLVE-BLOCK contents are replaced;
// everything outside the markers is taken from the parent, whatever the model wrote there.
import { EditError } from "./errors.js";
import { findMarkers, type Region, regionsOf, topLevelRegions } from "./markers.js";
import { languageInfo } from "./languages.js";

/** The first fenced block whose info string names `language`; CODE_EXTRACTION_FAILED otherwise. */
export function extractFencedCode(text: string, language: string): string {
  const aliases = languageInfo(language).aliases;
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  // (beyond) Models often omit the tag: the first untagged fence is used when no tagged one matches.
  let untagged: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const tag = open[2]!.toLowerCase();
    let close = i + 1;
    while (close < lines.length && lines[close]!.trim() !== fence) close++;
    if (aliases.includes(tag)) return lines.slice(i + 1, close).join("\n");
    if (tag === "" && untagged === undefined) untagged = lines.slice(i + 1, close).join("\n");
    i = close;
  }
  if (untagged !== undefined) return untagged;
  throw new EditError(
    "CODE_EXTRACTION_FAILED",
    `Could not extract code: put the whole program in one fenced block that starts with \`\`\`${aliases[1] ?? aliases[0]} and ends with \`\`\`.`,
  );
}

function trimBlankEdges(text: string): string[] {
  const lines = text.split("\n");
  while (lines.length > 0 && lines[0]!.trim() === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  return lines;
}

/** The parent with region i's contents replaced by contents[i] (from the last region back). */
function replaceRegions(lines: readonly string[], regions: readonly Region[], contents: readonly (string[] | undefined)[]): string {
  const out = [...lines];
  for (let i = regions.length - 1; i >= 0; i--) {
    const body = contents[i];
    if (body === undefined) continue;
    out.splice(regions[i]!.start + 1, regions[i]!.end - regions[i]!.start - 1, ...body);
  }
  return out.join("\n");
}

export interface RewriteResult {
  code: string;
  warnings: string[];
}

/** Merges a rewritten program into the parent (LF text, parent markers already valid). */
export function mergeRewrite(parent: string, patch: string, language: string): RewriteResult {
  const lines = parent.split("\n");
  const regions = topLevelRegions(regionsOf(parent, language));
  if (regions.length === 0) throw new EditError("NO_EVOLVE_BLOCKS", "The program has no EVOLVE-BLOCK regions, so there is nothing it may change.");
  const patchText = patch.replace(/\r\n/g, "\n");
  const patchLines = patchText.split("\n");
  const markers = findMarkers(patchLines, language);
  const starts = markers.filter((m) => m.kind === "START").length;
  const ends = markers.filter((m) => m.kind === "END").length;
  const warnings: string[] = [];

  if (starts > 0 && ends > 0) {
    const patchRegions = topLevelRegions(regionsOf(patchText, language));
    if (patchRegions.length > regions.length) warnings.push(`the rewrite has ${patchRegions.length} EVOLVE-BLOCK regions, the program ${regions.length}: the extra ones were ignored`);
    const contents = regions.map((_, i) => {
      const r = patchRegions[i];
      return r ? patchLines.slice(r.start + 1, r.end) : undefined;
    });
    return { code: replaceRegions(lines, regions, contents), warnings };
  }
  if (regions.length > 1) {
    throw new EditError(
      "AMBIGUOUS_REGIONS",
      `The program has ${regions.length} EVOLVE-BLOCK regions but the rewrite has ${starts + ends === 0 ? "no markers" : "only one marker"}, so it cannot tell which region each part belongs to. Return the whole program with every EVOLVE-BLOCK-START and EVOLVE-BLOCK-END marker in place.`,
    );
  }
  const region = regions[0]!;
  let body = patchText;
  if (starts === 1) body = patchLines.slice(markers[0]!.line + 1).join("\n");
  else if (ends === 1) body = patchLines.slice(0, markers[0]!.line).join("\n");
  // The parent's text before the START line and after the END line: a rewrite without markers
  // may repeat them around the new region contents.
  const header = lines.slice(0, region.start).join("\n");
  const footer = lines.slice(region.end + 1).join("\n").replace(/\n+$/, "");
  const withoutHeader = (text: string): string | null => (header === "" ? text : text.startsWith(`${header}\n`) ? text.slice(header.length + 1) : null);
  const withoutFooter = (text: string): string | null => {
    const trimmed = text.replace(/\n+$/, "");
    if (footer === "") return trimmed;
    return trimmed.endsWith(`\n${footer}`) ? trimmed.slice(0, trimmed.length - footer.length - 1) : trimmed === footer ? "" : null;
  };
  let middle: string;
  if (starts === 1) middle = withoutFooter(body) ?? body;
  else if (ends === 1) middle = withoutHeader(body) ?? body;
  else {
    const inner = withoutHeader(body);
    middle = (inner !== null ? withoutFooter(inner) : null) ?? body;
  }
  return { code: replaceRegions(lines, [region], [trimBlankEdges(middle)]), warnings };
}
