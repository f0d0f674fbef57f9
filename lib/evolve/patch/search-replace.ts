// SEARCH/REPLACE blocks (evolve.md §11.2-11.4): parsed line by line so empty bodies work in both
// forms and malformed input fails loudly, then applied one after the other with Shinka's rules:
// exact match first, then an indentation-corrected match; the first occurrence only; the match
// must lie inside one mutable region; an empty SEARCH inserts before the last END marker.
import { type PatchFailure, fail } from "./errors.js";
import { type Region, findRegions, looksLikeMarker, markerKind } from "./markers.js";
import { ratioAbove } from "./similarity.js";
import { unifiedDiff } from "./diff.js";

export interface SearchReplaceBlock {
  search: string;
  replace: string;
}

export type MatchPolicy = "first" | "first-mutable";

const SEARCH_LINE = /^<{7}\s*SEARCH\s*$/;
const DIVIDER_LINE = /^={7}\s*$/;
const REPLACE_LINE = /^>{7}\s*REPLACE\s*$/;

const FORMAT = "Each block is:\n<<<<<<< SEARCH\n(exact lines from the program)\n=======\n(their replacement)\n>>>>>>> REPLACE";

export function parseBlocks(text: string): { ok: true; blocks: SearchReplaceBlock[] } | PatchFailure {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const blocks: SearchReplaceBlock[] = [];
  let state: "outside" | "search" | "replace" = "outside";
  let search: string[] = [];
  let replace: string[] = [];
  let openedAt = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const where = `block ${blocks.length + 1} (line ${i + 1})`;
    if (SEARCH_LINE.test(line)) {
      if (state !== "outside") {
        const missing = state === "search" ? "=======" : ">>>>>>> REPLACE";
        return fail("MALFORMED_BLOCK", `${where}: a new <<<<<<< SEARCH starts before the block opened on line ${openedAt + 1} got its ${missing} line.\n${FORMAT}`);
      }
      state = "search";
      search = [];
      openedAt = i;
    } else if (DIVIDER_LINE.test(line) && state === "search") {
      state = "replace";
      replace = [];
    } else if (REPLACE_LINE.test(line)) {
      if (state !== "replace") {
        return fail("MALFORMED_BLOCK", `${where}: >>>>>>> REPLACE without ${state === "search" ? "a ======= divider" : "a <<<<<<< SEARCH line"} before it.\n${FORMAT}`);
      }
      blocks.push({ search: search.join("\n"), replace: replace.join("\n") });
      state = "outside";
    } else if (state === "search") search.push(line);
    else if (state === "replace") replace.push(line);
  }
  if (state === "search") return fail("MALFORMED_BLOCK", `block ${blocks.length + 1} (opened on line ${openedAt + 1}): the SEARCH part has no ======= line.\n${FORMAT}`);
  if (state === "replace") return fail("MALFORMED_BLOCK", `block ${blocks.length + 1} (opened on line ${openedAt + 1}): the ======= divider has no >>>>>>> REPLACE line.\n${FORMAT}`);
  if (blocks.length === 0) return fail("NO_DIFF_BLOCKS", `no SEARCH/REPLACE block found.\n${FORMAT}`);
  return { ok: true, blocks };
}

const stripRight = (lines: string[]) => lines.map((l) => l.replace(/\s+$/, ""));
const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

/** Body lines with trailing whitespace and copied EVOLVE markers removed. */
function bodyLines(body: string): string[] {
  if (body === "") return [];
  return stripRight(body.split("\n")).filter((l) => !looksLikeMarker(l));
}

function regionsOf(lines: string[], language: string): Region[] | PatchFailure {
  const scan = findRegions(lines, language);
  if (!scan.ok) return fail("MARKER_VALIDATION_FAILED", scan.error);
  if (scan.regions.length === 0) return fail("NO_EVOLVE_BLOCKS", "the program has no EVOLVE-BLOCK regions (EVOLVE-BLOCK-START ... EVOLVE-BLOCK-END comments), so nothing may be edited.");
  return scan.regions;
}

/** Line index at a character offset of the joined text. */
function lineAt(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) found.push(i);
  return found;
}

function inside(regions: Region[], first: number, last: number): boolean {
  return regions.some((r) => first > r.start && last < r.end);
}

/** Swaps the `from` indentation prefix of every non-blank line for `to`. */
function reindent(lines: string[], from: string, to: string): string[] {
  return lines.map((l) => (l === "" ? l : l.startsWith(from) ? to + l.slice(from.length) : to + l.trimStart()));
}

function regionPreview(lines: string[], regions: Region[]): string {
  return regions
    .map((r) => {
      const body = lines.slice(r.start + 1, r.end).map((l, k) => `${String(r.start + 2 + k).padStart(4)}| ${l}`);
      const shown = body.length > 30 ? [...body.slice(0, 30), `    | ... (${body.length - 30} more lines)`] : body;
      return `Editable region, lines ${r.start + 2}-${r.end}:\n${shown.join("\n")}`;
    })
    .join("\n\n");
}

