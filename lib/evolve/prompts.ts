// Prompts for the four patch types (evolve.md §10) in our own words, and the tagged reply
// protocol they ask for: <NAME>, <DESCRIPTION>, then <DIFF> (SEARCH/REPLACE blocks) or <CODE>
// (one fenced program). Private metrics never appear here; text feedback only when enabled.
import { estimatedPromptTokens } from "../llm/context.js";
import type { ChatMessage } from "../llm/types.js";
import type { Random } from "../random.js";
import { fenceTag } from "./edit/languages.js";

export type PromptPatchType = "diff" | "full" | "cross" | "fix";

/** What a prompt shows of a program (a subset of the database row). */
export interface PromptProgram {
  code: string;
  combined_score: number;
  correct: boolean;
  public_metrics?: Record<string, unknown>;
  text_feedback?: string;
  /** Error output of a failed evaluation (fix mode). */
  error_output?: string;
  generation?: number;
}

export interface PatchPromptInput {
  patch_type: PromptPatchType;
  task_sys_msg: string;
  parent: PromptProgram;
  /** Archive inspirations, best first. */
  inspirations?: readonly PromptProgram[];
  top_k?: readonly PromptProgram[];
  crossover_partner?: PromptProgram;
  /** Fix mode: the parent's ancestors, oldest first. */
  ancestors?: readonly PromptProgram[];
  meta_recommendation?: string;
  language: string;
  use_text_feedback?: boolean;
  /** For `full`: which of the five variants (sampled uniformly when omitted; needs `rng`). */
  full_variant?: FullVariant;
  rng?: Random;
}

/** §10.1: draws a patch type; `cross` is dropped without inspirations and the rest renormalised. */
export function samplePatchType(types: readonly string[], probs: readonly number[], rng: Random, hasInspirations = true): PromptPatchType {
  if (types.length !== probs.length) throw new RangeError(`patch_type_probs: ${probs.length} probabilities for ${types.length} patch types`);
  const sum = probs.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new RangeError(`patch_type_probs: must sum to 1, got ${sum}`);
  const kept = types.map((t, i) => ({ t, p: probs[i]! })).filter(({ t, p }) => p > 0 && (hasInspirations || t !== "cross"));
  if (kept.length === 0) return "full";
  return kept[rng.weightedIndex(kept.map((k) => k.p))]!.t as PromptPatchType;
}

export const FULL_VARIANTS = ["default", "different_algorithm", "context_motivated", "structural", "parametric"] as const;
export type FullVariant = (typeof FULL_VARIANTS)[number];

const FULL_VARIANT_ASK: Record<FullVariant, string> = {
  default: "Rewrite the evolvable part of the program to score higher. Keep what works and improve what does not.",
  different_algorithm: "Replace the method in the evolvable part with a fundamentally different algorithm, not a tweak of the current one.",
  context_motivated: "Look at what the reference programs and their scores suggest, and write a new approach that builds on that evidence rather than repeating it.",
  structural: "Reorganise the evolvable part: change how the computation is decomposed (phases, helpers, data layout) so better solutions become reachable.",
  parametric: "Expose the method's key constants as named parameters, choose better values for them, and make the code's behaviour depend on them clearly.",
};

function formatScore(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(10))) : String(value);
}

function metricsText(metrics: Record<string, unknown> | undefined): string {
  if (!metrics) return "";
  const entries = Object.entries(metrics).filter(([, v]) => typeof v === "number" || typeof v === "string" || typeof v === "boolean");
  if (entries.length === 0) return "";
  return entries.map(([k, v]) => `- ${k}: ${typeof v === "number" ? formatScore(v) : String(v)}`).join("\n");
}

