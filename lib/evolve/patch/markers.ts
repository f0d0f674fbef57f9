// EVOLVE-BLOCK markers (evolve.md §11.1): comment lines that open and close the mutable regions.
// Pairs are matched with a stack, so blocks may nest; everything else in the file is immutable.
import { type CommentStyle, commentStyle } from "./languages.js";

export type MarkerKind = "START" | "END";

export interface Region {
  /** Line index of the START marker. */
  start: number;
  /** Line index of the matching END marker; the mutable lines are start+1 .. end-1. */
  end: number;
  depth: number;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function markerPattern(style: CommentStyle): RegExp {
  return new RegExp(`${escape(style.open)}\\s*EVOLVE-BLOCK-(START|END)\\b`);
}

/** START or END when the line holds a marker comment (code before it is tolerated). */
export function markerKind(line: string, language: string): MarkerKind | undefined {
  const match = markerPattern(commentStyle(language)).exec(line);
  return match ? (match[1] as MarkerKind) : undefined;
}

/** True for any marker comment, whatever the language (used to drop copied markers). */
export function looksLikeMarker(line: string): boolean {
  return /EVOLVE-BLOCK-(START|END)\b/.test(line);
}

export type RegionScan = { ok: true; regions: Region[] } | { ok: false; error: string };

/** Stack-matched regions in order of their START line. */
export function findRegions(lines: readonly string[], language: string): RegionScan {
  const stack: number[] = [];
  const regions: Region[] = [];
  for (let i = 0; i < lines.length; i++) {
    const kind = markerKind(lines[i]!, language);
    if (kind === "START") stack.push(i);
    else if (kind === "END") {
      const start = stack.pop();
      if (start === undefined) return { ok: false, error: `EVOLVE-BLOCK-END on line ${i + 1} has no EVOLVE-BLOCK-START before it.` };
      regions.push({ start, end: i, depth: stack.length });
    }
  }
  if (stack.length > 0) return { ok: false, error: `EVOLVE-BLOCK-START on line ${stack[stack.length - 1]! + 1} is never closed by an EVOLVE-BLOCK-END.` };
  regions.sort((a, b) => a.start - b.start);
  return { ok: true, regions };
}

/** Outermost regions only (a rewrite maps region i of the patch onto region i of the original). */
export function topLevel(regions: readonly Region[]): Region[] {
  return regions.filter((r) => r.depth === 0);
}

/** Checks a patched file: both markers present and paired; block-comment markers closed. */
export function validateMarkers(code: string, language: string): { ok: true } | { ok: false; error: string } {
  const lines = code.split("\n");
  const style = commentStyle(language);
  const loose = /EVOLVE-BLOCK-(START|END)\b/;
  let starts = 0;
  let ends = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const found = loose.exec(line);
    if (!found) continue;
    if (found[1] === "START") starts++;
    else ends++;
    if (style.close) {
      const openAt = line.indexOf(style.open);
      const closeAt = line.indexOf(style.close, openAt + style.open.length);
      if (openAt < 0 || closeAt < 0 || closeAt < found.index) {
        return { ok: false, error: `EVOLVE-BLOCK-${found[1]} marker on line ${i + 1} is not a closed comment: it needs both "${style.open}" and "${style.close}".` };
      }
    }
  }
  if (starts === 0 || ends === 0) return { ok: false, error: `the program must keep both EVOLVE-BLOCK-START and EVOLVE-BLOCK-END markers (found ${starts} START, ${ends} END).` };
  const scan = findRegions(lines, language);
  if (!scan.ok) return { ok: false, error: scan.error };
  if (scan.regions.length !== starts || scan.regions.length !== ends) {
    return { ok: false, error: "an EVOLVE-BLOCK marker is not written as a comment of this language." };
  }
  return { ok: true };
}

/** The contents of every region (outermost), joined: what novelty embeds. */
export function mutableCode(code: string, language = "python"): string {
  const lines = code.replace(/\r\n/g, "\n").split("\n");
  let scan = findRegions(lines, language);
  // Unknown comment style: fall back to any marker-looking line.
  if (!scan.ok || scan.regions.length === 0) scan = findRegions(lines.map((l) => (looksLikeMarker(l) ? `# ${l.includes("START") ? "EVOLVE-BLOCK-START" : "EVOLVE-BLOCK-END"}` : l)), "python");
  if (!scan.ok) return "";
  return topLevel(scan.regions)
    .map((r) => lines.slice(r.start + 1, r.end).join("\n"))
    .join("\n");
}
