// SEARCH/REPLACE blocks (evolve.md §11.2-11.3): parsed line by line, so compact empty bodies are
// accepted and malformed blocks fail loudly; applied in order with ShinkaEvolve's semantics
// (exact match first, then an indentation-corrected match; first occurrence; insertion at the end
// of the last region for an empty SEARCH), each block against the regions recomputed after the last.
import { EditError } from "./errors.js";
import { findMarkers, isCanonicalMarkerLine, type Region, regionsOf } from "./markers.js";
import { searchNotFoundMessage, editOutsideMessage } from "./messages.js";

export interface SearchReplaceBlock {
  search: string;
  replace: string;
  /** 1-based line of the `<<<<<<< SEARCH` marker in the reply. */
  line: number;
}

export type MatchPolicy = "first" | "first-mutable";

const SEARCH_LINE = /^<{7}\s*SEARCH\s*$/;
const DIVIDER_LINE = /^={7}\s*$/;
const REPLACE_LINE = /^>{7}\s*REPLACE\s*$/;

const FORMAT = ["<<<<<<< SEARCH", "(exact lines to find)", "=======", "(lines to put instead)", ">>>>>>> REPLACE"].join("\n");

/** Parses every block of a reply; text outside blocks is ignored. */
export function parseSearchReplace(text: string): SearchReplaceBlock[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const blocks: SearchReplaceBlock[] = [];
  let state: "outside" | "search" | "replace" = "outside";
  let search: string[] = [];
  let replace: string[] = [];
  let startLine = 0;
  const malformed = (what: string, line: number): never => {
    throw new EditError("MALFORMED_BLOCK", `SEARCH/REPLACE block ${blocks.length + 1} (starting on line ${startLine}) is malformed: ${what} (line ${line}). Each block must be:\n${FORMAT}`);
  };
  lines.forEach((raw, index) => {
    const text = raw.trimEnd();
    const line = index + 1;
    if (state === "outside") {
      if (SEARCH_LINE.test(text)) {
        state = "search";
        search = [];
        startLine = line;
      }
    } else if (state === "search") {
      if (SEARCH_LINE.test(text)) malformed("a nested <<<<<<< SEARCH before the ======= divider", line);
      else if (REPLACE_LINE.test(text)) malformed("the ======= divider is missing before >>>>>>> REPLACE", line);
      else if (DIVIDER_LINE.test(text)) {
        state = "replace";
        replace = [];
      } else search.push(raw);
    } else {
      if (REPLACE_LINE.test(text)) {
        blocks.push({ search: search.join("\n"), replace: replace.join("\n"), line: startLine });
        state = "outside";
      } else if (SEARCH_LINE.test(text)) malformed("a new <<<<<<< SEARCH before the >>>>>>> REPLACE that closes this block", line);
      else replace.push(raw);
    }
  });
  if ((state as string) === "search") malformed("no ======= divider after the SEARCH text", lines.length);
  if ((state as string) === "replace") malformed("no >>>>>>> REPLACE line after the ======= divider", lines.length);
  if (blocks.length === 0) throw new EditError("NO_DIFF_BLOCKS", `No SEARCH/REPLACE block was found. Write each change as:\n${FORMAT}`);
  return blocks;
}

function stripTrailing(text: string): string {
  return text
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n");
}

/** Removes marker lines a model copied into a body; they are never part of an edit. */
function dropMarkerLines(body: string, language: string): string {
  if (body === "") return body;
  return body
    .split("\n")
    .filter((l) => !isCanonicalMarkerLine(l, language))
    .join("\n");
}

function leadingWhitespace(line: string): string {
  return /^\s*/.exec(line)![0];
}

function reindent(body: string, from: string, to: string): string {
  return body
    .split("\n")
    .map((l) => (l.trim() === "" ? "" : l.startsWith(from) ? to + l.slice(from.length) : l))
    .join("\n");
}

function allOccurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/** Candidate matches in policy order: exact occurrences, then each re-indented variant's. */
function candidates(code: string, search: string, replace: string): { at: number; search: string; replace: string }[] {
  const exact = allOccurrences(code, search).map((at) => ({ at, search, replace }));
  if (exact.length > 0) return exact;
  const searchLines = search.split("\n");
  const first = searchLines.find((l) => l.trim() !== "") ?? "";
  const from = leadingWhitespace(first);
  const seen = new Set<string>();
  const out: { at: number; search: string; replace: string }[] = [];
  for (const line of code.split("\n")) {
    if (line.trim() !== first.trim() || line.trim() === "") continue;
    const to = leadingWhitespace(line);
    if (seen.has(to)) continue;
    seen.add(to);
    const shifted = reindent(search, from, to);
    for (const at of allOccurrences(code, shifted)) out.push({ at, search: shifted, replace: reindent(replace, from, to) });
  }
  return out.sort((a, b) => a.at - b.at);
}

function lineStarts(code: string): number[] {
  const starts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === "\n") starts.push(i + 1);
  return starts;
}

/** Character spans [from, to) of the mutable text of each region. */
function mutableSpans(code: string, regions: readonly Region[]): [number, number][] {
  const starts = lineStarts(code);
  return regions.map((r) => [starts[r.start + 1]!, starts[r.end]!]);
}

function insideOne(spans: readonly [number, number][], from: number, to: number): boolean {
  return spans.some(([a, b]) => from >= a && to <= b);
}

/** Appends `text` at the end of the last region, moving an END marker that shares a line onto its own. */
function insertAtEnd(code: string, text: string, language: string): string {
  const lines = code.split("\n");
  const regions = regionsOf(code, language);
  const last = regions.reduce((a, b) => (b.end > a.end ? b : a));
  const marker = findMarkers(lines, language).find((m) => m.line === last.end)!;
  const endText = lines[last.end]!;
  const inserted = text.split("\n");
  if (marker.code_before !== "") {
    const markerOnly = marker.indent + endText.slice(endText.indexOf(marker.code_before) + marker.code_before.length).trim();
    lines.splice(last.end, 1, marker.indent + marker.code_before, ...inserted, markerOnly);
  } else lines.splice(last.end, 0, ...inserted);
  return lines.join("\n");
}

export interface SearchReplaceResult {
  code: string;
  num_applied: number;
}

/**
 * Applies blocks to LF-normalised code with trailing whitespace already stripped. Throws
 * EditError on the first block that cannot apply (no partial result).
 */
export function applySearchReplace(code: string, blocks: readonly SearchReplaceBlock[], language: string, policy: MatchPolicy = "first"): SearchReplaceResult {
  let current = stripTrailing(code);
  let applied = 0;
  blocks.forEach((block, index) => {
    const search = dropMarkerLines(stripTrailing(block.search.replace(/\r\n/g, "\n")), language);
    const replace = dropMarkerLines(stripTrailing(block.replace.replace(/\r\n/g, "\n")), language);
    const regions = regionsOf(current, language);
    if (search.trim() === "") {
      if (replace.trim() !== "") current = insertAtEnd(current, replace, language);
      applied++;
      return;
    }
    const spans = mutableSpans(current, regions);
    const found = candidates(current, search, replace);
    if (found.length === 0) throw new EditError("SEARCH_NOT_FOUND", searchNotFoundMessage(current, search, regions, index + 1));
    const chosen = policy === "first" ? found[0]! : (found.find((c) => insideOne(spans, c.at, c.at + c.search.length)) ?? found[0]!);
    if (!insideOne(spans, chosen.at, chosen.at + chosen.search.length)) {
      throw new EditError("EDIT_OUTSIDE_EVOLVE_BLOCK", editOutsideMessage(current, chosen.at, chosen.search, regions, index + 1));
    }
    current = current.slice(0, chosen.at) + chosen.replace + current.slice(chosen.at + chosen.search.length);
    applied++;
  });
  return { code: current, num_applied: applied };
}
