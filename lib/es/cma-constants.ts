// CMA-ES weights and learning rates in evosax's form of Hansen's tutorial (shared by CMA-ES and
// sep-CMA-ES, which evosax gives the same constants; it does not apply the (d + 2)/3 boost).
export interface CmaConstants {
  elites: number;
  /** Weights by rank (best first): positives sum to 1, negatives to -alphaMin. */
  weights: Float64Array;
  muEff: number;
  muEffMinus: number;
  cc: number;
  c1: number;
  cMu: number;
  cSigma: number;
  dSigma: number;
  chiN: number;
  alphaMin: number;
}

export function cmaConstants(popsize: number, dim: number): CmaConstants {
  const elites = Math.floor(popsize / 2);
  const raw = Float64Array.from({ length: popsize }, (_, i) => Math.log((popsize + 1) / 2) - Math.log(i + 1));
  const positive = raw.slice(0, elites);
  const negative = raw.slice(elites);
  const sum = (values: Float64Array) => values.reduce((total, w) => total + w, 0);
  const sumSquares = (values: Float64Array) => values.reduce((total, w) => total + w * w, 0);
  const muEff = sum(positive) ** 2 / sumSquares(positive);
  const muEffMinus = negative.length > 0 ? sum(negative) ** 2 / sumSquares(negative) : 0;
  const dimGuard = Math.min(dim, 46340);
  const cc = (4 + muEff / dim) / (dim + 4 + (2 * muEff) / dim);
  const c1 = 2 / ((dimGuard + 1.3) ** 2 + muEff);
  const cMu = Math.min(1 - c1 - 1e-8, (2 * (muEff + 1 / muEff - 2)) / ((dimGuard + 2) ** 2 + muEff));
  const cSigma = (muEff + 2) / (dim + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (dim + 1)) - 1) + cSigma;
  const chiN = Math.sqrt(dim) * (1 - 1 / (4 * dim) + 1 / (21 * dimGuard ** 2));
  const alphaMin = Math.min(1 + c1 / cMu, 1 + (2 * muEffMinus) / (muEff + 2), (1 - c1 - cMu) / (dim * cMu));
  const positiveSum = sum(positive);
  const negativeSum = -sum(negative);
  const weights = raw.map((w) => (w >= 0 ? w / positiveSum : negativeSum > 0 ? (alphaMin * w) / negativeSum : 0));
  return { elites, weights, muEff, muEffMinus, cc, c1, cMu, cSigma, dSigma, chiN, alphaMin };
}
