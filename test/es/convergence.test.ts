// Every strategy minimises sphere, Rosenbrock and Rastrigin within fixed budgets (d = 10, N = 32,
// mean drawn uniformly in [-5, 5]^10 from the seed, as `tansaku es run` does). The thresholds are
// ours: orders of magnitude below the starting fitness (sphere about 80, Rosenbrock about 1e5,
// Rastrigin about 180), with per-strategy settings where evosax's defaults suit another scale
// (OpenAI-ES, ARS and PGPE's default learning rates assume many more generations).
import { describe, expect, it } from "vitest";
import { runProblem, type ProblemName } from "../../lib/es/index.js";

type Case = { strategy: string; options?: Record<string, number>; sphere: number; rosenbrock: number; rastrigin: number };

const CASES: Case[] = [
  { strategy: "open_es", options: { learning_rate: 0.05, sigma_init: 0.5 }, sphere: 2, rosenbrock: 200, rastrigin: 100 },
  { strategy: "snes", sphere: 1e-10, rosenbrock: 20, rastrigin: 30 },
  { strategy: "xnes", sphere: 1e-6, rosenbrock: 20, rastrigin: 30 },
  { strategy: "cma_es", sphere: 1e-20, rosenbrock: 1, rastrigin: 30 },
  { strategy: "sep_cma_es", sphere: 1e-20, rosenbrock: 20, rastrigin: 30 },
  { strategy: "pgpe", options: { learning_rate: 0.5 }, sphere: 20, rosenbrock: 1e4, rastrigin: 100 },
  { strategy: "ars", options: { learning_rate: 0.1, sigma_init: 0.5 }, sphere: 2, rosenbrock: 200, rastrigin: 100 },
  { strategy: "simple_es", sphere: 1e-5, rosenbrock: 20, rastrigin: 30 },
];

describe("convergence within 500 generations (d = 10, N = 32)", () => {
  for (const c of CASES) {
    for (const problem of ["sphere", "rosenbrock", "rastrigin"] as ProblemName[]) {
      it(`${c.strategy} on ${problem}`, async () => {
        const result = await runProblem({ strategy: c.strategy, problem, dim: 10, popsize: 32, generations: 500, seed: 1, device: "cpu", options: c.options });
        expect(result.generations).toBe(500);
        expect(result.best_fitness).toBeLessThan(c[problem]);
      });
    }
  }

  it("the search makes the difference: one generation is far from these levels", async () => {
    const result = await runProblem({ strategy: "snes", problem: "sphere", dim: 10, popsize: 32, generations: 1, seed: 1, device: "cpu" });
    expect(result.best_fitness).toBeGreaterThan(10);
  });
});
