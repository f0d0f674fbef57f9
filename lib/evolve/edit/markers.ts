// EVOLVE-BLOCK markers (evolve.md §11.1): a comment whose text is EVOLVE-BLOCK-START or
// EVOLVE-BLOCK-END. Pairs match with a stack, so blocks may nest. The mutable text is what lies
// strictly between a START line and its END line; marker lines and everything else are fixed.
import { EditError } from "./errors.js";
import { type CommentStyle, languageInfo } from "./languages.js";

export type MarkerKind = "START" | "END";

export interface MarkerLine {
  line: number;
  kind: MarkerKind;
  /** Both comment delimiters present (always true for line-comment languages). */
  canonical: boolean;
  /** Code that shares the line, before the marker comment (tolerated on END lines). */
  code_before: string;
  indent: string;
}

export interface Region {
  /** Line index of the START marker. */
  start: number;
  /** Line index of the END marker. */
  end: number;
  depth: number;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function markerPattern(style: CommentStyle): RegExp {
  return new RegExp(`^(\\s*)(.*?)${escape(style.open)}\\s*EVOLVE-BLOCK-(START|END)\\b(.*)$`);
}

/** Finds the marker lines of `lines` for a language's comment style. */
export function findMarkers(lines: readonly string[], language: string): MarkerLine[] {
  const style = languageInfo(language).comment;
  const pattern = markerPattern(style);
  const markers: MarkerLine[] = [];
  lines.forEach((text, line) => {
    const match = pattern.exec(text);
    if (!match) return;
    const rest = match[4]!.trim();
    const canonical = style.close === "" ? true : rest === style.close;
    markers.push({ line, kind: match[3] as MarkerKind, canonical, code_before: match[2]!.trimEnd(), indent: match[1]! });
  });
  return markers;
}

/** True when a line (alone) is a well-formed marker comment: such lines copied by a model are dropped. */
export function isCanonicalMarkerLine(text: string, language: string): boolean {
  const style = languageInfo(language).comment;
  const body = text.trim();
  if (!body.startsWith(style.open)) return false;
  const inner = body.slice(style.open.length);
  const closed = style.close === "" ? inner : inner.endsWith(style.close) ? inner.slice(0, -style.close.length) : null;
  return closed !== null && /^\s*EVOLVE-BLOCK-(START|END)\s*$/.test(closed);
}

/** Pairs markers with a stack; throws MARKER_VALIDATION_FAILED on an unmatched or malformed marker. */
export function pairRegions(markers: readonly MarkerLine[]): Region[] {
  const regions: Region[] = [];
  const open: MarkerLine[] = [];
  for (const marker of markers) {
    if (!marker.canonical) {
      throw new EditError(
        "MARKER_VALIDATION_FAILED",
        `The EVOLVE-BLOCK-${marker.kind} marker on line ${marker.line + 1} is not a closed comment; it would swallow the code after it. Write it exactly as in the original.`,
      );
    }
    if (marker.kind === "START") open.push(marker);
    else {
      const start = open.pop();
      if (!start) throw new EditError("MARKER_VALIDATION_FAILED", `The EVOLVE-BLOCK-END marker on line ${marker.line + 1} has no EVOLVE-BLOCK-START before it.`);
      regions.push({ start: start.line, end: marker.line, depth: open.length });
    }
  }
  if (open.length > 0) {
    throw new EditError("MARKER_VALIDATION_FAILED", `The EVOLVE-BLOCK-START marker on line ${open[open.length - 1]!.line + 1} is never closed by an EVOLVE-BLOCK-END.`);
  }
  return regions.sort((a, b) => a.start - b.start);
}

/** The regions of a file (throws MARKER_VALIDATION_FAILED when the markers do not pair up). */
export function regionsOf(code: string, language: string): Region[] {
  const lines = code.split("\n");
  return pairRegions(findMarkers(lines, language));
}

/** Outermost regions only, in file order (the units a full rewrite replaces). */
export function topLevelRegions(regions: readonly Region[]): Region[] {
  return regions.filter((r) => r.depth === 0);
}

/** Checks a patched file's markers: at least one pair, all paired, all comments closed. */
export function validateMarkers(code: string, language: string): Region[] {
  const regions = regionsOf(code, language);
  if (regions.length === 0) {
    throw new EditError("MARKER_VALIDATION_FAILED", "The EVOLVE-BLOCK-START / EVOLVE-BLOCK-END markers are missing after the edit; keep them exactly as they were.");
  }
  return regions;
}

/**
 * The file with every mutable line removed and marker lines reduced to their marker comment: two
 * files with equal skeletons differ only inside EVOLVE-BLOCKs.
 */
export function immutableSkeleton(code: string, language: string): string {
  const lines = code.split("\n");
  const markers = new Map(findMarkers(lines, language).map((m) => [m.line, m]));
  const regions = regionsOf(code, language);
  const mutable = new Set<number>();
  for (const r of regions) for (let i = r.start + 1; i < r.end; i++) if (!markers.has(i)) mutable.add(i);
  const out: string[] = [];
  lines.forEach((text, i) => {
    const marker = markers.get(i);
    if (marker) out.push(`<${marker.kind}>`);
    else if (!mutable.has(i)) out.push(text.trimEnd());
  });
  return out.join("\n");
}

/** The contents of every outermost EVOLVE-BLOCK, joined: the text the novelty check embeds. */
export function mutableCode(code: string, language?: string): string {
  const normalized = code.replace(/\r\n/g, "\n");
  const lines = normalized.split("\n");
  // Without a language, use whichever comment style finds markers.
  language ??= ["python", "javascript", "markdown", "wolfram", "fortran"].find((l) => findMarkers(lines, l).length > 0) ?? "python";
  let regions: Region[];
  try {
    regions = topLevelRegions(regionsOf(normalized, language));
  } catch {
    return normalized;
  }
  if (regions.length === 0) return normalized;
  return regions.map((r) => lines.slice(r.start + 1, r.end).join("\n")).join("\n");
}
