// CMA-ES (evosax CMA_ES, Hansen's tutorial form with negative weights) over Float64Array: the full
// d x d covariance costs O(d^2) memory, so this is for modest d. The heavy steps are native: the
// per-ask eigendecomposition (Householder + QL, O(d^3)) and the rank-one plus rank-mu covariance
// update of tell (O(N d^2)); the noise z comes from the native counter-based RNG.
import { loadNative } from "../native/index.js";
import { cmaConstants, type CmaConstants } from "./cma-constants.js";
import { weightsByRank } from "./shaping.js";
import { Strategy, type StrategyCore } from "./strategy.js";

export interface CmaEsSettings {
  sigmaInit: number;
}

export const CMA_ES_DEFAULTS: CmaEsSettings = { sigmaInit: 1.0 };

export class CmaEs extends Strategy {
  sigma: number;
  /** Row-major d x d. */
  readonly covariance: Float64Array;
  readonly constants: CmaConstants;
  private readonly pathSigma: Float64Array;
  private readonly pathC: Float64Array;
  private readonly eigenvectors: Float64Array;
  private scales: Float64Array;
  /** y_i = B diag(D) z_i of the last ask, and |z_i|^2 (= |C^-1/2 y_i|^2). */
  private steps = new Float64Array(0);
  private noiseNorms = new Float64Array(0);

  constructor(core: StrategyCore, settings: CmaEsSettings) {
    super(core);
    const d = core.dim;
    this.sigma = settings.sigmaInit;
    this.constants = cmaConstants(core.popsize, d);
    this.covariance = new Float64Array(d * d);
    for (let i = 0; i < d; i++) this.covariance[i * d + i] = 1;
    this.pathSigma = new Float64Array(d);
    this.pathC = new Float64Array(d);
    this.eigenvectors = new Float64Array(d * d);
    this.scales = new Float64Array(d);
  }

  protected override async sample(): Promise<void> {
    const d = this.dim;
    const c = this.covariance;
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) c[i * d + j] = c[j * d + i] = 0.5 * (c[i * d + j]! + c[j * d + i]!);
      c[i * d + i] = Math.max(c[i * d + i]!, 0);
    }
    for (let k = 0; k < d * d; k++) c[k] = Math.min(c[k]!, 1e8);
    for (let i = 0; i < d; i++) c[i * d + i]! += 1e-8;
    const values = new Float64Array(d);
    await loadNative().esSymmetricEigen(c, d, values, this.eigenvectors);
    const vectors = this.eigenvectors;
    this.scales = values.map((lambda) => Math.sqrt(Math.max(lambda, 1e-8)));
    const z = await this.kernels.noise(this.generation, this.popsize, d);
    this.steps = new Float64Array(this.popsize * d);
    this.noiseNorms = new Float64Array(this.popsize);
    for (let i = 0; i < this.popsize; i++) {
      let normSquared = 0;
      for (let k = 0; k < d; k++) normSquared += z[i * d + k]! ** 2;
      this.noiseNorms[i] = normSquared;
      for (let row = 0; row < d; row++) {
        let y = 0;
        for (let k = 0; k < d; k++) y += vectors[row * d + k]! * this.scales[k]! * z[i * d + k]!;
        this.steps[i * d + row] = y;
        this.population[i * d + row] = this.mean[row]! + this.sigma * y;
      }
    }
  }

  protected async update(fitness: Float64Array): Promise<void> {
    const d = this.dim;
    const { cc, c1, cMu, cSigma, dSigma, chiN, muEff, weights } = this.constants;
    const shaped = weightsByRank(fitness, weights);
    const y = this.steps;
    const yWeighted = new Float64Array(d);
    for (let i = 0; i < this.popsize; i++) {
      const w = Math.max(shaped[i]!, 0);
      if (w > 0) for (let k = 0; k < d; k++) yWeighted[k]! += w * y[i * d + k]!;
    }
    for (let k = 0; k < d; k++) this.mean[k]! += this.sigma * yWeighted[k]!;
    // C^-1/2 y_w = B diag(1/D) B^T y_w.
    const b = this.eigenvectors;
    const rotated = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      let total = 0;
      for (let row = 0; row < d; row++) total += b[row * d + k]! * yWeighted[row]!;
      rotated[k] = total / this.scales[k]!;
    }
    const sigmaRate = Math.sqrt(cSigma * (2 - cSigma) * muEff);
    let pathNormSquared = 0;
    for (let row = 0; row < d; row++) {
      let whitened = 0;
      for (let k = 0; k < d; k++) whitened += b[row * d + k]! * rotated[k]!;
      this.pathSigma[row] = (1 - cSigma) * this.pathSigma[row]! + sigmaRate * whitened;
      pathNormSquared += this.pathSigma[row]! ** 2;
    }
    const pathNorm = Math.sqrt(pathNormSquared);
    this.sigma = Math.min(Math.max(this.sigma * Math.exp((cSigma / dSigma) * (pathNorm / chiN - 1)), 0), 1e8);
    const hSigma = pathNorm / Math.sqrt(1 - (1 - cSigma) ** (2 * (this.generation + 2))) < (1.4 + 2 / (d + 1)) * chiN ? 1 : 0;
    const cRate = hSigma * Math.sqrt(cc * (2 - cc) * muEff);
    for (let k = 0; k < d; k++) this.pathC[k] = (1 - cc) * this.pathC[k]! + cRate * yWeighted[k]!;
    const delta = (1 - hSigma) * cc * (2 - cc);
    const weightSum = shaped.reduce((sum, w) => sum + w, 0);
    const decay = 1 + c1 * delta - c1 - cMu * weightSum;
    // Negative weights are rescaled by d / |C^-1/2 y|^2 = d / |z|^2 (evosax's active CMA).
    const rankWeights = Float64Array.from(shaped, (w, n) => (w >= 0 ? w : (w * d) / Math.max(this.noiseNorms[n]!, 1e-8)));
    await loadNative().esCovarianceUpdate(this.covariance, d, decay, c1, this.pathC, cMu, rankWeights, y, this.popsize);
  }
}
