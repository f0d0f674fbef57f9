// The fused generation (fitness computed while sampling) makes the same update as ask + evaluate +
// tell, and `maximize` negates at the boundary.
import { describe, expect, it } from "vitest";
import { createStrategy, evaluateProblem, type OpenEs } from "../../lib/es/index.js";

describe("OpenAI-ES fused generation and maximize", () => {
  it("askSphere + tell moves the mean exactly as ask + sphere + tell", async () => {
    const options = { dim: 3001, popsize: 16, seed: 8, mean: new Array(3001).fill(0.5), sigma_init: 0.2, learning_rate: 0.05, device: "cpu" as const };
    const stored = createStrategy("open_es", options) as OpenEs;
    const fused = createStrategy("open_es", options) as OpenEs;
    for (let g = 0; g < 3; g++) {
      const population = await stored.ask();
      const storedFitness = await evaluateProblem("sphere", population, 16, 3001);
      const fusedFitness = await fused.askSphere();
      for (let i = 0; i < 16; i++) expect(fusedFitness[i]! / storedFitness[i]!).toBeCloseTo(1, 5);
      await stored.tell(storedFitness);
      await fused.tell(fusedFitness);
    }
    for (let j = 0; j < 3001; j += 50) expect(fused.mean[j]).toBeCloseTo(stored.mean[j]!, 5);
    expect(fused.bestFitness).toBeCloseTo(stored.bestFitness, 3);
    expect(Number.isNaN(fused.bestSolution[0])).toBe(true); // never stored, so never recorded
    expect(stored.bestSolution.every((x) => Number.isFinite(x))).toBe(true);
  });

  it("maximize climbs the negated sphere", async () => {
    const es = createStrategy("snes", { dim: 5, popsize: 16, seed: 2, mean: [3, -3, 2, 1, -1], maximize: true, device: "cpu" });
    let metrics = { bestFitness: -Infinity };
    for (let g = 0; g < 100; g++) {
      const population = await es.ask();
      const fitness = await evaluateProblem("sphere", population, 16, 5);
      metrics = await es.tell(fitness.map((f) => -f));
    }
    expect(metrics.bestFitness).toBeLessThanOrEqual(0);
    expect(metrics.bestFitness).toBeGreaterThan(-1e-3);
  });
});
