// One complete minimisation run, as `tansaku es run` does it: the initial mean uniform in [-5, 5]^d
// from the seed, then generations of ask + native evaluation (on the strategy's device, so with CUDA
// the population never leaves device memory) and tell.
import { Random } from "../random.js";
import type { Device } from "../native/index.js";
import { createStrategy, type StrategyOptions } from "./create.js";
import type { ProblemName } from "./problems.js";

export interface RunOptions {
  strategy: string;
  problem: ProblemName;
  dim: number;
  popsize: number;
  generations: number;
  seed?: number;
  device?: Device;
  /** Compute the fitness while sampling, never storing the population (diagonal strategies only). */
  fused?: boolean;
  /** Extra strategy options (sigma_init, learning_rate, ...). */
  options?: Partial<StrategyOptions>;
  onGeneration?: (generation: number, bestFitness: number) => void;
}

export interface RunResult {
  best_fitness: number;
  generations: number;
  ms_per_generation: number;
}

export function initialMean(dim: number, seed: number): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: dim }, () => random.uniform(-5, 5));
}

export async function runProblem(options: RunOptions): Promise<RunResult> {
  const seed = options.seed ?? 0;
  const strategy = createStrategy(options.strategy, {
    ...options.options,
    dim: options.dim,
    popsize: options.popsize,
    seed,
    device: options.device ?? "auto",
    mean: initialMean(options.dim, seed),
  });
  const start = performance.now();
  try {
    for (let g = 0; g < options.generations; g++) {
      const fitness = await strategy.askEvaluate(options.problem, { fused: options.fused ?? false });
      await strategy.tell(fitness);
      options.onGeneration?.(g + 1, strategy.bestFitness);
    }
  } finally {
    strategy.release();
  }
  const elapsed = performance.now() - start;
  return {
    best_fitness: strategy.bestFitness,
    generations: options.generations,
    ms_per_generation: options.generations > 0 ? elapsed / options.generations : 0,
  };
}
