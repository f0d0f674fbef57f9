// CUDA against the TypeScript reference, as plain functions: used by the vitest GPU suite and by the
// bundled GPU-machine runner (which has no node_modules). Each returns a list of failures.
import { packingEnergy, referenceEnergy, referenceValidate, validatePackings } from "../../lib/circles/index.js";
import { randomPackings, relativeError } from "../helpers.js";

export interface ParityResult {
  name: string;
  failures: string[];
}

const CASES = [
  { n: 1, batch: 5 },
  { n: 2, batch: 33 },
  { n: 26, batch: 4096 },
  { n: 100, batch: 17 },
];

export async function cudaValidationParity(): Promise<ParityResult[]> {
  const results: ParityResult[] = [];
  for (const { n, batch } of CASES) {
    for (const tolerance of [0, 1e-6]) {
      const failures: string[] = [];
      const { centers, radii } = randomPackings(batch, n, 50 + n, { radius: n <= 2 ? 0.2 : 0.6 / Math.sqrt(n) });
      const cuda = await validatePackings(centers, radii, n, { tolerance, device: "cuda" });
      for (let b = 0; b < batch && failures.length < 5; b++) {
        const ref = referenceValidate(centers, radii, n, b, 1, 1, tolerance);
        if (cuda.sumRadii[b] !== ref.sumRadii) failures.push(`packing ${b}: sum ${cuda.sumRadii[b]} != ${ref.sumRadii}`);
        if (cuda.maxViolation[b] !== ref.maxViolation) {
          failures.push(`packing ${b}: max violation ${cuda.maxViolation[b]} != ${ref.maxViolation}`);
        }
        if ((cuda.valid[b] === 1) !== ref.valid) failures.push(`packing ${b}: valid ${cuda.valid[b]} != ${ref.valid}`);
      }
      results.push({ name: `validate n=${n} batch=${batch} tolerance=${tolerance}`, failures });
    }
  }
  return results;
}

export async function cudaEnergyParity(): Promise<ParityResult[]> {
  const results: ParityResult[] = [];
  for (const { n, batch } of CASES) {
    for (const precision of ["float64", "float32"] as const) {
      const failures: string[] = [];
      const packings = randomPackings(batch, n, 70 + n, { radius: 0.8 / Math.sqrt(n) });
      const weight = 25;
      const gc = new Float64Array(packings.centers.length);
      const gr = new Float64Array(packings.radii.length);
      const [centers, radii] =
        precision === "float64"
          ? [packings.centers, packings.radii]
          : [Float32Array.from(packings.centers), Float32Array.from(packings.radii)];
      const cuda = await packingEnergy(centers, radii, n, { weight, device: "cuda" });
      const tolerance = precision === "float64" ? 1e-11 : 1e-4 * Math.max(1, n / 10);
      for (let b = 0; b < batch && failures.length < 5; b++) {
        const e = referenceEnergy(centers, radii, n, b, 1, 1, weight, gc, gr);
        if (!(relativeError(cuda.energy[b]!, e) <= tolerance)) failures.push(`packing ${b}: energy ${cuda.energy[b]} vs ${e}`);
        for (let k = 0; k < 2 * n; k++) {
          const index = 2 * n * b + k;
          if (!(Math.abs(cuda.gradCenters![index]! - gc[index]!) <= tolerance * weight)) {
            failures.push(`packing ${b}: grad centre ${k} ${cuda.gradCenters![index]} vs ${gc[index]}`);
            break;
          }
        }
        for (let i = 0; i < n; i++) {
          const index = n * b + i;
          if (!(Math.abs(cuda.gradRadii![index]! - gr[index]!) <= tolerance * weight)) {
            failures.push(`packing ${b}: grad radius ${i} ${cuda.gradRadii![index]} vs ${gr[index]}`);
            break;
          }
        }
      }
      results.push({ name: `energy ${precision} n=${n} batch=${batch}`, failures });
    }
  }
  return results;
}
