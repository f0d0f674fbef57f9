// The ask/tell contract shared by every strategy (evosax v0.3.1 shape, minimisation). `ask` fills
// the population buffer (popsize x dim, row-major) that the strategy owns and returns it; `tell`
// takes one fitness per candidate, tracks the best, and runs the strategy's own update. Fitness must
// be finite: the issue asks for a clear error, so NaN is rejected rather than ranked as +inf (the
// spec's evosax behaviour); callers with failed evaluations pass a large finite penalty instead.
//
// Where the population lives: on the CPU in `population` (a typed array the native sampler fills
// in place). With device "cuda", strategies that sample a diagonal Gaussian keep it in device memory
// (DevicePopulation): `ask` downloads it into `population` for callers that evaluate in TypeScript,
// while `askEvaluate` evaluates a benchmark problem on the device and brings back only the P fitness
// values, or (fused) computes them while sampling without storing the population at all.
// The diagonal strategies also keep their mean, sigma and own vectors on the device
// (`residentUpdates`): tell sends the P weights, the device computes the noise sums and the
// element-wise passes of the update (es_update.h), and `mean` and `sigma` are host copies refreshed
// after each tell (writing to them does not move the device's search).
import { DevicePopulation } from "./device-population.js";
import { EsKernels } from "./kernels.js";
import type { ResolvedDevice } from "../native/index.js";
import { evaluateProblem, PROBLEMS, type ProblemName } from "./problems.js";

export interface TellMetrics {
  generation: number;
  bestFitness: number;
  generationBestFitness: number;
  meanNorm: number;
}

/** x = mean + sigma (.) z, or antithetic pairs mean +/- sigma (.) z; sigma has 1 or dim values. */
export interface DiagonalSearch {
  sigma: Float32Array;
  antithetic: boolean;
}

export interface AskEvaluateOptions {
  /** Compute the fitness while sampling and never store the population (no `bestSolution` then). */
  fused?: boolean;
}

