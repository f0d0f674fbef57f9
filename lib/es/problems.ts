// The benchmark problems of `tansaku es run` (minimisation, minimum 0), evaluated natively over a
// whole population, with a plain TypeScript reference for tests.
import { loadNative } from "../native/index.js";

export const PROBLEMS = ["sphere", "rosenbrock", "rastrigin"] as const;
export type ProblemName = (typeof PROBLEMS)[number];

/** fitness[i] for each of the popsize rows of population (popsize x dim). */
export async function evaluateProblem(problem: ProblemName, population: Float32Array, popsize: number, dim: number): Promise<Float64Array> {
  const fitness = new Float64Array(popsize);
  await loadNative().esEvaluate(problem, population, popsize, dim, fitness);
  return fitness;
}

/** The same function on one candidate, in TypeScript. */
export function problemValue(problem: ProblemName, x: ArrayLike<number>): number {
  let total = 0;
  const d = x.length;
  if (problem === "sphere") for (let j = 0; j < d; j++) total += x[j]! * x[j]!;
  if (problem === "rosenbrock") for (let j = 0; j + 1 < d; j++) total += 100 * (x[j + 1]! - x[j]! * x[j]!) ** 2 + (1 - x[j]!) ** 2;
  if (problem === "rastrigin") {
    total = 10 * d;
    for (let j = 0; j < d; j++) total += x[j]! * x[j]! - 10 * Math.cos(2 * Math.PI * x[j]!);
  }
  return total;
}
