// Named presets (evolve.md §18): the layer between the built-in defaults and a config file.
// Sizes (small, medium = the defaults, large), the paper-era defaults, the two published
// circle-packing configurations (§17.3; the paper's appendix was not fully published, so these
// follow the Hydra variant and the example script) and the parent-selection ablation recipes (§6).
import type { ConfigFileLayers } from "./config.js";

export const PRESETS: Readonly<Record<string, { description: string } & ConfigFileLayers>> = {
  small: {
    description: "diff and full rewrites only, 0.5 / 0.5",
    run: { patch_types: ["diff", "full"], patch_type_probs: [0.5, 0.5] },
  },
  medium: { description: "the built-in defaults", run: {} },
  large: {
    description: "5 islands, 4 + 2 inspirations, probs 0.4/0.4/0.2, 300 generations, 3 patch attempts",
    run: { num_islands: 5, num_archive_inspirations: 4, num_top_k_inspirations: 2, patch_type_probs: [0.4, 0.4, 0.2], num_generations: 300, max_patch_attempts: 3 },
  },
  paper: {
    description: "ShinkaEvolve's paper-era defaults: archive 100, 5 + 2 inspirations, power law, 5 attempts, no novelty filter",
    run: {
      archive_size: 100,
      num_archive_inspirations: 5,
      num_top_k_inspirations: 2,
      parent_selection_strategy: "power_law",
      exploitation_ratio: 0.2,
      migration_rate: 0.1,
      max_patch_attempts: 5,
      code_embed_sim_threshold: 1.0,
      novelty_exhausted_policy: "submit_last",
    },
  },
  "circle-packing-hydra": {
    description: "the paper's circle-packing Hydra variant (§17.3 a)",
    run: {
      num_islands: 5,
      archive_size: 40,
      num_archive_inspirations: 4,
      num_top_k_inspirations: 2,
      migration_interval: 10,
      migration_rate: 0.1,
      parent_selection_strategy: "weighted",
      parent_selection_lambda: 10,
      patch_type_probs: [0.4, 0.4, 0.2],
      num_generations: 300,
      max_proposal_jobs: 6,
      max_patch_resamples: 3,
      max_patch_attempts: 3,
      llm_models: ["gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "claude-sonnet-4", "o4-mini"],
      llm_dynamic_selection: "ucb",
      meta_rec_interval: 10,
      embedding_model: "text-embedding-3-small",
      code_embed_sim_threshold: 1.0,
    },
    llm: { llm_kwargs: { temperatures: [0, 0.5, 1] } },
  },
  "circle-packing-script": {
    description: "ShinkaEvolve's examples/circle_packing/run_evo.py (§17.3 b); reasoning effort 'auto' left out",
    run: {
      num_islands: 2,
      parent_selection_strategy: "weighted",
      parent_selection_lambda: 10,
      patch_type_probs: [0.6, 0.3, 0.1],
      num_generations: 400,
      max_proposal_jobs: 5,
      llm_models: ["gemini-2.5-pro", "gemini-2.5-flash", "claude-sonnet-4", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano"],
      llm_dynamic_selection: "ucb1",
      code_embed_sim_threshold: 0.995,
      novelty_llm_models: ["gpt-5-nano"],
    },
    llm: { llm_kwargs: { reasoning_efforts: ["low", "medium", "high"], max_tokens: 32768 } },
  },
  "hill-climbing": {
    description: "ablation recipe: power law with alpha 100, exploitation ratio 1",
    run: { parent_selection_strategy: "power_law", exploitation_alpha: 100, exploitation_ratio: 1.0 },
  },
  "uniform-parents": {
    description: "ablation recipe: power law with alpha 0 (uniform), exploitation ratio 1",
    run: { parent_selection_strategy: "power_law", exploitation_alpha: 0, exploitation_ratio: 1.0 },
  },
  "power-law-high": {
    description: "ablation recipe: power law with alpha 2, exploitation ratio 0.2",
    run: { parent_selection_strategy: "power_law", exploitation_alpha: 2, exploitation_ratio: 0.2 },
  },
  weighted: {
    description: "ablation recipe: weighted sampling with lambda 10 (the default)",
    run: { parent_selection_strategy: "weighted", parent_selection_lambda: 10 },
  },
};

/** A preset's layers (copies), or a TypeError listing the names. */
export function presetLayers(name: string): ConfigFileLayers {
  const preset = PRESETS[name];
  if (!preset) throw new TypeError(`unknown preset "${name}" (one of: ${Object.keys(PRESETS).join(", ")})`);
  const copy = structuredClone({ run: preset.run, ...(preset.llm ? { llm: preset.llm } : {}) });
  return copy;
}

/** Later layers win key by key (one level deep: an llm_kwargs object is replaced whole). */
export function mergeConfigLayers(...layers: ConfigFileLayers[]): ConfigFileLayers {
  const run: Record<string, unknown> = {};
  let llm: Record<string, unknown> | undefined;
  for (const layer of layers) {
    Object.assign(run, layer.run);
    if (layer.llm) llm = { ...llm, ...layer.llm };
  }
  return { run, ...(llm ? { llm } : {}) };
}
