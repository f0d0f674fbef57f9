// Builds the sampler a config names (Shinka's `llm_dynamic_selection`) and restores one from
// its saved JSON (bandit_state.json) on resume.
import { AsymmetricUCB, type AsymmetricUcbOptionsInput } from "./asymmetric-ucb.js";
import { FixedWeightsSampler } from "./fixed-weights.js";
import type { ModelSampler } from "./sampler.js";

/** "ucb"/"ucb1" -> AsymmetricUCB; "fixed" -> fixed weights; null/"uniform" -> equal weights. */
export type SamplerKind = "ucb" | "ucb1" | "fixed" | "uniform" | null;

export function createSampler(
  kind: SamplerKind,
  models: readonly string[],
  options: { ucb?: AsymmetricUcbOptionsInput; weights?: readonly number[] | Record<string, number> } = {},
): ModelSampler {
  switch (kind) {
    case "ucb":
    case "ucb1":
      return new AsymmetricUCB(models, options.ucb);
    case "fixed":
      return new FixedWeightsSampler(models, options.weights);
    case "uniform":
    case null:
      return new FixedWeightsSampler(models);
    default:
      throw new RangeError(`unknown model sampler "${String(kind)}": use ucb, fixed or uniform`);
  }
}

/** Restores a sampler saved with toJSON(); `models` realigns its arms by name. */
export function samplerFromJSON(json: unknown, models?: readonly string[]): ModelSampler {
  const type = (json as { type?: unknown } | null)?.type;
  if (type === "asymmetric_ucb") return AsymmetricUCB.fromJSON(json, models);
  if (type === "fixed_weights") return FixedWeightsSampler.fromJSON(json, models);
  throw new TypeError(`sampler state: unknown type ${JSON.stringify(type)}`);
}
