// OpenAI-ES (Salimans et al. 2017; evosax Open_ES): antithetic x = m +/- sigma z, the gradient
// sum_i f~_i z_i / (N sigma) with "lower is better" shaping (centred ranks by default), an optimiser
// step on the mean, then an optional sigma decay. The gradient regenerates z natively from the
// noise counter, so the noise is never stored; antithetic pairs fold into one weight per pair.
import { Adam, createOptimizer, type MeanOptimizer, type OptimizerName } from "./optimizers.js";
import { type Shaping, shapeFitness } from "./shaping.js";
import { type DiagonalSearch, Strategy, type StrategyCore } from "./strategy.js";

export interface OpenEsSettings {
  sigmaInit: number;
  learningRate: number;
  optimizer: OptimizerName;
  shaping: Shaping;
  antithetic: boolean;
  /** sigma <- max(sigma * sigmaDecay, sigmaLimit) after each update (1 and 0: constant). */
  sigmaDecay: number;
  sigmaLimit: number;
  /** lr <- max(lr * learningRateDecay, learningRateLimit) after each update (evosax v0.1). */
  learningRateDecay: number;
  learningRateLimit: number;
  adamBeta1: number;
}

export const OPEN_ES_DEFAULTS: OpenEsSettings = {
  sigmaInit: 1.0,
  learningRate: 1e-3,
  optimizer: "sgd",
  shaping: "centered_rank",
  antithetic: true,
  sigmaDecay: 1,
  sigmaLimit: 0,
  learningRateDecay: 1,
  learningRateLimit: 0,
  adamBeta1: 0.9,
};

export class OpenEs extends Strategy {
  readonly sigma: Float32Array;
  private readonly optimizer: MeanOptimizer;
  protected override readonly residentUpdates = true;

  constructor(
    core: StrategyCore,
    readonly settings: OpenEsSettings,
  ) {
    super(core);
    this.sigma = Float32Array.of(settings.sigmaInit);
    this.optimizer = createOptimizer(settings.optimizer, core.dim, settings.learningRate, settings.adamBeta1);
  }

  protected override diagonalSearch(): DiagonalSearch {
    return { sigma: this.sigma, antithetic: this.settings.antithetic };
  }

  /**
   * The fused generation: the sphere fitness of the population `ask` would write, computed without
   * writing it (`population` is stale afterwards, and `bestSolution` is not updated by the next tell).
   */
  askSphere(): Promise<Float64Array> {
    return this.askEvaluate("sphere", { fused: true });
  }

  protected async update(fitness: Float64Array): Promise<void> {
    const shaped = shapeFitness(this.settings.shaping, fitness);
    const scale = 1 / (this.popsize * this.sigma[0]!);
    const weights = pairWeights(shaped, this.settings.antithetic).map((w) => w * scale);
    const device = this.residentDevice();
    if (device) {
      await device.moments(this.seed, this.generation, weights, null);
      const optimizer = this.optimizer;
      await device.step(optimizer instanceof Adam ? "adam" : "sgd", optimizer instanceof Adam ? optimizer.deviceStep() : { learningRate: optimizer.learningRate });
      await device.getState(this.mean, null);
    } else {
      const { first: gradient } = await this.kernels.moments(this.generation, this.dim, weights);
      this.optimizer.step(this.mean, gradient);
    }
    this.sigma[0] = Math.max(this.sigma[0]! * this.settings.sigmaDecay, this.settings.sigmaLimit);
    const { learningRateDecay, learningRateLimit } = this.settings;
    this.optimizer.learningRate = Math.max(this.optimizer.learningRate * learningRateDecay, learningRateLimit);
  }
}

/** One weight per noise row: with antithetic pairs (j, j + N/2), z_j enters as +z and -z. */
export function pairWeights(shaped: Float64Array, antithetic: boolean): Float64Array {
  if (!antithetic) return shaped;
  const rows = shaped.length / 2;
  return Float64Array.from({ length: rows }, (_, j) => shaped[j]! - shaped[j + rows]!);
}
