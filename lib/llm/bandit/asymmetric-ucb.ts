// ShinkaEvolve's asymmetric UCB bandit over models (spec §9): rewards are the exponential of a
// child's gain over max(parent, baseline), summed in log space with decay, normalised by the
// largest observed contribution; UCB exploration; an ε split between the best arm(s) and the
// rest; optionally blended with a cost score that favours cheap models.
// Supported: the exponential, asymmetric mode (Shinka's default). The linear mode
// (exponential_base null) and symmetric scaling are not implemented and are refused.
import { z } from "zod";
import type { Random } from "../../random.js";
import { decayLog, logAddExp, logExpm1, percentile } from "./log-space.js";
import { checkModelList, decodeNumber, encodeNumber, type ArmStats, type ModelSampler } from "./sampler.js";

export const asymmetricUcbOptionsSchema = z.strictObject({
  exploration_coef: z.number().min(0).default(1),
  epsilon: z.number().min(0).max(1).default(0.2),
  /** Decay factor applied to every arm after every update; null disables decay. */
  auto_decay: z.number().gt(0).max(1).nullable().default(0.95),
  shift_by_baseline: z.boolean().default(true),
  shift_by_parent: z.boolean().default(true),
  adaptive_scale: z.boolean().default(true),
  asymmetric_scaling: z.literal(true).default(true),
  exponential_base: z.number().positive().default(1),
  cost_aware_coef: z.number().min(0).max(1).default(0.5),
  cost_exploration_coef: z.number().min(0).default(0.1),
  cost_power: z.number().positive().default(1),
  cost_ref_percentile: z.number().min(0).max(100).default(50),
});
export type AsymmetricUcbOptions = z.infer<typeof asymmetricUcbOptionsSchema>;
export type AsymmetricUcbOptionsInput = z.input<typeof asymmetricUcbOptionsSchema>;

interface Arm {
  name: string;
  n_submitted: number;
  n_completed: number;
  /** log of the decayed reward sum. */
  s: number;
  /** Decayed reward count. */
  divs: number;
  n_costs: number;
  total_costs: number;
}

function freshArm(name: string): Arm {
  return { name, n_submitted: 0, n_completed: 0, s: -Infinity, divs: 0, n_costs: 0, total_costs: 0 };
}

const DENOM_FLOOR = 1e-7;

export class AsymmetricUCB implements ModelSampler {
  readonly kind = "asymmetric_ucb";
  readonly options: AsymmetricUcbOptions;
  private arms: Arm[];
  private baseline = 0;
  /** log of the largest single real contribution (decayed), -Infinity before any. */
  private obsMax = -Infinity;
  private minCostObserved = Infinity;
  private maxCostObserved = -Infinity;