function notFound(lines: string[], search: string[], regions: Region[]): PatchFailure {
  const parts: string[] = ["the SEARCH text of this block does not occur in the program, not even with its indentation corrected."];
  const firstLine = search.find((l) => l.trim() !== "") ?? "";
  const firstHits = lines.map((l, i) => (l.trim() === firstLine.trim() && firstLine.trim() !== "" ? i + 1 : 0)).filter(Boolean);
  parts.push(
    firstHits.length > 0
      ? `Its first line occurs on line(s) ${firstHits.join(", ")}, but the lines after it differ.`
      : `Its first line ${JSON.stringify(firstLine.trim())} does not occur in the program.`,
  );
  const similar = lines
    .map((l, i) => ({ i, r: ratioAbove(l.trim(), firstLine.trim(), 0.6) }))
    .filter((s) => s.r > 0.6)
    .sort((a, b) => b.r - a.r)
    .slice(0, 5);
  if (similar.length > 0) parts.push(`Lines similar to it:\n${similar.map((s) => `  line ${s.i + 1} (similarity ${s.r.toFixed(2)}): ${lines[s.i]!.trim()}`).join("\n")}`);
  const wanted = search.join("\n");
  let best = { at: -1, r: 0 };
  for (let at = 0; at + search.length <= lines.length; at++) {
    const r = ratioAbove(lines.slice(at, at + search.length).join("\n"), wanted, Math.max(0.7, best.r));
    if (r > best.r) best = { at, r };
  }
  if (best.at >= 0) {
    const label = inside(regions, best.at, best.at + search.length - 1) ? "editable" : "immutable";
    const window = lines.slice(best.at, best.at + search.length).join("\n");
    parts.push(
      `The closest ${search.length}-line window is lines ${best.at + 1}-${best.at + search.length} (${label}, similarity ${best.r.toFixed(2)}); how your SEARCH differs from it:\n${unifiedDiff(window, wanted, ["program", "your SEARCH"])}`,
    );
  }
  parts.push(regionPreview(lines, regions));
  parts.push("Hints: copy the SEARCH lines verbatim from the program shown, and use fewer lines of context so they match exactly.");
  return fail("SEARCH_NOT_FOUND", parts.join("\n\n"));
}

function insertBeforeLastEnd(lines: string[], replace: string[], regions: Region[], language: string): string[] {
  if (replace.length === 0) return lines;
  const last = regions.reduce((a, b) => (b.end > a.end ? b : a));
  const endLine = lines[last.end]!;
  const markerAt = endLine.search(/\S+\s*EVOLVE-BLOCK-END/);
  const before = markerAt > 0 ? endLine.slice(0, markerAt).replace(/\s+$/, "") : "";
  const out = lines.slice(0, last.end);
  if (before.trim() !== "" && markerKind(endLine, language) === "END") {
    // Code shares the END marker's line: it stays, and the marker moves onto a line of its own.
    out.push(before);
    out.push(...replace);
    out.push(indentOf(endLine) + endLine.slice(markerAt));
  } else {
    out.push(...replace);
    out.push(endLine);
  }
  return out.concat(lines.slice(last.end + 1));
}

export interface ApplyResult {
  ok: true;
  code: string;
  numApplied: number;
}

export function applySearchReplace(original: string, blocks: SearchReplaceBlock[], language: string, policy: MatchPolicy = "first"): ApplyResult | PatchFailure {
  const crlf = original.includes("\r\n");
  let lines = stripRight(original.replace(/\r\n/g, "\n").split("\n"));
  let numApplied = 0;
  for (const [index, block] of blocks.entries()) {
    const regions = regionsOf(lines, language);
    if (!Array.isArray(regions)) return regions;
    const search = bodyLines(block.search);
    const replace = bodyLines(block.replace);
    const label = (failure: PatchFailure): PatchFailure => ({ ...failure, error: failure.error.replace(/^(\w+): /, `$1: block ${index + 1}: `) });
    if (search.every((l) => l === "")) {
      lines = insertBeforeLastEnd(lines, replace, regions, language);
      numApplied++;
      continue;
    }
    const text = lines.join("\n");
    let match: { at: number; search: string[]; replace: string[] } | undefined;
    let outside: number | undefined;
    const consider = (candidate: string[], replacement: string[]): boolean => {
      const needle = candidate.join("\n");
      for (const at of occurrences(text, needle)) {
        const first = lineAt(text, at);
        const last = first + candidate.length - 1;
        if (inside(regions, first, last)) {
          match = { at, search: candidate, replace: replacement };
          return true;
        }
        outside ??= first;
        if (policy === "first") return true;
      }
      return false;
    };
    if (!consider(search, replace)) {
      const firstIndex = search.findIndex((l) => l !== "");
      const from = indentOf(search[firstIndex]!);
      const firstText = search[firstIndex]!.trim();
      const tried = new Set<string>();
      for (const line of lines) {
        if (line.trim() !== firstText) continue;
        const to = indentOf(line);
        if (tried.has(to) || to === from) continue;
        tried.add(to);
        if (consider(reindent(search, from, to), reindent(replace, from, to))) break;
      }
    }
    if (!match) {
      if (outside !== undefined) {
        const shown = lines.slice(outside, outside + search.length).map((l, k) => `${String(outside! + 1 + k).padStart(4)}| ${l}`);
        return label(
          fail(
            "EDIT_OUTSIDE_EVOLVE_BLOCK",
            `the SEARCH text matches lines ${outside + 1}-${outside + search.length}, which are outside EVOLVE-BLOCK regions; only code between the markers may change.\nMatched lines:\n${shown.join("\n")}\n\n${regionPreview(lines, regions)}`,
          ),
        );
      }
      return label(notFound(lines, search, regions));
    }
    const found: { at: number; search: string[]; replace: string[] } = match;
    const needle = found.search.join("\n");
    const next = text.slice(0, found.at) + found.replace.join("\n") + text.slice(found.at + needle.length);
    lines = next.split("\n");
    numApplied++;
  }
  const code = lines.join("\n");
  return { ok: true, code: crlf ? code.replace(/\n/g, "\r\n") : code, numApplied };
}
