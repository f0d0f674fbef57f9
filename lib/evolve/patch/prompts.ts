// Prompt assembly (evolve.md §10.3), in our own words. System turn: the task's description, the
// meta recommendation (never for crossover), then the reply format of the patch type. User turn:
// the programs with their scores and public metrics (private metrics are never shown), feedback
// when enabled, and the request.
import type { ChatMessage } from "../../llm/types.js";
import type { Random } from "../../random.js";
import type { PromptRequest } from "../patch-tools.js";
import type { StoredProgram } from "../store.js";
import { fenceAliases } from "./languages.js";

/** The five rewrite variants of §10.3, one drawn uniformly per `full` prompt. */
export const FULL_VARIANTS = [
  {
    id: "rewrite",
    ask: "Rewrite the program to raise combined_score. You may change as much of the evolvable code as you see fit.",
  },
  {
    id: "different_algorithm",
    ask: "Solve the task with a completely different algorithm from the one the current program uses; do not merely retune it.",
  },
  {
    id: "novel_from_context",
    ask: "Study the programs shown and what their scores say about them, then design an approach none of them has tried yet.",
  },
  {
    id: "structural_redesign",
    ask: "Redesign the structure of the evolvable code (how it is decomposed, what it computes in which order) while keeping what already works.",
  },
  {
    id: "parametric_design",
    ask: "Turn the key choices of the program into explicit parameters, choose their values carefully, and explain the choice.",
  },
] as const;

const NAME_AND_DESCRIPTION = [
  "Reply in exactly this layout:",
  "<NAME>",
  "a short snake_case name for the change",
  "</NAME>",
  "<DESCRIPTION>",
  "why this change should help, in a few sentences",
  "</DESCRIPTION>",
];

export function diffFormat(): string {
  return [
    ...NAME_AND_DESCRIPTION,
    "<DIFF>",
    "<<<<<<< SEARCH",
    "lines copied exactly from the current program",
    "=======",
    "the lines that replace them",
    ">>>>>>> REPLACE",
    "</DIFF>",
    "",
    "Rules for the diff:",
    "- Only code between the EVOLVE-BLOCK-START and EVOLVE-BLOCK-END comments may change; do not write those marker lines in your blocks.",
    "- Copy each SEARCH part character for character, indentation included, and keep it short but unique.",
    "- You may give several blocks; they are applied in order, and nothing may appear between them.",
    "- An empty SEARCH part appends its REPLACE part at the end of the last evolvable region.",
    "- The program must still run after every block is applied.",
  ].join("\n");
}

export function codeFormat(language: string): string {
  const tag = fenceAliases(language)[0];
  return [
    ...NAME_AND_DESCRIPTION,
    "<CODE>",
    `\`\`\`${tag}`,
    "the complete program",
    "```",
    "</CODE>",
    "",
    "Rules for the program:",
    "- Give the whole file in one fenced block, keeping the EVOLVE-BLOCK-START and EVOLVE-BLOCK-END comments where they are.",
    "- Code outside those markers is fixed: it is restored from the current program whatever you write there.",
    "- Keep the program's inputs and outputs: the functions the evaluator calls must keep their names and results.",
  ].join("\n");
}

function formatScore(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(10).replace(/\.?0+$/, "") : String(value);
}

function renderProgram(program: StoredProgram, title: string, language: string, useFeedback: boolean): string {
  const lines = [`## ${title}`];
  const name = typeof program.metadata.patch_name === "string" ? program.metadata.patch_name : undefined;
  if (name) lines.push(`Edit name: ${name}`);
  lines.push(`combined_score: ${formatScore(program.combined_score)} (${program.correct ? "valid" : "INVALID"})`);
  const metrics = Object.entries(program.public_metrics ?? {});
  if (metrics.length > 0) lines.push(`Public metrics: ${metrics.map(([k, v]) => `${k}=${typeof v === "number" ? formatScore(v) : JSON.stringify(v)}`).join(", ")}`);
  if (useFeedback && program.text_feedback) lines.push(`Evaluator feedback:\n${program.text_feedback}`);
  lines.push(`\`\`\`${fenceAliases(language)[0]}`, program.code, "```");
  return lines.join("\n");
}

function systemPrompt(request: PromptRequest, format: string): string {
  const parts = [request.task.sys_msg.trim()];
  if (request.patch_type !== "cross" && request.recommendation) {
    parts.push(`## Potential recommendations\nA suggestion distilled from earlier attempts; use it if it fits:\n${request.recommendation.trim()}`);
  }
  parts.push(`## Reply format\n${format}`);
  return parts.join("\n\n");
}

function inspirations(request: PromptRequest, language: string): string[] {
  const shown = [...request.archive_inspirations, ...request.top_k_inspirations].filter((p) => p.id !== request.parent.id);
  return shown.map((p, i) => renderProgram(p, `Earlier program ${i + 1}`, language, request.use_text_feedback));
}

function errorOutput(program: StoredProgram): string {
  const error = typeof program.metadata.error === "string" ? program.metadata.error : "";
  const log = typeof program.metadata.stdout_log === "string" ? program.metadata.stdout_log : "";
  const text = [error, log].filter(Boolean).join("\n").trim();
  return text ? text.slice(-4000) : "(no error output was recorded)";
}

/** The full-rewrite variant of this prompt; exported so tests can see the uniform draw. */
export function drawFullVariant(rng: Random): (typeof FULL_VARIANTS)[number] {
  return FULL_VARIANTS[rng.int(FULL_VARIANTS.length)]!;
}

export function buildPatchMessages(request: PromptRequest): ChatMessage[] {
  const language = request.task.language;
  const feedback = request.use_text_feedback;
  const user: string[] = [];
  let format: string;
  switch (request.patch_type) {
    case "diff": {
      format = diffFormat();
      user.push(renderProgram(request.parent, "Current program", language, feedback), ...inspirations(request, language));
      user.push("Propose one new idea that raises combined_score, as a targeted edit of the current program (not a rewrite of all of it).");
      break;
    }
    case "full": {
      format = codeFormat(language);
      const variant = drawFullVariant(request.rng);
      user.push(renderProgram(request.parent, "Current program", language, feedback), ...inspirations(request, language));
      user.push(variant.ask);
      break;
    }
    case "cross": {
      format = codeFormat(language);
      const partner = request.crossover_partner ?? request.top_k_inspirations[0] ?? request.archive_inspirations[0];
      user.push(renderProgram(request.parent, "Program A (the one being improved)", language, feedback));
      if (partner) user.push(renderProgram(partner, "Program B", language, feedback));
      user.push("Write one complete program that combines the strongest ideas of program A and program B, aiming for a higher combined_score than both.");
      break;
    }
    case "fix": {
      format = codeFormat(language);
      user.push(renderProgram(request.parent, "Program that fails", language, true));
      user.push(`## What went wrong\n${errorOutput(request.parent)}`);
      user.push("This program does not produce a valid result. Find the cause and reply with a repaired complete program.");
      break;
    }
  }
  return [
    { role: "system", content: systemPrompt(request, format) },
    { role: "user", content: user.join("\n\n") },
  ];
}

/** The Reflexion retry turn: the exact error, and what to do about it. */
export function patchRetryMessage(error: string): string {
  return [
    "Your reply could not be applied to the program:",
    error,
    "",
    "Reply again with the same layout (<NAME>, <DESCRIPTION>, then the body) and correct the problem described above.",
  ].join("\n");
}
