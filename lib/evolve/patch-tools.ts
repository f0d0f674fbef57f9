// What the runner needs from the edit protocol and the prompts, in one narrow interface;
// engine.ts wires it to lib/evolve/edit and lib/evolve/prompts.
import type { ChatMessage } from "../llm/types.js";
import type { Random } from "../random.js";
import type { EvolveConfig } from "./config.js";
import type { StoredProgram } from "./store.js";
import type { Task } from "./task.js";

export type PatchType = "diff" | "full" | "cross" | "fix";

export interface PromptRequest {
  patch_type: PatchType;
  task: Task;
  parent: StoredProgram;
  archive_inspirations: StoredProgram[];
  top_k_inspirations: StoredProgram[];
  crossover_partner: StoredProgram | undefined;
  recommendation: string | undefined;
  use_text_feedback: boolean;
  rng: Random;
  /** The model's prompt budget in tokens (context window less max_tokens); undefined: no limit. */
  prompt_budget_tokens?: number;
  /** Told when context was left out to fit the budget, or the prompt overflows it anyway. */
  warn?: (message: string) => void;
}

export type PatchOutcome = { ok: true; code: string; name: string; description: string; diff: string } | { ok: false; error: string };

export interface PatchTools {
  /** §10.1; without inspirations `cross` is dropped and the rest renormalised. */
  samplePatchType(config: Pick<EvolveConfig, "patch_types" | "patch_type_probs">, hasInspirations: boolean, rng: Random): PatchType;
  buildMessages(request: PromptRequest): ChatMessage[];
  /** The user turn that tells the model why its patch failed (Reflexion retry). */
  retryMessage(error: string): string;
  /** Applies a reply to the parent's code, with marker and syntax checks. */
  apply(parentCode: string, reply: string, patchType: PatchType, task: Task): Promise<PatchOutcome>;
  /** The text the novelty check embeds (EVOLVE-BLOCK contents). */
  mutableCode(code: string): string;
}

/** §10.1 sampling, shared by every PatchTools. */
export function samplePatchTypeFrom(
  config: Pick<EvolveConfig, "patch_types" | "patch_type_probs">,
  hasInspirations: boolean,
  rng: Random,
): PatchType {
  const types: PatchType[] = [];
  const weights: number[] = [];
  config.patch_types.forEach((type, i) => {
    if (type === "cross" && !hasInspirations) return;
    types.push(type);
    weights.push(config.patch_type_probs[i] ?? 0);
  });
  if (types.length === 0) return "full";
  if (weights.every((w) => w <= 0)) return rng.choice(types);
  return types[rng.weightedIndex(weights)]!;
}
