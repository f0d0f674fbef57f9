// SNES (separable NES; evosax SNES): x = m + sigma (.) z with a per-dimension sigma, utility
// weights by rank (higher is better), m <- m + lr sigma (.) sum f~ z and
// sigma <- sigma (.) exp(eta/2 sum f~ (z^2 - 1)). Both sums come from one native pass over the
// regenerated noise.
import { utilityWeights, weightsByRank } from "./shaping.js";
import { type DiagonalSearch, Strategy, type StrategyCore } from "./strategy.js";

export interface SnesSettings {
  sigmaInit: number;
  learningRate: number;
  /** Default (3 + ln d) / (5 sqrt d). */
  sigmaLearningRate?: number;
  /** Above 0: evosax v0.1's DES weights at this temperature instead of utility weights (HaDES MinAtar used 20). */
  temperature?: number;
}

export const SNES_DEFAULTS: SnesSettings = { sigmaInit: 1.0, learningRate: 1.0 };

/** DES weights by rank r = 0..N-1: softmax(-20 sigmoid(T (r/(N-1) - 1/2))); no baseline, sum 1. */
export function desWeights(n: number, temperature: number): Float64Array {
  const logits = Float64Array.from({ length: n }, (_, r) => {
    const centred = n > 1 ? r / (n - 1) - 0.5 : 0;
    return -20 / (1 + Math.exp(-temperature * centred));
  });
  const top = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

export function snesSigmaLearningRate(dim: number): number {
  return (3 + Math.log(dim)) / (5 * Math.sqrt(dim));
}

export class Snes extends Strategy {
  readonly sigma: Float32Array;
  private readonly weights: Float64Array;
  private readonly sigmaLearningRate: number;
  protected override readonly residentUpdates = true;

  constructor(
    core: StrategyCore,
    readonly settings: SnesSettings,
  ) {
    super(core);
    this.sigma = new Float32Array(core.dim).fill(settings.sigmaInit);
    const temperature = settings.temperature ?? 0;
    this.weights = temperature > 0 ? desWeights(core.popsize, temperature) : utilityWeights(core.popsize);
    this.sigmaLearningRate = settings.sigmaLearningRate ?? snesSigmaLearningRate(core.dim);
  }

  protected override diagonalSearch(): DiagonalSearch {
    return { sigma: this.sigma, antithetic: false };
  }

  protected async update(fitness: Float64Array): Promise<void> {
    const shaped = weightsByRank(fitness, this.weights);
    const total = shaped.reduce((sum, w) => sum + w, 0);
    const lr = this.settings.learningRate;
    const device = this.residentDevice();
    if (device) {
      await device.moments(this.seed, this.generation, shaped, shaped);
      await device.step("snes", { learningRate: lr, sigmaRate: this.sigmaLearningRate, weightTotal: total });
      await device.getState(this.mean, this.sigma);
      return;
    }
    const { first, second } = await this.kernels.moments(this.generation, this.dim, shaped, shaped);
    for (let j = 0; j < this.dim; j++) {
      this.mean[j]! += lr * this.sigma[j]! * first[j]!;
      this.sigma[j]! *= Math.exp(0.5 * this.sigmaLearningRate * (second[j]! - total));
    }
  }
}
