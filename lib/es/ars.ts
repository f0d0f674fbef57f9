// ARS (Mania et al. 2018, V1-style; evosax ARS): antithetic pairs on raw fitness; only the k pairs
// with the smallest min(f+, f-) count, scaled by the spread of their 2k fitness values:
// grad = sum_elite (f+ - f-) z / (k s_f), and Adam on the mean. sigma stays constant.
import { Adam } from "./optimizers.js";
import { type DiagonalSearch, Strategy, type StrategyCore } from "./strategy.js";

export interface ArsSettings {
  sigmaInit: number;
  learningRate: number;
  /** Default max(1, floor(popsize / 4)). */
  elitePairs?: number;
}

export const ARS_DEFAULTS: ArsSettings = { sigmaInit: 1.0, learningRate: 1e-3 };

/** The weight of each pair in the gradient (0 outside the elite). */
export function arsPairWeights(fitness: Float64Array, elitePairs: number): Float64Array {
  const rows = fitness.length / 2;
  const order = Array.from({ length: rows }, (_, j) => j).sort(
    (a, b) => Math.min(fitness[a]!, fitness[a + rows]!) - Math.min(fitness[b]!, fitness[b + rows]!) || a - b,
  );
  const elite = order.slice(0, elitePairs);
  const values = elite.flatMap((j) => [fitness[j]!, fitness[j + rows]!]);
  const average = values.reduce((sum, f) => sum + f, 0) / values.length;
  const spread = Math.sqrt(values.reduce((sum, f) => sum + (f - average) ** 2, 0) / values.length);
  const scale = 1 / (elitePairs * Math.max(spread, 1e-8));
  const weights = new Float64Array(rows);
  for (const j of elite) weights[j] = (fitness[j]! - fitness[j + rows]!) * scale;
  return weights;
}

export class Ars extends Strategy {
  readonly sigma: Float32Array;
  readonly elitePairs: number;
  private readonly optimizer: Adam;
  protected override readonly residentUpdates = true;

  constructor(
    core: StrategyCore,
    readonly settings: ArsSettings,
  ) {
    super(core);
    this.sigma = Float32Array.of(settings.sigmaInit);
    this.elitePairs = settings.elitePairs ?? Math.max(1, Math.floor(core.popsize / 4));
    if (this.elitePairs > core.popsize / 2) {
      throw new RangeError(`elitePairs must be at most popsize / 2 = ${core.popsize / 2}, got ${this.elitePairs}`);
    }
    this.optimizer = new Adam(core.dim, settings.learningRate);
  }

  protected override diagonalSearch(): DiagonalSearch {
    return { sigma: this.sigma, antithetic: true };
  }

  protected async update(fitness: Float64Array): Promise<void> {
    const weights = arsPairWeights(fitness, this.elitePairs);
    const device = this.residentDevice();
    if (device) {
      await device.moments(this.seed, this.generation, weights, null);
      await device.step("adam", this.optimizer.deviceStep());
      await device.getState(this.mean, null);
      return;
    }
    const { first: gradient } = await this.kernels.moments(this.generation, this.dim, weights);
    this.optimizer.step(this.mean, gradient);
  }
}
