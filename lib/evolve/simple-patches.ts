// A minimal PatchTools and offline operator, used while the edit part (lib/evolve/edit, prompts,
// offline-mutation) is not available: exact SEARCH/REPLACE inside EVOLVE-BLOCKs, fenced full
// rewrites that keep the code outside the blocks, plain prompts, and an offline operator that
// perturbs one numeric literal inside a block and answers with a SEARCH/REPLACE diff.
import type { ChatMessage } from "../llm/types.js";
import { fenceTag } from "./edit/languages.js";
import type { Random } from "../random.js";
import { type PatchOutcome, type PatchTools, type PatchType, type PromptRequest, samplePatchTypeFrom } from "./patch-tools.js";
import type { StoredProgram } from "./store.js";

const START = /EVOLVE-BLOCK-START/;
const END = /EVOLVE-BLOCK-END/;

/** Line ranges [start, end) strictly between each START and END marker line. */
export function blockRanges(code: string): [number, number][] {
  const lines = code.split("\n");
  const ranges: [number, number][] = [];
  let open = -1;
  lines.forEach((line, i) => {
    if (START.test(line)) open = i + 1;
    else if (END.test(line) && open >= 0) {
      ranges.push([open, i]);
      open = -1;
    }
  });
  return ranges;
}

export function mutableText(code: string): string {
  const lines = code.split("\n");
  return blockRanges(code)
    .map(([a, b]) => lines.slice(a, b).join("\n"))
    .join("\n");
}

/** The file with every block's contents removed: must not change under a patch. */
function immutableSkeleton(code: string): string {
  const lines = code.split("\n");
  const keep: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (START.test(line)) {
      inside = true;
      keep.push(line.trim());
    } else if (END.test(line)) {
      inside = false;
      keep.push(line.trim());
    } else if (!inside) keep.push(line);
  }
  return keep.join("\n").trim();
}

function section(reply: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(reply);
  return match?.[1]?.trim();
}

function lineDiff(before: string, after: string): string {
  const a = before.split("\n");
  const b = after.split("\n");
  const out = ["--- original", "+++ main"];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  out.push(`@@ -${i + 1},${a.length - i - j} +${i + 1},${b.length - i - j} @@`);
  for (const line of a.slice(i, a.length - j)) out.push(`-${line}`);
  for (const line of b.slice(i, b.length - j)) out.push(`+${line}`);
  return `${out.join("\n")}\n`;
}

function applyDiff(parent: string, body: string): PatchOutcome | { ok: true; code: string } {
  const blocks = [...body.matchAll(/<<<<<<< SEARCH\n([\s\S]*?)\n?=======\n([\s\S]*?)\n?>>>>>>> REPLACE/g)];
  if (blocks.length === 0) return { ok: false, error: "No SEARCH/REPLACE blocks found: use <<<<<<< SEARCH, =======, >>>>>>> REPLACE." };
  let code = parent;
  for (const [, search, replace] of blocks) {
    const index = code.indexOf(search!);
    if (search === "" || index < 0) return { ok: false, error: `SEARCH text not found in the program:\n${search}` };
    const before = code.slice(0, index).split("\n").length - 1;
    const inside = blockRanges(code).some(([a, b]) => before >= a && before + search!.split("\n").length <= b);
    if (!inside) return { ok: false, error: "The SEARCH text lies outside EVOLVE-BLOCK regions; only code between the markers may change." };
    code = code.slice(0, index) + replace! + code.slice(index + search!.length);
  }
  return { ok: true, code };
}

function applyFull(parent: string, body: string): PatchOutcome | { ok: true; code: string } {
  const fence = /```[A-Za-z0-9_+-]*\n([\s\S]*?)```/.exec(body);
  if (!fence) return { ok: false, error: "Could not extract code: put the whole program in one fenced code block." };
  const code = fence[1]!;
  if (immutableSkeleton(code) !== immutableSkeleton(parent)) {
    return { ok: false, error: "Code outside the EVOLVE-BLOCK regions changed (or the markers are missing); keep it exactly." };
  }
  return { ok: true, code };
}

function render(p: StoredProgram, label: string): string {
  return `### ${label} (combined_score ${p.combined_score.toFixed(6)}, ${p.correct ? "correct" : "incorrect"})\n\`\`\`${fenceTag(p.language)}\n${p.code}\n\`\`\``;
}

export const simplePatchTools: PatchTools = {
  samplePatchType: samplePatchTypeFrom,
  buildMessages(request: PromptRequest): ChatMessage[] {
    const format =
      request.patch_type === "diff"
        ? "Answer with <NAME>, <DESCRIPTION> and <DIFF> sections; the diff holds SEARCH/REPLACE blocks that edit only code between the EVOLVE-BLOCK markers."
        : "Answer with <NAME>, <DESCRIPTION> and <CODE> sections; the code section holds the whole program in one fenced block, code outside the EVOLVE-BLOCK markers unchanged.";
    const system = [request.task.sys_msg, request.recommendation ? `A recommendation to consider: ${request.recommendation}` : "", format]
      .filter(Boolean)
      .join("\n\n");
    const context = [...request.archive_inspirations, ...request.top_k_inspirations].map((p, i) => render(p, `Inspiration ${i + 1}`));
    const user = [
      render(request.parent, "Current program"),
      request.use_text_feedback && request.parent.text_feedback ? `Evaluator feedback:\n${request.parent.text_feedback}` : "",
      request.crossover_partner ? render(request.crossover_partner, "Second program to combine with") : "",
      ...context,
      `Propose one change (${request.patch_type}) that raises combined_score.`,
    ]
      .filter(Boolean)
      .join("\n\n");
    return [
      { role: "system", content: system },
      { role: "user", content: user },
    ];
  },
  retryMessage: (error) => `The previous answer could not be applied:\n${error}\nPlease answer again in the required format.`,
  async apply(parentCode: string, reply: string, patchType: PatchType): Promise<PatchOutcome> {
    if (blockRanges(parentCode).length === 0) return { ok: false, error: "The program has no EVOLVE-BLOCK markers." };
    const name = section(reply, "NAME") ?? "unnamed";
    const description = section(reply, "DESCRIPTION") ?? "";
    const body = patchType === "diff" ? (section(reply, "DIFF") ?? reply) : (section(reply, "CODE") ?? reply);
    const outcome = patchType === "diff" ? applyDiff(parentCode, body) : applyFull(parentCode, body);
    if (!outcome.ok) return outcome;
    return { ok: true, code: outcome.code, name, description, diff: lineDiff(parentCode, outcome.code) };
  },
  mutableCode: mutableText,
};
