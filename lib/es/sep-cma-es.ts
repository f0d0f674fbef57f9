// sep-CMA-ES (evosax Sep_CMA_ES): CMA-ES with a diagonal covariance, the full-CMA constants and
// negative weights set to 0. With D = sqrt(C), x = m + sigma D (.) z, so every sum the update needs,
// y_w = D (.) sum w z and sum w y^2 = C (.) sum w z^2, comes from one native pass over the
// regenerated noise; memory and time are O(N d).
import { cmaConstants, type CmaConstants } from "./cma-constants.js";
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
    for (let j = 0; j < this.dim; j++) {
      this.covariance[j] = Math.min(Math.max(this.covariance[j]!, 0), 1e8) + 1e-8;
      this.scale[j] = this.sigma * Math.sqrt(this.covariance[j]!);
    }
    return { sigma: this.scale, antithetic: false };
  }

  protected async update(fitness: Float64Array): Promise<void> {
    const { cc, c1, cMu, cSigma, dSigma, chiN, muEff } = this.constants;
    const shaped = weightsByRank(fitness, this.weights);
    const { first: weightedNoise, second: weightedSquares } = await this.kernels.moments(this.generation, this.dim, shaped, shaped);
    const d = this.dim;
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
}
