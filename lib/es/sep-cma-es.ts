// sep-CMA-ES (evosax Sep_CMA_ES): CMA-ES with a diagonal covariance, the full-CMA constants and
// negative weights set to 0. With D = sqrt(C), x = m + sigma D (.) z, so every sum the update needs,
// y_w = D (.) sum w z and sum w y^2 = C (.) sum w z^2, comes from one native pass over the
// regenerated noise; memory and time are O(N d).
import { cmaConstants, type CmaConstants } from "./cma-constants.js";
import type { DevicePopulation } from "./device-population.js";
import { weightsByRank } from "./shaping.js";
import { type DiagonalSearch, Strategy, type StrategyCore } from "./strategy.js";

export interface SepCmaEsSettings {
  sigmaInit: number;
}

export const SEP_CMA_ES_DEFAULTS: SepCmaEsSettings = { sigmaInit: 1.0 };

export class SepCmaEs extends Strategy {
  sigma: number;
  readonly covariance: Float64Array;
  readonly constants: CmaConstants;
  private readonly weights: Float64Array;
  private readonly pathSigma: Float64Array;
  private readonly pathC: Float64Array;
  private readonly scale: Float32Array;
  protected override readonly residentUpdates = true;
  /** The device's float covariance, copied into `covariance` after each device tell. */
  private deviceCovariance: Float32Array | undefined;

  constructor(core: StrategyCore, settings: SepCmaEsSettings) {
    super(core);
    this.sigma = settings.sigmaInit;
    this.constants = cmaConstants(core.popsize, core.dim);
    this.weights = this.constants.weights.map((w) => Math.max(w, 0));
    this.covariance = new Float64Array(core.dim).fill(1);
    this.pathSigma = new Float64Array(core.dim);
    this.pathC = new Float64Array(core.dim);
    this.scale = new Float32Array(core.dim);
  }

  /** Clamps the diagonal covariance (as evosax does before each ask) and samples with sigma sqrt(C). */
  protected override diagonalSearch(): DiagonalSearch {
    // With the state on the device, the last tell already clamped C and set the sampling scale there.
    if (this.residentDevice()) return { sigma: this.scale, antithetic: false };
    for (let j = 0; j < this.dim; j++) {
      this.covariance[j] = Math.min(Math.max(this.covariance[j]!, 0), 1e8) + 1e-8;
      this.scale[j] = this.sigma * Math.sqrt(this.covariance[j]!);
    }
    return { sigma: this.scale, antithetic: false };
  }

  protected async update(fitness: Float64Array): Promise<void> {
    const { cc, c1, cMu, cSigma, dSigma, chiN, muEff } = this.constants;
    const shaped = weightsByRank(fitness, this.weights);
    const d = this.dim;
    const device = this.residentDevice();
    if (device) {
      await this.updateOnDevice(device, shaped);
      return;
    }
    const { first: weightedNoise, second: weightedSquares } = await this.kernels.moments(this.generation, this.dim, shaped, shaped);
    let pathNormSquared = 0;
    const sigmaRate = Math.sqrt(cSigma * (2 - cSigma) * muEff);
    for (let j = 0; j < d; j++) {
      this.mean[j]! += this.sigma * Math.sqrt(this.covariance[j]!) * weightedNoise[j]!;
      this.pathSigma[j] = (1 - cSigma) * this.pathSigma[j]! + sigmaRate * weightedNoise[j]!;
      pathNormSquared += this.pathSigma[j]! ** 2;
    }
    const pathNorm = Math.sqrt(pathNormSquared);
    this.sigma = Math.min(Math.max(this.sigma * Math.exp((cSigma / dSigma) * (pathNorm / chiN - 1)), 0), 1e8);
    const hSigma = pathNorm / Math.sqrt(1 - (1 - cSigma) ** (2 * (this.generation + 2))) < (1.4 + 2 / (d + 1)) * chiN ? 1 : 0;
    const cRate = hSigma * Math.sqrt(cc * (2 - cc) * muEff);
    const delta = (1 - hSigma) * cc * (2 - cc);
    const weightSum = shaped.reduce((sum, w) => sum + w, 0);
    for (let j = 0; j < d; j++) {
      const c = this.covariance[j]!;
      this.pathC[j] = (1 - cc) * this.pathC[j]! + cRate * Math.sqrt(c) * weightedNoise[j]!;
      this.covariance[j] = (1 + c1 * delta - c1 - cMu * weightSum) * c + c1 * this.pathC[j]! ** 2 + cMu * c * weightedSquares[j]!;
    }
  }

  /**
   * The same update with the mean, paths, C and the sampling scale resident on the device: one pass
   * for the mean and p_sigma (returning |p_sigma|^2), the host's sigma and h_sigma, then one pass for
   * p_c and C, which also clamps C and sets the next ask's scale sigma sqrt(C) as `diagonalSearch`
   * would. `covariance` and `mean` are refreshed from the device afterwards.
   */
  private async updateOnDevice(device: DevicePopulation, shaped: Float64Array): Promise<void> {
    const { cc, c1, cMu, cSigma, dSigma, chiN, muEff } = this.constants;
    const d = this.dim;
    await device.moments(this.seed, this.generation, shaped, shaped);
    const pathNormSquared = await device.step("sep_cma_paths", {
      pathSigmaDecay: 1 - cSigma,
      pathSigmaRate: Math.sqrt(cSigma * (2 - cSigma) * muEff),
    });
    const pathNorm = Math.sqrt(pathNormSquared);
    this.sigma = Math.min(Math.max(this.sigma * Math.exp((cSigma / dSigma) * (pathNorm / chiN - 1)), 0), 1e8);
    const hSigma = pathNorm / Math.sqrt(1 - (1 - cSigma) ** (2 * (this.generation + 2))) < (1.4 + 2 / (d + 1)) * chiN ? 1 : 0;
    const delta = (1 - hSigma) * cc * (2 - cc);
    const weightSum = shaped.reduce((sum, w) => sum + w, 0);
    await device.step("sep_cma_covariance", {
      pathCDecay: 1 - cc,
      pathCRate: hSigma * Math.sqrt(cc * (2 - cc) * muEff),
      covarianceDecay: 1 + c1 * delta - c1 - cMu * weightSum,
      c1,
      cMu,
      newSigma: this.sigma,
    });
    this.deviceCovariance ??= new Float32Array(d);
    await device.getVector("covariance", this.deviceCovariance);
    this.covariance.set(this.deviceCovariance);
    await device.getState(this.mean, this.scale);
  }
}
