// xNES (exponential NES, evosax xNES) in TypeScript over Float64Array (O(d^2) memory): utility
// weights, x = m + sigma z^T B, m <- m + lr sigma B sum f~ z, G = sum f~ (z z^T - I), and the
// element-wise exponential updates of sigma and B that evosax uses (not a matrix exponential).
import { utilityWeights, weightsByRank } from "./shaping.js";
import { Strategy, type StrategyCore } from "./strategy.js";

export interface XnesSettings {
  sigmaInit: number;
  learningRate: number;
  /** Default (9 + 3 ln d) / (5 d sqrt d) for both. */
  sigmaLearningRate?: number;
  shapeLearningRate?: number;
}

export const XNES_DEFAULTS: XnesSettings = { sigmaInit: 1.0, learningRate: 1.0 };

export function xnesLearningRate(dim: number): number {
  return (9 + 3 * Math.log(dim)) / (5 * dim * Math.sqrt(dim));
}

export class Xnes extends Strategy {
  sigma: number;
  /** Row-major d x d; starts at sigmaInit * I, so the first overall scale is sigmaInit^2 (as evosax). */
  readonly shape: Float64Array;
  private readonly weights: Float64Array;
  private readonly sigmaLearningRate: number;
  private readonly shapeLearningRate: number;
  private noise: Float32Array = new Float32Array(0);

  constructor(
    core: StrategyCore,
    readonly settings: XnesSettings,
  ) {
    super(core);
    const d = core.dim;
    this.sigma = settings.sigmaInit;
    this.shape = new Float64Array(d * d);
    for (let i = 0; i < d; i++) this.shape[i * d + i] = settings.sigmaInit;
    this.weights = utilityWeights(core.popsize);
    this.sigmaLearningRate = settings.sigmaLearningRate ?? xnesLearningRate(d);
    this.shapeLearningRate = settings.shapeLearningRate ?? xnesLearningRate(d);
  }

  protected override async sample(): Promise<void> {
    const d = this.dim;
    this.noise = await this.kernels.noise(this.generation, this.popsize, d);
    for (let i = 0; i < this.popsize; i++) {
      for (let k = 0; k < d; k++) {
        let step = 0;
        for (let j = 0; j < d; j++) step += this.noise[i * d + j]! * this.shape[j * d + k]!;
        this.population[i * d + k] = this.mean[k]! + this.sigma * step;
      }
    }
  }

  protected async update(fitness: Float64Array): Promise<void> {
    const d = this.dim;
    const shaped = weightsByRank(fitness, this.weights);
    const z = this.noise;
    const weightedNoise = new Float64Array(d);
    const gradient = new Float64Array(d * d);
    const weightSum = shaped.reduce((sum, w) => sum + w, 0);
    for (let i = 0; i < this.popsize; i++) {
      const w = shaped[i]!;
      for (let j = 0; j < d; j++) {
        weightedNoise[j]! += w * z[i * d + j]!;
        for (let k = 0; k < d; k++) gradient[j * d + k]! += w * z[i * d + j]! * z[i * d + k]!;
      }
    }
    for (let j = 0; j < d; j++) gradient[j * d + j]! -= weightSum;
    const lr = this.settings.learningRate;
    for (let row = 0; row < d; row++) {
      let step = 0;
      for (let j = 0; j < d; j++) step += this.shape[row * d + j]! * weightedNoise[j]!;
      this.mean[row]! += lr * this.sigma * step;
    }
    let trace = 0;
    for (let j = 0; j < d; j++) trace += gradient[j * d + j]!;
    const sigmaGradient = trace / d;
    this.sigma *= Math.exp(0.5 * this.sigmaLearningRate * sigmaGradient);
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) {
        const g = gradient[j * d + k]! - (j === k ? sigmaGradient : 0);
        this.shape[j * d + k]! *= Math.exp(0.5 * this.shapeLearningRate * g);
      }
    }
  }
}
