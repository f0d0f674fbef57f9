// PGPE (Sehnke et al., with ClipUp; evosax PGPE): antithetic pairs x = m +/- sigma (.) z, centred
// ranks (lower is better). grad_m = sum_j (f+ - f-) sigma z_j / N feeds ClipUp; with the baseline b =
// mean(f~), grad_sigma = sum_j (f+ + f- - 2b) sigma (z_j^2 - 1) / N, and sigma takes a step of
// sigmaLearningRate clipped to a relative change of at most maxSigmaChange.
import { ClipUp } from "./optimizers.js";
import { type Shaping, shapeFitness } from "./shaping.js";
import { type DiagonalSearch, Strategy, type StrategyCore } from "./strategy.js";

export interface PgpeSettings {
  sigmaInit: number;
  learningRate: number;
  maxSpeed: number;
  sigmaLearningRate: number;
  maxSigmaChange: number;
  shaping: Shaping;
}

export const PGPE_DEFAULTS: PgpeSettings = {
  sigmaInit: 1.0,
  learningRate: 0.01,
  maxSpeed: 0.02,
  sigmaLearningRate: 0.1,
  maxSigmaChange: 0.2,
  shaping: "centered_rank",
};

export class Pgpe extends Strategy {
  readonly sigma: Float32Array;
  private readonly optimizer: ClipUp;
  protected override readonly residentUpdates = true;

  constructor(
    core: StrategyCore,
    readonly settings: PgpeSettings,
  ) {
    super(core);
    this.sigma = new Float32Array(core.dim).fill(settings.sigmaInit);
    this.optimizer = new ClipUp(core.dim, settings.learningRate, settings.maxSpeed);
  }

  protected override diagonalSearch(): DiagonalSearch {
    return { sigma: this.sigma, antithetic: true };
  }

  protected async update(fitness: Float64Array): Promise<void> {
    const shaped = shapeFitness(this.settings.shaping, fitness);
    const n = this.popsize;
    const rows = n / 2;
    const baseline = shaped.reduce((sum, f) => sum + f, 0) / n;
    const difference = Float64Array.from({ length: rows }, (_, j) => (shaped[j]! - shaped[j + rows]!) / n);
    const total = Float64Array.from({ length: rows }, (_, j) => (shaped[j]! + shaped[j + rows]! - 2 * baseline) / n);
    const totalSum = total.reduce((sum, t) => sum + t, 0);
    const device = this.residentDevice();
    if (device) {
      // ClipUp on the device in three passes: |g|, then the velocity and sigma step (returning |v|),
      // then the capped velocity's step on the mean.
      const { sigmaLearningRate, maxSigmaChange, learningRate, maxSpeed } = this.settings;
      await device.moments(this.seed, this.generation, difference, total);
      const gradientNorm = Math.sqrt(await device.step("pgpe_gradient_norm", {}));
      const speed = Math.sqrt(
        await device.step("pgpe_velocity", { gradientNorm, sigmaRate: sigmaLearningRate, weightTotal: totalSum, maxSigmaChange, momentum: 0.9 }),
      );
      const cap = maxSpeed / learningRate;
      await device.step("pgpe_apply", { learningRate, speedScale: speed > cap ? cap / speed : 1 });
      await device.getState(this.mean, this.sigma);
      return;
    }
    const { first, second } = await this.kernels.moments(this.generation, this.dim, difference, total);
    const meanGradient = new Float32Array(this.dim);
    for (let j = 0; j < this.dim; j++) meanGradient[j] = this.sigma[j]! * first[j]!;
    const { sigmaLearningRate, maxSigmaChange } = this.settings;
    for (let j = 0; j < this.dim; j++) {
      const sigma = this.sigma[j]!;
      const proposed = sigma - sigmaLearningRate * sigma * (second[j]! - totalSum);
      this.sigma[j] = Math.min(Math.max(proposed, (1 - maxSigmaChange) * sigma), (1 + maxSigmaChange) * sigma);
    }
    this.optimizer.step(this.mean, meanGradient);
  }
}
