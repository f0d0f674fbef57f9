// The text of the errors a model gets back when its SEARCH text cannot be used (§11.4): where its
// first line occurs, the lines that look like it, the closest window of the file as a diff, and
// the editable regions, so the retry can copy the right text.
import { unifiedDiff } from "./diff.js";
import type { Region } from "./markers.js";
import { similarityRatio } from "./similarity.js";

const PREVIEW_LINES = 40;

function isEditable(line: number, regions: readonly Region[]): boolean {
  return regions.some((r) => line > r.start && line < r.end);
}

/** A numbered preview of the editable regions (truncated for long files). */
export function editableRegionsPreview(code: string, regions: readonly Region[]): string {
  const lines = code.split("\n");
  const parts = regions
    .filter((r) => r.depth === 0)
    .map((r, i) => {
      const body = lines.slice(r.start + 1, r.end).map((l, k) => `${String(r.start + 2 + k).padStart(4)} | ${l}`);
      const shown = body.length > PREVIEW_LINES ? [...body.slice(0, PREVIEW_LINES), `     | ... (${body.length - PREVIEW_LINES} more lines)`] : body;
      return `Editable region ${i + 1} (lines ${r.start + 2}-${r.end}):\n${shown.join("\n")}`;
    });
  return parts.join("\n\n");
}

export function searchNotFoundMessage(code: string, search: string, regions: readonly Region[], blockNumber: number): string {
  const lines = code.split("\n");
  const searchLines = search.split("\n");
  const first = (searchLines.find((l) => l.trim() !== "") ?? "").trim();
  const out = [`SEARCH block ${blockNumber} was not found in the program (neither exactly nor after correcting indentation).`];

  const exactFirst = lines.map((l, i) => (l.trim() === first ? i + 1 : 0)).filter((n) => n > 0);
  if (exactFirst.length > 0) {
    out.push(`Its first line "${first}" occurs on line(s) ${exactFirst.join(", ")}, but the following lines differ from the program's.`);
  } else out.push(`Its first line "${first}" does not occur in the program.`);

  const similar = lines
    .map((l, i) => ({ line: i + 1, text: l, ratio: similarityRatio(first, l.trim()) }))
    .filter((s) => s.text.trim() !== "" && s.ratio > 0.6 && s.text.trim() !== first)
    .sort((a, b) => b.ratio - a.ratio)
    .slice(0, 5);
  if (similar.length > 0) {
    out.push(`Lines similar to it:\n${similar.map((s) => `  line ${s.line} (${s.ratio.toFixed(2)}): ${s.text.trim()}`).join("\n")}`);
  }

  const width = searchLines.length;
  let best = { ratio: 0, start: -1 };
  if (width <= lines.length && lines.length * search.length < 4_000_000) {
    for (let start = 0; start + width <= lines.length; start++) {
      const ratio = similarityRatio(search, lines.slice(start, start + width).join("\n"));
      if (ratio > best.ratio) best = { ratio, start };
    }
  }
  if (best.start >= 0 && best.ratio > 0.7) {
    const window = lines.slice(best.start, best.start + width).join("\n");
    const editable = Array.from({ length: width }, (_, k) => best.start + k).every((line) => isEditable(line, regions));
    out.push(
      `The closest part of the program (lines ${best.start + 1}-${best.start + width}, similarity ${best.ratio.toFixed(2)}, ${editable ? "editable" : "immutable: outside the EVOLVE-BLOCK regions"}) differs from your SEARCH text as follows:\n${unifiedDiff(search, window, "your SEARCH", "the program", 1).trimEnd()}`,
    );
  }
  out.push(editableRegionsPreview(code, regions));
  out.push(
    "Hints: copy the SEARCH lines verbatim from the program (same indentation and spelling), use fewer lines of context, and make sure an earlier block of this answer did not already change them.",
  );
  return out.join("\n\n");
}

export function editOutsideMessage(code: string, at: number, search: string, regions: readonly Region[], blockNumber: number): string {
  const firstLine = code.slice(0, at).split("\n").length;
  const count = search.split("\n").length;
  const lines = code.split("\n").slice(firstLine - 1, firstLine - 1 + count);
  return [
    `SEARCH block ${blockNumber} matches code outside EVOLVE-BLOCK regions (lines ${firstLine}-${firstLine + count - 1}); only code between the EVOLVE-BLOCK-START and EVOLVE-BLOCK-END markers may change. The first match is:`,
    lines.map((l, k) => `${String(firstLine + k).padStart(4)} | ${l}`).join("\n"),
    editableRegionsPreview(code, regions),
    "Pick SEARCH text that occurs first inside an editable region, or add more context lines so that it does.",
  ].join("\n\n");
}
