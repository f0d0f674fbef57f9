// What the runner needs from a model sampler: pick a model per proposal, learn from the child's
// score, remember costs, describe itself for reports, and save/restore its state.
import type { Random } from "../../random.js";

export interface ArmStats {
  model: string;
  /** Times chosen (proposals started). */
  n_submitted: number;
  /** Children whose result came back (correct or not). */
  n_completed: number;
  /** Probability of being chosen next. */
  probability: number;
  /** Proposals whose cost was reported, and their total cost. */
  n_cost: number;
  total_cost_usd: number;
  /** Sampler-specific figures (e.g. the bandit's normalised mean and exploration bonus). */
  [extra: string]: number | string | null;
}

export interface ModelSampler {
  readonly kind: string;
  readonly models: readonly string[];
  /** Picks a model and counts it as submitted. */
  select(rng: Random): string;
  /**
   * A child of a parent finished. child_score null means the child was incorrect (no reward);
   * parent_score null means no parent score is known (the baseline alone applies).
   */
  update(model: string, child_score: number | null, parent_score: number | null, cost_usd?: number): void;
  /** Records a proposal's LLM cost (also for proposals that never produced a child). */
  updateCost(model: string, cost_usd: number): void;
  /** The initial program's score, or 0 when it is incorrect (spec §2). */
  setBaseline(score: number): void;
  /** Selection probabilities per model. */
  probabilities(): Record<string, number>;
  stats(): ArmStats[];
  toJSON(): unknown;
}

export function checkModelList(models: readonly string[]): void {
  if (models.length === 0) throw new RangeError("a model sampler needs at least one model");
  if (new Set(models).size !== models.length) throw new RangeError(`model names must be unique, got ${models.join(", ")}`);
}

/** Encodes ±Infinity (JSON has no such numbers) as strings. */
export function encodeNumber(value: number): number | "Infinity" | "-Infinity" {
  if (Number.isNaN(value)) throw new RangeError("sampler state holds NaN");
  return Number.isFinite(value) ? value : value > 0 ? "Infinity" : "-Infinity";
}

export function decodeNumber(value: unknown, name: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  throw new TypeError(`sampler state: ${name} must be a number, "Infinity" or "-Infinity", got ${JSON.stringify(value)}`);
}
