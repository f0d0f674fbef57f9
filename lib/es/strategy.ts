// The ask/tell contract shared by every strategy (evosax v0.3.1 shape, minimisation). `ask` fills
// the population buffer (popsize x dim, row-major) that the strategy owns and returns it; `tell`
// takes one fitness per candidate, tracks the best, and runs the strategy's own update. Fitness must
// be finite: the issue asks for a clear error, so NaN is rejected rather than ranked as +inf (the
// spec's evosax behaviour); callers with failed evaluations pass a large finite penalty instead.
import { EsKernels } from "./kernels.js";
import type { ResolvedDevice } from "../native/index.js";

export interface TellMetrics {
  generation: number;
  bestFitness: number;
  generationBestFitness: number;
  meanNorm: number;
}

export interface StrategyCore {
  name: string;
  dim: number;
  popsize: number;
  seed: number;
  device: ResolvedDevice;
  mean: Float32Array;
  /** Negate fitness at the boundary (evosax v0.1's `maximize`). */
  maximize: boolean;
}

export abstract class Strategy {
  readonly name: string;
  readonly dim: number;
  readonly popsize: number;
  readonly device: ResolvedDevice;
  readonly maximize: boolean;
  /** The search mean, updated in place by `tell`. */
  readonly mean: Float32Array;
  /** The candidates of the last `ask`; the same buffer every generation. */
  readonly population: Float32Array;
  /** Completed generations; also the noise counter of the next `ask`. */
  generation = 0;
  /** The lowest fitness told so far, in minimised terms (negated when maximize), and its candidate. */
  bestFitness = Infinity;
  readonly bestSolution: Float32Array;
  protected readonly kernels: EsKernels;
  protected asked = false;
  /** False after a fused ask that evaluated candidates without writing them. */
  protected populationStored = true;

  protected constructor(core: StrategyCore) {
    this.name = core.name;
    this.dim = core.dim;
    this.popsize = core.popsize;
    this.device = core.device;
    this.maximize = core.maximize;
    this.mean = core.mean;
    this.population = new Float32Array(core.popsize * core.dim);
    this.bestSolution = new Float32Array(core.dim).fill(Number.NaN);
    this.kernels = new EsKernels(core.seed, core.device);
  }

  /** Samples this generation's population into `population` and returns it. */
  async ask(): Promise<Float32Array> {
    await this.sample();
    this.asked = true;
    this.populationStored = true;
    return this.population;
  }

  /** Updates the search distribution from one fitness value per candidate of the last `ask`. */
  async tell(fitness: ArrayLike<number>): Promise<TellMetrics> {
    if (!this.asked) throw new Error("tell() needs an ask() first: the fitness must belong to the current population");
    const values = this.checkFitness(fitness);
    let generationBest = Infinity;
    let bestIndex = -1;
    for (let i = 0; i < values.length; i++) {
      if (values[i]! < generationBest) {
        generationBest = values[i]!;
        bestIndex = i;
      }
    }
    if (generationBest < this.bestFitness) {
      this.bestFitness = generationBest;
      if (this.populationStored) this.bestSolution.set(this.population.subarray(bestIndex * this.dim, (bestIndex + 1) * this.dim));
    }
    await this.update(values);
    this.generation += 1;
    this.asked = false;
    let meanNorm = 0;
    for (let j = 0; j < this.dim; j++) meanNorm += this.mean[j]! * this.mean[j]!;
    return {
      generation: this.generation,
      bestFitness: this.maximize ? -this.bestFitness : this.bestFitness,
      generationBestFitness: this.maximize ? -generationBest : generationBest,
      meanNorm: Math.sqrt(meanNorm),
    };
  }

  /** Writes the population of generation `this.generation`. */
  protected abstract sample(): Promise<void>;
  /** The strategy's own update from raw, minimised fitness. */
  protected abstract update(fitness: Float64Array): Promise<void>;

  private checkFitness(fitness: ArrayLike<number>): Float64Array {
    if (fitness === null || typeof fitness !== "object" || typeof fitness.length !== "number") {
      throw new TypeError("fitness must be an array of numbers");
    }
    if (fitness.length !== this.popsize) {
      throw new RangeError(`fitness must have popsize = ${this.popsize} values, got ${fitness.length}`);
    }
    const values = new Float64Array(this.popsize);
    for (let i = 0; i < this.popsize; i++) {
      const value = fitness[i];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new RangeError(`fitness[${i}] must be a finite number, got ${String(value)}`);
      }
      values[i] = this.maximize ? -value : value;
    }
    return values;
  }
}
