// Per-call sampling (spec §9.6): independently of the model choice, each call draws uniformly
// from the model's temperatures, reasoning efforts (when any) and max_tokens values.
import type { Random } from "../random.js";
import type { CallKwargs } from "./types.js";

export interface SamplingSettings {
  temperatures: readonly number[];
  max_tokens: readonly number[] | number;
  reasoning_efforts: readonly string[];
}

export function sampleCallKwargs(settings: SamplingSettings, rng: Random): CallKwargs {
  const maxTokens = typeof settings.max_tokens === "number" ? [settings.max_tokens] : settings.max_tokens;
  if (maxTokens.length === 0) throw new RangeError("max_tokens must list at least one value");
  const kwargs: CallKwargs = { max_tokens: 0 };
  // Draw order is fixed (temperature, max_tokens, effort) so a seeded run repeats exactly.
  if (settings.temperatures.length > 0) kwargs.temperature = rng.choice(settings.temperatures);
  kwargs.max_tokens = rng.choice(maxTokens);
  if (settings.reasoning_efforts.length > 0) kwargs.reasoning_effort = rng.choice(settings.reasoning_efforts);
  return kwargs;
}
