// M2N2's steady-state loop (spec m2n2_qd.md §2): per step, A ∝ shared fitness, B ∝ attraction to A,
// child = split-point merge(A, B) (+ Gaussian mutation from scratch), one evaluation on every
// datapoint, then replacement of the lowest shared fitness. The GA baseline is alpha = 0 without the
// matchmaker. All randomness comes from one lib/random.ts Random (mutation noise is drawn natively
// from a seed taken from it).
import { Random } from "../random.js";
import { Archive } from "./archive.js";
import { counterNormals, type FusedChild, mergeBatchSync, mutateInPlace } from "./native.js";
import type { Interp, OmegaMode } from "./reference.js";

/** Scores one parameter vector on every datapoint, writing values in [0, 1]. */
export interface ScoreEvaluator {
  dim: number;
  samples: number;
  score(params: Float32Array, out: Float32Array): void;
  /** The evaluation the unfused reference loop uses (default: score). */
  scoreUnfused?(params: Float32Array, out: Float32Array): void;
  /** Merge, mutate and score one child in one native call (the fused loop needs it). */
  mergeMutateScore?(parents: Float32Array, child: FusedChild, childOut: Float32Array, scoresOut: Float32Array): void;
}

/**
 * "fused": one native call per child (merge, counter-based mutation noise and scoring together) and
 * the competition sums in native code; "reference": the TypeScript competition with separate merge,
 * mutation (xoshiro noise) and scoring calls. Both run the same algorithm and draw the same choices
 * from `random`; only the noise stream and float rounding differ.
 */
export type M2n2Engine = "fused" | "reference";

export interface M2n2Options {
  /** Child evaluations, the two initial models included. */
  evaluations: number;
  random: Random;
  archiveSize?: number;
  alpha?: number;
  matchmaker?: boolean;
  crossover?: boolean;
  /** false: plain SLERP with one ratio over the whole vector (the "no split point" ablation). */
  splitPoint?: boolean;
  interp?: Interp;
  omega?: OmegaMode;
  /** Mutation sigma on every parameter after the merge (0.01 from scratch, 0 for pre-trained models). */
  mutationSigma?: number;
  /** The initial models; default two draws of N(0, initSigma^2) per parameter. */
  initial?: Float32Array[];
  initSigma?: number;
  onStep?: (step: number, archive: Archive) => void;
  /** Default "fused" when the evaluator has mergeMutateScore, else "reference". */
  engine?: M2n2Engine;
}

export interface M2n2Result {
  archive: Archive;
  evaluations: number;
  /** Slot with the highest raw training score. */
  best: number;
}

function noiseSeed(random: Random): number {
  return random.uint32() * 2097152 + (random.uint32() >>> 11);
}

export function runM2n2(evaluator: ScoreEvaluator, options: M2n2Options): M2n2Result {
  const { evaluations, random } = options;
  const { dim, samples } = evaluator;
  const engine = options.engine ?? (evaluator.mergeMutateScore ? "fused" : "reference");
  if (engine !== "fused" && engine !== "reference") throw new RangeError(`engine must be "fused" or "reference", got ${String(engine)}`);
  if (engine === "fused" && !evaluator.mergeMutateScore) throw new RangeError('engine "fused" needs an evaluator with mergeMutateScore');
  const fused = engine === "fused" && (options.crossover ?? true);
  const archive = new Archive({ size: options.archiveSize ?? 20, dim, samples, alpha: options.alpha ?? 1, engine: engine === "fused" ? "native" : "typescript" });
  const scoreUnfused = (params: Float32Array, out: Float32Array) => (evaluator.scoreUnfused ? evaluator.scoreUnfused(params, out) : evaluator.score(params, out));
  const score = engine === "fused" ? (params: Float32Array, out: Float32Array) => evaluator.score(params, out) : scoreUnfused;
  const sigma = options.mutationSigma ?? 0.01;
  const child = new Float32Array(dim);
  const scores = new Float32Array(samples);
  const initial =
    options.initial ??
    [0, 1].map(() => {
      const model = new Float32Array(dim);
      if (engine === "fused") {
        counterNormals(noiseSeed(random), 0, model);
        for (let i = 0; i < dim; i++) model[i]! *= options.initSigma ?? 0.01;
      } else {
        mutateInPlace(model, options.initSigma ?? 0.01, noiseSeed(random));
      }
      return model;
    });
  if (!Number.isInteger(evaluations) || evaluations < initial.length) {
    throw new RangeError(`evaluations must be an integer >= ${initial.length}, got ${evaluations}`);
  }
  for (const model of initial) {
    score(model, scores);
    archive.tell(model, scores);
  }
  const pairs = { pairA: new Int32Array(1), pairB: new Int32Array(1), split: new Int32Array(1), w: new Float32Array(1) };
  // The fused loop reuses the selection fitness while the archive is unchanged (a discarded child).
  let selection: { F: Float64Array; f: Float64Array } | null = null;
  for (let step = initial.length; step < evaluations; step++) {
    if (!fused || selection === null) selection = archive.fitness();
    const { F, f } = selection;
    const a = archive.selectFirst(random, f);
    const b = archive.selectSecond(random, F, f, a, options.matchmaker ?? true);
    if (fused) {
      const split = options.splitPoint ?? true ? random.int(dim) : 0;
      const w = Math.fround(random.float());
      const fusedChild: FusedChild = { a, b, split, w, interp: options.interp ?? "slerp", omega: options.omega ?? "global", sigma, seed: noiseSeed(random) };
      evaluator.mergeMutateScore!(archive.params, fusedChild, child, scores);
      if (archive.tell(child, scores) >= 0) selection = null;
      options.onStep?.(step, archive);
      continue;
    }
    if (options.crossover ?? true) {
      pairs.pairA[0] = a;
      pairs.pairB[0] = b;
      pairs.split[0] = options.splitPoint ?? true ? random.int(dim) : 0;
      pairs.w[0] = Math.fround(random.float());
      mergeBatchSync(archive.params, dim, pairs, options.interp ?? "slerp", options.omega ?? "global", child);
    } else {
      child.set(archive.row(a));
    }
    if (sigma > 0) mutateInPlace(child, sigma, noiseSeed(random));
    score(child, scores);
    archive.tell(child, scores);
    options.onStep?.(step, archive);
  }
  return { archive, evaluations, best: archive.best() };
}
