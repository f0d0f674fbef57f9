// CUDA against the CPU for every evolution strategy, as plain functions: used by the vitest GPU suite
// and by the bundled GPU-machine runner (no node_modules there). The device draws the same
// counter-based noise, so asks agree to float rounding; both sides are told the same fitness, so
// their states differ only by the rounding of the noise sums. Each check returns its failures.
import { createStrategy, evaluateProblem, PROBLEMS, type Strategy, STRATEGY_NAMES } from "../../lib/es/index.js";
import type { ParityResult } from "./cuda-parity.js";

const DIM = 1001; // odd: a half pair at the end of each row
const POPSIZE = 16;
const GENERATIONS = 3;
const DIAGONAL = new Set(["open_es", "snes", "sep_cma_es", "pgpe", "ars", "simple_es"]);

function make(name: string, device: "cpu" | "cuda"): Strategy {
  const mean = Array.from({ length: DIM }, (_, j) => 2 * Math.sin(0.37 * j));
  return createStrategy(name, { dim: DIM, popsize: POPSIZE, seed: 7, mean, sigma_init: 0.3, device });
}

/** The largest |a - b| / max(1, |b|). */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let error = 0;
  for (let k = 0; k < b.length; k++) error = Math.max(error, Math.abs(a[k]! - b[k]!) / Math.max(1, Math.abs(b[k]!)));
  return error;
}

/** ask/tell on CUDA against the CPU, generation by generation, for one strategy. */
async function strategyParity(name: string): Promise<ParityResult> {
  const failures: string[] = [];
  const cpu = make(name, "cpu");
  const cuda = make(name, "cuda");
  try {
    for (let g = 0; g < GENERATIONS; g++) {
      const hostPopulation = await cpu.ask();
      const devicePopulation = await cuda.ask();
      const populationError = worst(devicePopulation, hostPopulation);
      if (!(populationError < 1e-3)) failures.push(`generation ${g}: population differs by ${populationError}`);
      const fitness = await evaluateProblem("rosenbrock", hostPopulation, POPSIZE, DIM);
      await cpu.tell(fitness);
      await cuda.tell(fitness);
      const meanError = worst(cuda.mean, cpu.mean);
      if (!(meanError < 1e-3)) failures.push(`generation ${g}: mean differs by ${meanError}`);
    }
    if (cuda.bestFitness !== cpu.bestFitness) failures.push(`best fitness ${cuda.bestFitness} != ${cpu.bestFitness}`);
  } finally {
    cuda.release();
  }
  return { name: `es ${name}: CUDA ask/tell equals CPU over ${GENERATIONS} generations`, failures };
}

/** askEvaluate on CUDA (population resident on the device, stored and fused) against the CPU. */
async function askEvaluateParity(name: string): Promise<ParityResult> {
  const failures: string[] = [];
  const cpu = make(name, "cpu");
  const cuda = make(name, "cuda");
  try {
    for (const [g, problem] of PROBLEMS.entries()) {
      const expected = await cpu.askEvaluate(problem);
      const fused = g % 2 === 1;
      const actual = await cuda.askEvaluate(problem, { fused });
      const error = worst(actual, expected);
      if (!(error < 1e-4)) failures.push(`${problem} (${fused ? "fused" : "stored"}): fitness differs by ${error}`);
      if (!fused) {
        const population = await cuda.downloadPopulation();
        const populationError = worst(population, cpu.population);
        if (!(populationError < 1e-3)) failures.push(`${problem}: downloaded population differs by ${populationError}`);
      }
      await cpu.tell(expected);
      await cuda.tell(expected);
      const bestError = worst(cuda.bestSolution, cpu.bestSolution);
      if (!fused && g === 0 && !(bestError < 1e-3)) failures.push(`best solution differs by ${bestError}`);
    }
  } finally {
    cuda.release();
  }
  return { name: `es ${name}: CUDA askEvaluate (device-resident, stored and fused) equals CPU`, failures };
}

export async function esCudaParity(): Promise<ParityResult[]> {
  const results: ParityResult[] = [];
  for (const name of STRATEGY_NAMES) {
    results.push(await strategyParity(name));
    if (DIAGONAL.has(name)) results.push(await askEvaluateParity(name));
  }
  return results;
}
