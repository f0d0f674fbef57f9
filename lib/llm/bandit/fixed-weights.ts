// Fixed selection weights, no learning (Shinka's FixedSampler; uniform when no weights are
// given, which is also what `llm_dynamic_selection: null` means). It still counts selections,
// completions and costs, so reports look the same as the bandit's.
import { z } from "zod";
import type { Random } from "../../random.js";
import { checkModelList, type ArmStats, type ModelSampler } from "./sampler.js";

interface Arm {
  name: string;
  weight: number;
  n_submitted: number;
  n_completed: number;
  n_costs: number;
  total_costs: number;
}

export class FixedWeightsSampler implements ModelSampler {
  readonly kind = "fixed_weights";
  private arms: Arm[];

  /** `weights`: one non-negative weight per model (normalised here), or a map by model name. */
  constructor(models: readonly string[], weights?: readonly number[] | Record<string, number>) {
    checkModelList(models);
    const list = weights === undefined ? models.map(() => 1) : Array.isArray(weights) ? [...weights] : models.map((m) => (weights as Record<string, number>)[m] ?? 0);
    if (list.length !== models.length) throw new RangeError(`weights must have one entry per model (${models.length}), got ${list.length}`);
    if (list.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new RangeError("weights must be finite and >= 0");
    const total = list.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new RangeError("weights must not all be zero");
    this.arms = models.map((name, i) => ({ name, weight: list[i]! / total, n_submitted: 0, n_completed: 0, n_costs: 0, total_costs: 0 }));
  }

  get models(): string[] {
    return this.arms.map((a) => a.name);
  }

  select(rng: Random): string {
    const arm = this.arms[rng.weightedIndex(this.arms.map((a) => a.weight))]!;
    arm.n_submitted += 1;
    return arm.name;
  }

  update(model: string, child_score: number | null, _parent_score: number | null, cost_usd?: number): void {
    if (child_score !== null && !Number.isFinite(child_score)) throw new RangeError(`child_score must be finite or null, got ${child_score}`);
    this.arm(model).n_completed += 1;
    if (cost_usd !== undefined) this.updateCost(model, cost_usd);
  }

  updateCost(model: string, cost_usd: number): void {
    if (!(cost_usd >= 0) || !Number.isFinite(cost_usd)) throw new RangeError(`cost_usd must be finite and >= 0, got ${cost_usd}`);
    const arm = this.arm(model);
    arm.total_costs += cost_usd;
    arm.n_costs += 1;
  }

  setBaseline(_score: number): void {
    // Nothing to learn from it.
  }

  probabilities(): Record<string, number> {
    return Object.fromEntries(this.arms.map((a) => [a.name, a.weight]));
  }

  stats(): ArmStats[] {
    return this.arms.map((a) => ({
      model: a.name,
      n_submitted: a.n_submitted,
      n_completed: a.n_completed,
      probability: a.weight,
      n_cost: a.n_costs,
      total_cost_usd: a.total_costs,
      mean_cost_usd: a.n_costs > 0 ? a.total_costs / a.n_costs : null,
    }));
  }

  toJSON(): FixedWeightsState {
    return { type: "fixed_weights", arms: this.arms.map((a) => ({ ...a })) };
  }

  /**
   * Restores saved counts. With `models`, arms are realigned by name; a new model gets the mean
   * weight of the kept ones (1 when none is kept) before renormalising.
   */
  static fromJSON(json: unknown, models?: readonly string[]): FixedWeightsSampler {
    const state = stateSchema.safeParse(json);
    if (!state.success) throw new TypeError(`sampler state: ${state.error.issues[0]?.path.join(".")}: ${state.error.issues[0]?.message}`);
    const byName = new Map(state.data.arms.map((a) => [a.name, a]));
    const names = models ?? state.data.arms.map((a) => a.name);
    const kept = names.flatMap((n) => (byName.has(n) ? [byName.get(n)!.weight] : []));
    const fill = kept.length > 0 ? kept.reduce((a, b) => a + b, 0) / kept.length : 1;
    const sampler = new FixedWeightsSampler(names, names.map((n) => byName.get(n)?.weight ?? fill));
    sampler.arms = sampler.arms.map((arm) => {
      const saved = byName.get(arm.name);
      return saved ? { ...saved, weight: arm.weight } : arm;
    });
    return sampler;
  }

  private arm(model: string): Arm {
    const arm = this.arms.find((a) => a.name === model);
    if (!arm) throw new RangeError(`unknown model "${model}"; the sampler has ${this.models.join(", ")}`);
    return arm;
  }
}

const stateSchema = z.object({
  type: z.literal("fixed_weights"),
  arms: z.array(
    z.object({
      name: z.string().min(1),
      weight: z.number().nonnegative(),
      n_submitted: z.number().nonnegative(),
      n_completed: z.number().nonnegative(),
      n_costs: z.number().nonnegative(),
      total_costs: z.number().nonnegative(),
    }),
  ),
});
export type FixedWeightsState = z.input<typeof stateSchema>;
