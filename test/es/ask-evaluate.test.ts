// askEvaluate: one generation's sampling and native evaluation in one call. On the CPU the stored
// form must equal ask + evaluateProblem exactly (same population, same update), and the fused form
// (population never written) must give the same fitness to float summation order, for every
// problem and every strategy that samples a diagonal Gaussian.
import { describe, expect, it } from "vitest";
import { createStrategy, evaluateProblem, PROBLEMS, type Strategy, STRATEGY_NAMES } from "../../lib/es/index.js";
import { loadNative } from "../../lib/native/index.js";
import { Random } from "../../lib/random.js";

const native = loadNative();
const DIAGONAL = ["open_es", "snes", "sep_cma_es", "pgpe", "ars", "simple_es"] as const;

function make(name: string, dim: number, popsize = 8): Strategy {
  const random = new Random(11);
  const mean = Array.from({ length: dim }, () => random.uniform(-2, 2));
  return createStrategy(name, { dim, popsize, seed: 5, mean, device: "cpu" });
}

function expectRelativelyClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]!));
    expect(Math.abs(actual[i]! - expected[i]!) / scale, `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(tolerance);
  }
}

describe("esSampleEvaluate (the fused ask) equals sample + evaluate", () => {
  // Odd and longer than two noise blocks (2048), so Rosenbrock's carry across blocks is exercised.
  const dim = 4101;
  const random = new Random(3);
  const mean = Float32Array.from({ length: dim }, () => random.uniform(-1.5, 1.5));
  const sigma = Float32Array.from({ length: dim }, () => random.uniform(0.05, 0.5));
  for (const problem of PROBLEMS) {
    for (const antithetic of [true, false]) {
      it(`${problem}, antithetic ${antithetic}`, async () => {
        const popsize = 6;
        const population = new Float32Array(popsize * dim);
        await native.esSample(mean, sigma, 9, 4, popsize, antithetic, population, "cpu");
        const stored = await evaluateProblem(problem, population, popsize, dim);
        const fused = new Float64Array(popsize);
        await native.esSampleEvaluate(problem, mean, sigma, 9, 4, popsize, antithetic, fused, "cpu");
        expectRelativelyClose(fused, stored, problem === "sphere" ? 1e-5 : 1e-12);
      });
    }
  }

  it("rejects bad arguments with the argument's name", () => {
    const out = new Float64Array(4);
    expect(() => native.esSampleEvaluate("ackley" as never, mean, sigma, 0, 0, 4, true, out, "cpu")).toThrow(/problem must be/);
    expect(() => native.esSampleEvaluate("sphere", mean, sigma, 0, 0, 3, true, new Float64Array(3), "cpu")).toThrow(/popsize must be even/);
    expect(() => native.esSampleEvaluate("sphere", mean, sigma, 0, 0, 4, true, new Float64Array(5), "cpu")).toThrow(/fitnessOut must have 4/);
    expect(() => native.esSampleEvaluate("sphere", mean, new Float32Array(7), 0, 0, 4, true, out, "cpu")).toThrow(/sigma must have 1 or 4101/);
    expect(() => native.esSampleEvaluate("sphere", mean, Float32Array.of(Number.NaN), 0, 0, 4, true, out, "cpu")).toThrow(/sigma\[0\] must be finite/);
  });
});

describe("Strategy.askEvaluate on the CPU", () => {
  for (const name of DIAGONAL) {
    it(`${name}: stored equals ask + evaluate (same update), fused equals stored`, async () => {
      const dim = 37;
      const plain = make(name, dim);
      const stored = make(name, dim);
      const fused = make(name, dim);
      for (let g = 0; g < 4; g++) {
        const problem = PROBLEMS[g % PROBLEMS.length]!;
        const population = await plain.ask();
        const expected = await evaluateProblem(problem, population, plain.popsize, dim);
        const storedFitness = await stored.askEvaluate(problem);
        expect(storedFitness).toEqual(expected);
        expect(stored.population).toEqual(population);
        const fusedFitness = await fused.askEvaluate(problem, { fused: true });
        expectRelativelyClose(fusedFitness, expected, 1e-5);
        // Tell all three the same values, so their states stay identical.
        await plain.tell(expected);
        await stored.tell(expected);
        await fused.tell(expected);
      }
      expect(stored.mean).toEqual(plain.mean);
      expect(fused.mean).toEqual(plain.mean);
      expect(stored.bestSolution).toEqual(plain.bestSolution);
      expect(Number.isNaN(fused.bestSolution[0])).toBe(true); // a fused ask never stores its candidates
      expect(fused.bestFitness).toBe(plain.bestFitness);
    });
  }

  for (const name of ["cma_es", "xnes"]) {
    it(`${name}: stored askEvaluate equals ask + evaluate; fused is refused`, async () => {
      const plain = make(name, 6);
      const stored = make(name, 6);
      const expected = await evaluateProblem("rosenbrock", await plain.ask(), 8, 6);
      expect(await stored.askEvaluate("rosenbrock")).toEqual(expected);
      await expect(make(name, 6).askEvaluate("sphere", { fused: true })).rejects.toThrow(/fused asks need a strategy that samples a diagonal Gaussian/);
    });
  }

  it("downloadPopulation returns the stored candidates and refuses after a fused ask", async () => {
    const es = make("snes", 9);
    await es.askEvaluate("sphere");
    expect(await es.downloadPopulation()).toBe(es.population);
    await es.tell(new Float64Array(8).fill(1));
    await expect(es.downloadPopulation()).rejects.toThrow(/needs an ask\(\) first/);
    await es.askEvaluate("sphere", { fused: true });
    await expect(es.downloadPopulation()).rejects.toThrow(/fused/);
  });

  it("rejects unknown problems before sampling", async () => {
    for (const name of STRATEGY_NAMES) {
      const es = make(name, 4);
      await expect(es.askEvaluate("ackley" as never)).rejects.toThrow(RangeError);
      expect(es.generation).toBe(0);
    }
  });
});
