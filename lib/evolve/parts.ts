// The one place that picks the implementations the runner composes: the edit part's prompts and
// patch engine (editPatchTools), its offline mutation operator, and its meta-scratchpad behind
// the runner's Scratchpad hook.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChatMessage } from "../llm/types.js";
import { Random } from "../random.js";
import { editPatchTools } from "./edit/patch-tools.js";
import type { Mutator } from "./mutator.js";
import { offlineMutationReply } from "./offline-mutation.js";
import type { PatchTools } from "./patch-tools.js";
import type { Scratchpad } from "./runner.js";
import { MetaScratchpad, type ScratchpadProgram } from "./scratchpad.js";
import type { EvolutionStore, StoredProgram } from "./store.js";

export const defaultPatchTools: PatchTools = editPatchTools;

export function offlineReply(messages: ChatMessage[], rng: Random): string {
  return offlineMutationReply(messages, rng);
}

function summary(p: StoredProgram): ScratchpadProgram {
  return {
    id: p.id,
    ...(typeof p.metadata.patch_name === "string" ? { name: p.metadata.patch_name } : {}),
    code: p.code,
    combined_score: p.combined_score,
    correct: p.correct,
    text_feedback: p.text_feedback,
    public_metrics: p.public_metrics,
    generation: p.generation,
  };
}

/**
 * The meta-scratchpad (§12) over the run's models: every `interval` stored programs it runs its
 * three LLM steps in the background (their cost goes through the same ledger and budget), keeps
 * its state in the database's metadata store and writes meta_<n>.txt into the results directory.
 */
export function metaScratchpad(options: {
  mutator: Mutator;
  models: readonly string[];
  store: EvolutionStore;
  results_root: string;
  interval: number;
  max_recommendations: number;
  task_description: string;
  seed: number;
}): Scratchpad {
  const rng = new Random(options.seed ^ 0x6d657461);
  const pad = new MetaScratchpad({
    chat: async (messages) => {
      const model = rng.choice(options.models);
      const reply = await options.mutator.chat(model, messages, options.mutator.sampleKwargs(model, rng), rng);
      return { content: reply.content, cost_usd: reply.cost_usd };
    },
    store: { get: (key) => options.store.getMeta(key), set: (key, value) => options.store.setMeta(key, value) },
    interval: options.interval,
    max_recommendations: options.max_recommendations,
    write_file: (name, text) => writeFileSync(join(options.results_root, name), text),
    task_description: options.task_description,
  });
  let running: Promise<number> = Promise.resolve(0);
  return {
    onEvaluated(program) {
      if (program.metadata._is_island_copy) return;
      if (pad.record(summary(program))) {
        const best = options.store.best();
        running = pad.maybeUpdate(best && best.correct ? summary(best) : undefined);
        return running.then(() => undefined);
      }
      return undefined;
    },
    sample: (r) => pad.sampleRecommendation(r),
    flush: async () => {
      await running.catch(() => 0);
    },
  };
}