  constructor(models: readonly string[], options: AsymmetricUcbOptionsInput = {}) {
    checkModelList(models);
    const parsed = asymmetricUcbOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RangeError(`AsymmetricUCB option ${issue?.path.join(".")}: ${issue?.message}`);
    }
    this.options = parsed.data;
    if (!this.options.shift_by_baseline && !this.options.shift_by_parent) {
      throw new RangeError("asymmetric scaling needs shift_by_baseline or shift_by_parent");
    }
    this.arms = models.map(freshArm);
  }

  get models(): string[] {
    return this.arms.map((a) => a.name);
  }

  setBaseline(score: number): void {
    if (!Number.isFinite(score)) throw new RangeError(`baseline must be finite, got ${score}`);
    this.baseline = score;
  }

  select(rng: Random): string {
    const probs = this.posterior();
    const arm = this.arms[rng.weightedIndex(probs)]!;
    arm.n_submitted += 1;
    return arm.name;
  }

  /** Counts a selection made elsewhere (e.g. a proposal restored on resume). */
  updateSubmitted(model: string): void {
    this.arm(model).n_submitted += 1;
  }

  update(model: string, child_score: number | null, parent_score: number | null, cost_usd?: number): void {
    const arm = this.arm(model);
    const isReal = child_score !== null;
    if (isReal && !Number.isFinite(child_score)) throw new RangeError(`child_score must be finite or null, got ${child_score}`);
    if (parent_score !== null && !Number.isFinite(parent_score)) throw new RangeError(`parent_score must be finite or null, got ${parent_score}`);
    const o = this.options;
    let b: number;
    if (o.shift_by_parent && o.shift_by_baseline) b = parent_score === null ? this.baseline : Math.max(parent_score, this.baseline);
    else if (o.shift_by_baseline) b = this.baseline;
    else if (parent_score === null) throw new RangeError("parent_score is required when only shift_by_parent is on");
    else b = parent_score;
    // An incorrect child is imputed the worst reward, which the asymmetric clamp turns into 0.
    const r = isReal ? Math.max(child_score - b, 0) : 0;
    arm.divs += 1;
    arm.n_completed += 1;
    const z = r * o.exponential_base;
    const contribution = o.shift_by_baseline ? logExpm1(z) : z;
    arm.s = logAddExp(arm.s, contribution);
    if (o.adaptive_scale && isReal && contribution > this.obsMax) this.obsMax = contribution;
    if (o.auto_decay !== null) this.decay(o.auto_decay);
    if (cost_usd !== undefined) this.updateCost(model, cost_usd);
  }

  updateCost(model: string, cost_usd: number): void {
    if (!(cost_usd >= 0) || !Number.isFinite(cost_usd)) throw new RangeError(`cost_usd must be finite and >= 0, got ${cost_usd}`);
    const arm = this.arm(model);
    arm.total_costs += cost_usd;
    arm.n_costs += 1;
    this.maxCostObserved = Math.max(this.maxCostObserved, cost_usd);
    this.minCostObserved = Math.min(this.minCostObserved, cost_usd);
  }

  /** Shrinks every arm's reward count and sum (and the normaliser) by `factor` (spec §9.3). */
  decay(factor: number): void {
    if (!(factor > 0 && factor <= 1)) throw new RangeError(`decay factor must be in (0, 1], got ${factor}`);
    for (const arm of this.arms) {
      arm.divs *= factor;
      arm.s = decayLog(arm.s, factor);
    }
    if (this.options.adaptive_scale && Number.isFinite(this.obsMax)) {
      const highestMean = Math.max(...this.meanLogs());
      this.obsMax = Math.max(decayLog(this.obsMax, factor), highestMean);
    }
  }

  probabilities(): Record<string, number> {
    const probs = this.posterior();
    return Object.fromEntries(this.arms.map((a, i) => [a.name, probs[i]!]));
  }

  /** Selection probabilities in model order (spec §9.4). */
  posterior(): number[] {
    const K = this.arms.length;
    const n = this.pulls();
    if (n.every((v) => v <= 0)) return new Array<number>(K).fill(1 / K);
    const unseen = n.filter((v) => v <= 0).length;
    if (unseen > 0) return n.map((v) => (v <= 0 ? 1 / unseen : 0));
    return this.epsilonSplit(this.scores(n, n.reduce((a, b) => a + b, 0)));
  }

  /**
   * Allocation frequencies for a batch of `samples` proposals (spec §9.4): one virtual pull per
   * unseen arm first, then ε-greedy simulated pulls, t growing by one per step. (Upstream's
   * version stops after one simulated pull when the cost blend is on, because it reuses the
   * loop counter's name for the cost coefficient; this one simulates them all.)
   */
  allocation(samples: number, rng: Random): number[] {
    if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
    if (samples === 1) return this.posterior();
    const K = this.arms.length;
    const n = this.pulls();
    if (n.every((v) => v <= 0)) return new Array<number>(K).fill(1 / K);
    const virtual = new Array<number>(K).fill(0);
    let left = samples;
    const unseen = n.flatMap((v, i) => (v <= 0 ? [i] : []));
    if (unseen.length > 0) {
      const take = Math.min(left, unseen.length);
      const chosen = take === unseen.length ? unseen : rng.sampleIndices(unseen.length, take).map((j) => unseen[j]!);
      for (const i of chosen) virtual[i]! += 1;
      left -= take;
    }
    const normalised = this.normalisedMeans();
    const t0 = n.reduce((a, b) => a + b, 0);
    let step = virtual.reduce((a, b) => a + b, 0) + 1;
    while (left > 0) {
      const num = 2 * Math.log(Math.max(t0 + step, 2));
      let scores = normalised.map((m, i) => m + this.options.exploration_coef * Math.sqrt(num / Math.max(n[i]! + virtual[i]!, 1)));
      const costNCounts = this.arms.map((a, i) => Math.max(a.n_costs, 1) + virtual[i]!);
      scores = this.blendCost(scores, num, costNCounts);
      virtual[rng.weightedIndex(this.epsilonSplit(scores))]! += 1;
      step++;
      left--;
    }
    const total = virtual.reduce((a, b) => a + b, 0);
    return virtual.map((v) => v / total);
  }

  stats(): ArmStats[] {
    const probs = this.posterior();
    const n = this.pulls();
    const t = n.reduce((a, b) => a + b, 0);
    const num = 2 * Math.log(Math.max(t, 2));
    const normalised = this.normalisedMeans();
    const meanLogs = this.meanLogs();
    // The blended UCB score exists only once every arm has been pulled.
    const scores = n.every((v) => v > 0) ? this.scores(n, t) : null;
    return this.arms.map((arm, i) => ({
      model: arm.name,
      n_submitted: arm.n_submitted,
      n_completed: arm.n_completed,
      probability: probs[i]!,
      n_cost: arm.n_costs,
      total_cost_usd: arm.total_costs,
      mean_cost_usd: arm.n_costs > 0 ? arm.total_costs / arm.n_costs : null,
      decayed_count: arm.divs,
      mean_log_reward: Number.isFinite(meanLogs[i]!) ? meanLogs[i]! : null,
      normalised_mean: normalised[i]!,
      exploration_bonus: this.options.exploration_coef * Math.sqrt(num / Math.max(n[i]!, 1)),
      score: scores ? scores[i]! : null,
    }));
  }

  toJSON(): AsymmetricUcbState {
    return {
      type: "asymmetric_ucb",
      options: { ...this.options },
      baseline: this.baseline,
      obs_max: encodeNumber(this.obsMax),
      min_cost_observed: encodeNumber(this.minCostObserved),
      max_cost_observed: encodeNumber(this.maxCostObserved),
      arms: this.arms.map((a) => ({ ...a, s: encodeNumber(a.s) })),
    };
  }

  /**
   * Restores a saved bandit. With `models`, arms are realigned by name: kept models keep their
   * state, new ones start fresh, removed ones are dropped (Shinka #129/#130).
   */
  static fromJSON(json: unknown, models?: readonly string[], options?: AsymmetricUcbOptionsInput): AsymmetricUCB {
    const state = stateSchema.safeParse(json);
    if (!state.success) throw new TypeError(`bandit state: ${state.error.issues[0]?.path.join(".")}: ${state.error.issues[0]?.message}`);
    const saved = state.data;
    const names = models ?? saved.arms.map((a) => a.name);
    const bandit = new AsymmetricUCB(names, options ?? saved.options);
    const byName = new Map(saved.arms.map((a) => [a.name, a]));
    bandit.arms = names.map((name) => {
      const arm = byName.get(name);
      return arm ? { ...arm, s: decodeNumber(arm.s, `arms.${name}.s`) } : freshArm(name);
    });
    bandit.baseline = saved.baseline;
    bandit.obsMax = decodeNumber(saved.obs_max, "obs_max");
    bandit.minCostObserved = decodeNumber(saved.min_cost_observed, "min_cost_observed");
    bandit.maxCostObserved = decodeNumber(saved.max_cost_observed, "max_cost_observed");
    return bandit;
  }

  private arm(model: string): Arm {
    const arm = this.arms.find((a) => a.name === model);
    if (!arm) throw new RangeError(`unknown model "${model}"; the bandit has ${this.models.join(", ")}`);
    return arm;
  }

  /** n_i = max(submitted, completed): proposals in flight count as pulls. */
  private pulls(): number[] {
    return this.arms.map((a) => Math.max(a.n_submitted, a.n_completed));
  }

  private meanLogs(): number[] {
    return this.arms.map((a) => a.s - Math.log(Math.max(a.divs, DENOM_FLOOR)));
  }

  private normalisedMeans(): number[] {
    const meanLogs = this.meanLogs();
    if (this.options.adaptive_scale && Number.isFinite(this.obsMax)) return meanLogs.map((m) => Math.exp(m - this.obsMax));
    return meanLogs.map((m) => Math.exp(m));
  }

  private scores(n: number[], t: number): number[] {
    const num = 2 * Math.log(Math.max(t, 2));
    const base = this.normalisedMeans().map((m, i) => m + this.options.exploration_coef * Math.sqrt(num / n[i]!));
    return this.blendCost(base, num, this.arms.map((a) => Math.max(a.n_costs, 1)));
  }

  /** score <- (1 - k) score + k q, q the normalised optimistic cheapness (spec §9.4). */
  private blendCost(scores: number[], num: number, costCounts: number[]): number[] {
    const k = this.options.cost_aware_coef;
    if (k <= 0 || !Number.isFinite(this.minCostObserved) || !Number.isFinite(this.maxCostObserved)) return scores;
    const o = this.options;
    const range = this.maxCostObserved - this.minCostObserved;
    const meanCosts = this.arms.map((a) => a.total_costs / Math.max(a.n_costs, 1));
    const denoms = meanCosts.map((mean, i) => {
      const bonus = o.cost_exploration_coef * range * Math.sqrt(num / costCounts[i]!);
      return Math.max(mean - bonus, DENOM_FLOOR);
    });
    const seen = meanCosts.filter((_, i) => this.arms[i]!.n_costs > 0);
    const ref = Math.max(seen.length > 0 ? percentile(seen, o.cost_ref_percentile) : DENOM_FLOOR, DENOM_FLOOR);
    const ratios = denoms.map((d) => ref / d);
    const top = Math.max(Math.max(...ratios), 1e-9);
    return scores.map((s, i) => (1 - k) * s + k * (ratios[i]! / top) ** o.cost_power);
  }

  /** Winners (exact ties) share 1 - ε, the others share ε; all tied -> uniform. */
  private epsilonSplit(scores: number[]): number[] {
    const K = scores.length;
    const best = Math.max(...scores);
    const winners = scores.filter((s) => s === best).length;
    if (winners === K) return new Array<number>(K).fill(1 / K);
    const eps = this.options.epsilon;
    return scores.map((s) => (s === best ? (1 - eps) / winners : eps / (K - winners)));
  }
}

const jsonNumber = z.union([z.number(), z.enum(["Infinity", "-Infinity"])]);
const stateSchema = z.object({
  type: z.literal("asymmetric_ucb"),
  options: asymmetricUcbOptionsSchema,
  baseline: z.number(),
  obs_max: jsonNumber,
  min_cost_observed: jsonNumber,
  max_cost_observed: jsonNumber,
  arms: z.array(
    z.object({
      name: z.string().min(1),
      n_submitted: z.number().nonnegative(),
      n_completed: z.number().nonnegative(),
      s: jsonNumber,
      divs: z.number().nonnegative(),
      n_costs: z.number().nonnegative(),
      total_costs: z.number().nonnegative(),
    }),
  ),
});
export type AsymmetricUcbState = z.input<typeof stateSchema>;
