// SimpleES (evosax SimpleES): the mean moves to the average of the best half (weights 1/mu on the
// mu = floor(N/2) best ranks), and the per-dimension sigma blends towards the elites' spread around
// the old mean: sigma <- (1 - c) sigma + c sqrt(sum f~ (x - m_old)^2), with x - m_old = sigma z.
import { averageRanks } from "./shaping.js";
import { type DiagonalSearch, Strategy, type StrategyCore } from "./strategy.js";

export interface SimpleEsSettings {
  sigmaInit: number;
  learningRate: number;
  sigmaBlend: number;
}

export const SIMPLE_ES_DEFAULTS: SimpleEsSettings = { sigmaInit: 1.0, learningRate: 1.0, sigmaBlend: 0.1 };

/** 1/mu for the mu = floor(N/2) best ranks, else 0. */
export function eliteWeights(fitness: ArrayLike<number>): Float64Array {
  const elites = Math.floor(fitness.length / 2);
  return averageRanks(fitness).map((rank) => (Math.floor(rank) < elites ? 1 / elites : 0));
}

export class SimpleEs extends Strategy {
  readonly sigma: Float32Array;
  protected override readonly residentUpdates = true;

  constructor(
    core: StrategyCore,
    readonly settings: SimpleEsSettings,
  ) {
    super(core);
    this.sigma = new Float32Array(core.dim).fill(settings.sigmaInit);
  }

  protected override diagonalSearch(): DiagonalSearch {
    return { sigma: this.sigma, antithetic: false };
  }

  protected async update(fitness: Float64Array): Promise<void> {
    const weights = eliteWeights(fitness);
    const { learningRate, sigmaBlend } = this.settings;
    const device = this.residentDevice();
    if (device) {
      await device.moments(this.seed, this.generation, weights, weights);
      await device.step("simple_es", { learningRate, sigmaRate: sigmaBlend });
      await device.getState(this.mean, this.sigma);
      return;
    }
    const { first, second } = await this.kernels.moments(this.generation, this.dim, weights, weights);
    for (let j = 0; j < this.dim; j++) {
      const sigma = this.sigma[j]!;
      this.mean[j]! += learningRate * sigma * first[j]!;
      this.sigma[j] = (1 - sigmaBlend) * sigma + sigmaBlend * sigma * Math.sqrt(Math.max(0, second[j]!));
    }
  }
}