function showProgram(title: string, program: PromptProgram, language: string, useFeedback: boolean): string {
  const parts = [`## ${title}`, `Score (combined_score): ${formatScore(program.combined_score)}${program.correct ? "" : " (the evaluator marked it INCORRECT)"}`];
  const metrics = metricsText(program.public_metrics);
  if (metrics) parts.push(`Public metrics:\n${metrics}`);
  if (useFeedback && program.text_feedback) parts.push(`Evaluator feedback:\n${program.text_feedback}`);
  parts.push(`\`\`\`${fenceTag(language)}\n${program.code.replace(/\n$/, "")}\n\`\`\``);
  return parts.join("\n\n");
}

function diffFormat(): string {
  return [
    "# How to answer",
    "Reply with three tagged sections, in this order:",
    "<NAME>a short snake_case name for the change</NAME>",
    "<DESCRIPTION>why this change should raise the score</DESCRIPTION>",
    "<DIFF>",
    "<<<<<<< SEARCH",
    "lines copied exactly from the current program",
    "=======",
    "the lines that replace them",
    ">>>>>>> REPLACE",
    "</DIFF>",
    "",
    "Rules for the DIFF section:",
    "- Only code between EVOLVE-BLOCK-START and EVOLVE-BLOCK-END may change. Do not include those marker lines.",
    "- Copy the SEARCH lines character for character from the current program, with their indentation; keep them short but unique.",
    "- You may give several SEARCH/REPLACE blocks; they apply one after another. Put nothing but whitespace between blocks.",
    "- An empty SEARCH appends the REPLACE lines at the end of the last evolvable block.",
    "- The edited program must still run and keep its inputs and outputs.",
  ].join("\n");
}

function codeFormat(language: string): string {
  const tag = fenceTag(language);
  return [
    "# How to answer",
    "Reply with three tagged sections, in this order:",
    "<NAME>a short snake_case name for the program</NAME>",
    "<DESCRIPTION>what the new program does differently and why it should score higher</DESCRIPTION>",
    "<CODE>",
    `\`\`\`${tag}`,
    "the complete program",
    "```",
    "</CODE>",
    "",
    "Rules for the CODE section:",
    `- Give the whole program in one \`\`\`${tag} fenced block, with the EVOLVE-BLOCK-START and EVOLVE-BLOCK-END markers where they were.`,
    "- Only the code between the markers is taken from your answer; everything outside them is kept from the current program, so do not rely on changes there.",
    "- Keep the functions the code outside the markers calls, with the same inputs and outputs.",
  ].join("\n");
}

function systemMessage(input: PatchPromptInput): string {
  const parts = [input.task_sys_msg.trim()];
  if (input.patch_type !== "cross" && input.meta_recommendation) {
    parts.push(`# Ideas worth trying\nEarlier results in this run suggest the following; use it if it fits:\n${input.meta_recommendation.trim()}`);
  }
  parts.push(input.patch_type === "diff" ? diffFormat() : codeFormat(input.language));
  return parts.join("\n\n");
}

function referencePrograms(input: PatchPromptInput, feedback: boolean): string[] {
  const shown = [...(input.inspirations ?? []), ...(input.top_k ?? [])];
  return shown.map((p, i) => showProgram(`Reference program ${i + 1}`, p, input.language, feedback));
}

