// The MAP-Elites baseline of M2N2's code (spec m2n2_qd.md §7): a 10 x 10 grid over (training
// accuracy on odd digits, on even digits), quality = training accuracy, insertion when the cell is
// empty or the quality strictly better, two parents drawn ∝ quality among occupied cells (without
// replacement unless the summed quality is below 2, as upstream), the same split-point SLERP merge
// and mutation. An accuracy of exactly 1 would index cell 10; we clamp it to 9 (upstream drops it).
import type { Random } from "../random.js";
import type { MlpTask } from "./digits-task.js";
import { mergeBatchSync, mutateInPlace } from "./native.js";

export const MAP_ELITES_BINS = 10;

export interface MapElitesResult {
  /** (cells x dim) elites; `quality[c]` is -1 for an empty cell. */
  elites: Float32Array;
  quality: Float64Array;
  best: number;
}

function cellOf(scores: Float32Array, labels: Int32Array): { cell: number; quality: number } {
  const totals = [0, 0];
  const correct = [0, 0];
  let all = 0;
  for (let j = 0; j < scores.length; j++) {
    const parity = labels[j]! % 2;
    totals[parity]! += 1;
    correct[parity]! += scores[j]!;
    all += scores[j]!;
  }
  const bin = (value: number) => Math.min(MAP_ELITES_BINS - 1, Math.floor(MAP_ELITES_BINS * value));
  const odd = bin(correct[1]! / Math.max(1, totals[1]!));
  const even = bin(correct[0]! / Math.max(1, totals[0]!));
  return { cell: odd * MAP_ELITES_BINS + even, quality: all / scores.length };
}

function noiseSeed(random: Random): number {
  return random.uint32() * 2097152 + (random.uint32() >>> 11);
}

export function runMapElites(task: MlpTask, evaluations: number, random: Random, sigma = 0.01): MapElitesResult {
  const { dim, samples } = task;
  const cells = MAP_ELITES_BINS * MAP_ELITES_BINS;
  const elites = new Float32Array(cells * dim);
  const quality = new Float64Array(cells).fill(-1);
  const child = new Float32Array(dim);
  const scores = new Float32Array(samples);
  const pairs = { pairA: new Int32Array(1), pairB: new Int32Array(1), split: new Int32Array(1), w: new Float32Array(1) };
  const offer = () => {
    task.score(child, scores);
    const { cell, quality: q } = cellOf(scores, task.train.labels);
    if (quality[cell]! < 0 || q > quality[cell]!) {
      elites.set(child, cell * dim);
      quality[cell] = q;
    }
  };
  for (let i = 0; i < Math.min(2, evaluations); i++) {
    child.fill(0);
    mutateInPlace(child, sigma, noiseSeed(random));
    offer();
  }
  for (let step = 2; step < evaluations; step++) {
    const occupied = [...quality.keys()].filter((c) => quality[c]! >= 0);
    const weights = occupied.map((c) => quality[c]!);
    const total = weights.reduce((s, v) => s + v, 0);
    const draw = (exclude: number) => {
      const w = weights.map((v, i) => (i === exclude ? 0 : v));
      return w.some((v) => v > 0) ? random.weightedIndex(w) : random.int(occupied.length);
    };
    const first = draw(-1);
    const second = total < 2 || occupied.length < 2 ? draw(-1) : draw(first);
    pairs.pairA[0] = occupied[first]!;
    pairs.pairB[0] = occupied[second]!;
    pairs.split[0] = random.int(dim);
    pairs.w[0] = Math.fround(random.float());
    mergeBatchSync(elites, dim, pairs, "slerp", "global", child);
    mutateInPlace(child, sigma, noiseSeed(random));
    offer();
  }
  let best = 0;
  for (let c = 1; c < cells; c++) if (quality[c]! > quality[best]!) best = c;
  return { elites, quality, best };
}