/** Where the candidates of the last ask are: `population`, device memory only, or nowhere (fused). */
type PopulationPlace = "host" | "device" | "none";

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
  /** Completed generations; also the noise counter of the next `ask`. */
  generation = 0;
  /** The lowest fitness told so far, in minimised terms (negated when maximize), and its candidate. */
  bestFitness = Infinity;
  readonly bestSolution: Float32Array;
  protected readonly kernels: EsKernels;
  protected asked = false;
  private populationPlace: PopulationPlace = "host";
  private hostPopulation: Float32Array | undefined;
  private devicePopulation: DevicePopulation | undefined;
  /** True once the device session holds this strategy's mean and sigma (residentUpdates on CUDA). */
  private stateOnDevice = false;
  private released = false;
  protected readonly seed: number;
  /** Set by strategies whose update runs as DevicePopulation.step, so their state can stay on the device. */
  protected readonly residentUpdates: boolean = false;

  protected constructor(core: StrategyCore) {
    this.name = core.name;
    this.dim = core.dim;
    this.popsize = core.popsize;
    this.device = core.device;
    this.maximize = core.maximize;
    this.mean = core.mean;
    this.seed = core.seed;
    this.bestSolution = new Float32Array(core.dim).fill(Number.NaN);
    this.kernels = new EsKernels(core.seed, core.device);
  }

  /**
   * The candidates of the last `ask` (popsize x dim, row-major); the same buffer every generation,
   * allocated on first use (fused and device-resident generations never need it).
   */
  get population(): Float32Array {
    this.hostPopulation ??= new Float32Array(this.popsize * this.dim);
    return this.hostPopulation;
  }

  /** Samples this generation's population into `population` and returns it. */
  async ask(): Promise<Float32Array> {
    const search = this.diagonalSearch();
    if (search === null) {
      await this.sample();
    } else if (this.device === "cuda") {
      const device = this.deviceFor(search);
      const [mean, sigma] = this.uploads(search);
      await device.sample(mean, sigma, this.seed, this.generation);
      this.stateOnDevice = this.residentUpdates;
      await device.download(this.population);
    } else {
      await this.kernels.sample(this.mean, search.sigma, this.generation, this.popsize, search.antithetic, this.population);
    }
    this.asked = true;
    this.populationPlace = "host";
    return this.population;
  }

  /**
   * Samples this generation and evaluates a benchmark problem natively on the strategy's device,
   * returning one fitness per candidate for `tell`. On CUDA the population stays in device memory
   * (`downloadPopulation` fetches it); with `fused` it is never stored anywhere.
   */
  async askEvaluate(problem: ProblemName, options: AskEvaluateOptions = {}): Promise<Float64Array> {
    if (!(PROBLEMS as readonly string[]).includes(problem)) {
      throw new RangeError(`problem must be one of ${PROBLEMS.join(", ")}, got ${JSON.stringify(problem)}`);
    }
    const fused = options.fused ?? false;
    if (typeof fused !== "boolean") throw new TypeError("options.fused must be a boolean");
    const search = this.diagonalSearch();
    let fitness: Float64Array;
    if (search === null) {
      if (fused) throw new RangeError(`fused asks need a strategy that samples a diagonal Gaussian; ${this.name} samples in TypeScript`);
      await this.sample();
      fitness = await evaluateProblem(problem, this.population, this.popsize, this.dim);
      this.populationPlace = "host";
    } else if (this.device === "cuda") {
      const device = this.deviceFor(search);
      const [mean, sigma] = this.uploads(search);
      if (fused) {
        fitness = await device.sampleEvaluate(mean, sigma, this.seed, this.generation, problem);
      } else {
        await device.sample(mean, sigma, this.seed, this.generation);
        fitness = await device.evaluate(problem);
      }
      this.stateOnDevice = this.residentUpdates;
      this.populationPlace = fused ? "none" : "device";
    } else {
      if (fused) {
        fitness = new Float64Array(this.popsize);
        await this.kernels.sampleEvaluate(problem, this.mean, search.sigma, this.generation, this.popsize, search.antithetic, fitness);
      } else {
        await this.kernels.sample(this.mean, search.sigma, this.generation, this.popsize, search.antithetic, this.population);
        fitness = await evaluateProblem(problem, this.population, this.popsize, this.dim);
      }
      this.populationPlace = fused ? "none" : "host";
    }
    this.asked = true;
    return fitness;
  }

  /** The last ask's candidates in `population`, copied from the device when they live there. */
  async downloadPopulation(): Promise<Float32Array> {
    if (!this.asked) throw new Error("downloadPopulation() needs an ask() first");
    if (this.populationPlace === "none") throw new Error("the last ask was fused: its population was never stored");
    if (this.populationPlace === "device") {
      await this.devicePopulation!.download(this.population);
      this.populationPlace = "host";
    }
    return this.population;
  }

  /**
   * Frees the device memory held for this strategy now (otherwise freed when collected). On CUDA
   * this ends the strategy: its state lived on the device, so later asks are refused.
   */
  release(): void {
    this.devicePopulation?.release();
    this.devicePopulation = undefined;
    this.stateOnDevice = false;
    if (this.device === "cuda") this.released = true;
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
      // A fused ask never wrote its candidates, so then only the fitness is recorded.
      if (this.populationPlace === "host") this.bestSolution.set(this.population.subarray(bestIndex * this.dim, (bestIndex + 1) * this.dim));
      if (this.populationPlace === "device") await this.devicePopulation!.downloadRow(bestIndex, this.bestSolution);
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

  /**
   * The diagonal Gaussian of the next ask (called once per ask, so it may refresh derived state),
   * or null for strategies that sample in TypeScript and override `sample` (CMA-ES, xNES).
   */
  protected diagonalSearch(): DiagonalSearch | null {
    return null;
  }

  /** Writes the population of generation `this.generation` (strategies without a diagonal search). */
  protected sample(): Promise<void> {
    return Promise.reject(new Error(`${this.name} has neither a diagonal search nor its own sample()`));
  }
  /** The strategy's own update from raw, minimised fitness. */
  protected abstract update(fitness: Float64Array): Promise<void>;

  /**
   * The device session when it holds this strategy's mean and sigma, for `update` to step them
   * there (then refresh the host copies); null when the update runs on the host.
   */
  protected residentDevice(): DevicePopulation | null {
    return this.stateOnDevice ? this.devicePopulation! : null;
  }

  private deviceFor(search: DiagonalSearch): DevicePopulation {
    if (this.released) throw new Error(`this ${this.name} strategy was released: its device state is gone`);
    const current = this.devicePopulation;
    if (current && current.sigmaLength === search.sigma.length && current.antithetic === search.antithetic) return current;
    current?.release();
    this.stateOnDevice = false;
    this.devicePopulation = new DevicePopulation(this.popsize, this.dim, search.sigma.length, search.antithetic);
    return this.devicePopulation;
  }

  /**
   * What an ask uploads: everything, except for a strategy whose state is already resident, which
   * sends only a scalar sigma (schedules change it on the host) and nothing per dimension.
   */
  private uploads(search: DiagonalSearch): [Float32Array | null, Float32Array | null] {
    if (!this.stateOnDevice) return [this.mean, search.sigma];
    return [null, search.sigma.length === 1 ? search.sigma : null];
  }

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