function userMessage(input: PatchPromptInput): string {
  const feedback = input.use_text_feedback ?? false;
  const lang = input.language;
  switch (input.patch_type) {
    case "diff":
      return [
        showProgram("Current program", input.parent, lang, feedback),
        ...referencePrograms(input, feedback),
        "# Task\nPropose ONE new idea that raises combined_score and express it as SEARCH/REPLACE edits of the current program. Make a focused change; do not rewrite the whole program.",
      ].join("\n\n");
    case "full": {
      const variant = input.full_variant ?? (input.rng ? input.rng.choice(FULL_VARIANTS) : "default");
      return [showProgram("Current program", input.parent, lang, feedback), ...referencePrograms(input, feedback), `# Task\n${FULL_VARIANT_ASK[variant]}`].join("\n\n");
    }
    case "cross": {
      const partner = input.crossover_partner ?? input.inspirations?.[0] ?? input.top_k?.[0];
      return [
        showProgram("Current program", input.parent, lang, feedback),
        partner ? showProgram("Second program", partner, lang, feedback) : "",
        "# Task\nWrite one complete program that combines the strongest ideas of the current program and the second program, aiming for a higher combined_score than either.",
      ]
        .filter(Boolean)
        .join("\n\n");
    }
    case "fix": {
      const history = (input.ancestors ?? []).map((p, i) => showProgram(`Earlier version ${i + 1} (oldest first)`, p, lang, feedback));
      const errors = input.parent.error_output ? `## What went wrong\n\`\`\`\n${input.parent.error_output.slice(-4000)}\n\`\`\`` : "";
      const note = input.parent.text_feedback ? `## Evaluator feedback\n${input.parent.text_feedback}` : "";
      return [
        ...history,
        showProgram("Program to repair", input.parent, lang, false),
        errors,
        note,
        "# Task\nThe program above fails evaluation. Find the cause and return a corrected complete program that the evaluator accepts as correct.",
      ]
        .filter(Boolean)
        .join("\n\n");
    }
  }
}

/** The chat messages for one proposal. */
export function buildPatchMessages(input: PatchPromptInput): ChatMessage[] {
  return [
    { role: "system", content: systemMessage(input) },
    { role: "user", content: userMessage(input) },
  ];
}

export interface FittedPrompt {
  messages: ChatMessage[];
  estimated_tokens: number;
  /** What was left out to fit, in the order it was dropped (empty when it fitted as it was). */
  dropped: string[];
  /** True when the prompt is still over the budget with everything optional left out. */
  overflow: boolean;
}

/**
 * buildPatchMessages within a token budget (estimated as characters / 4): when the prompt is too
 * long, the least useful context goes first (top-k programs, then archive inspirations, worst
 * first; then the scratchpad's recommendation; then fix-mode ancestors, oldest first). The parent
 * and the answer format always stay; `overflow` says when even they do not fit.
 */
export function fitPatchMessages(input: PatchPromptInput, budgetTokens: number | undefined): FittedPrompt {
  // Draw the full-rewrite variant once, so rebuilding does not consume more random numbers.
  let current: PatchPromptInput =
    input.patch_type === "full" && input.full_variant === undefined
      ? { ...input, full_variant: input.rng ? input.rng.choice(FULL_VARIANTS) : "default" }
      : input;
  let messages = buildPatchMessages(current);
  let tokens = estimatedPromptTokens(messages);
  const dropped: string[] = [];
  if (budgetTokens === undefined) return { messages, estimated_tokens: tokens, dropped, overflow: false };
  const steps: { what: string; next: (p: PatchPromptInput) => PatchPromptInput | undefined }[] = [
    { what: "top-k program", next: (p) => (p.top_k?.length ? { ...p, top_k: p.top_k.slice(0, -1) } : undefined) },
    { what: "inspiration", next: (p) => (p.inspirations?.length ? { ...p, inspirations: p.inspirations.slice(0, -1) } : undefined) },
    { what: "scratchpad recommendation", next: (p) => (p.meta_recommendation ? { ...p, meta_recommendation: undefined } : undefined) },
    { what: "ancestor", next: (p) => (p.ancestors?.length ? { ...p, ancestors: p.ancestors.slice(1) } : undefined) },
  ];
  for (const step of steps) {
    for (let next = step.next(current); tokens > budgetTokens && next; next = step.next(current)) {
      current = next;
      dropped.push(step.what);
      messages = buildPatchMessages(current);
      tokens = estimatedPromptTokens(messages);
    }
  }
  return { messages, estimated_tokens: tokens, dropped, overflow: tokens > budgetTokens };
}

/** The user turn of the one Reflexion retry: the edit error, and a request to answer again. */
export function patchRetryMessage(error: string): string {
  return [
    "Your answer could not be applied to the program:",
    "",
    error.trim(),
    "",
    "Please answer again with the same tagged sections, correcting this problem. Keep the idea if it was sound.",
  ].join("\n");
}
