// The bad input, for every strategy: an unknown strategy, popsize below the strategy's
// minimum, mismatched vector lengths, non-finite values. Each is a TypeError or RangeError naming
// the argument, never a crash, and a rejected call leaves the strategy usable.
import { describe, expect, it } from "vitest";
import { createStrategy, MAX_FULL_COVARIANCE_DIM, MIN_POPSIZE, STRATEGY_NAMES } from "../../lib/es/index.js";

const ANTITHETIC = new Set(["open_es", "pgpe", "ars"]);

describe("bad input, strategy by strategy", () => {
  it("an unknown strategy is a RangeError listing the known ones", () => {
    for (const name of ["", "openes", "CMA_ES", "nes"]) {
      expect(() => createStrategy(name, { dim: 3, popsize: 4 })).toThrow(RangeError);
      expect(() => createStrategy(name, { dim: 3, popsize: 4 })).toThrow(/strategy must be one of open_es, snes, xnes/);
    }
  });

  for (const name of STRATEGY_NAMES) {
    describe(name, () => {
      it("popsize below the minimum (and odd popsize for antithetic sampling)", () => {
        const minimum = MIN_POPSIZE[name].popsize;
        for (const popsize of [0, minimum - 1]) {
          expect(() => createStrategy(name, { dim: 3, popsize, device: "cpu" })).toThrow(RangeError);
          expect(() => createStrategy(name, { dim: 3, popsize, device: "cpu" })).toThrow(new RegExp(`popsize must be at least ${minimum} for ${name}`));
        }
        expect(() => createStrategy(name, { dim: 3, popsize: 2.5, device: "cpu" })).toThrow(/popsize/);
        expect(createStrategy(name, { dim: 3, popsize: minimum, device: "cpu" }).popsize).toBe(minimum);
        if (ANTITHETIC.has(name)) expect(() => createStrategy(name, { dim: 3, popsize: 7, device: "cpu" })).toThrow(/popsize must be even/);
        else expect(createStrategy(name, { dim: 3, popsize: 7, device: "cpu" }).popsize).toBe(7);
      });

      it("a mean of the wrong length or with non-finite values", () => {
        expect(() => createStrategy(name, { dim: 3, popsize: 4, mean: [1, 2] })).toThrow(/mean must have dim = 3 values, got 2/);
        expect(() => createStrategy(name, { dim: 3, popsize: 4, mean: new Float32Array(4) })).toThrow(/mean must have dim = 3/);
        expect(() => createStrategy(name, { dim: 3, popsize: 4, mean: Float32Array.of(0, Number.NaN, 0) })).toThrow(/mean\[1\] must be finite/);
        expect(() => createStrategy(name, { dim: 3, popsize: 4, mean: [0, 0, Infinity] })).toThrow(RangeError);
      });

      it("fitness of the wrong length, non-finite or not numbers; tell before ask", async () => {
        const es = createStrategy(name, { dim: 3, popsize: 4, seed: 1, device: "cpu" });
        await expect(es.tell([1, 2, 3, 4])).rejects.toThrow(/tell\(\) needs an ask\(\) first/);
        await es.ask();
        await expect(es.tell([1, 2, 3])).rejects.toThrow(/fitness must have popsize = 4 values, got 3/);
        await expect(es.tell(new Float64Array(5))).rejects.toThrow(/fitness must have popsize = 4/);
        await expect(es.tell([1, Number.NaN, 3, 4])).rejects.toThrow(/fitness\[1\] must be a finite number, got NaN/);
        await expect(es.tell([1, 2, Infinity, 4])).rejects.toThrow(/fitness\[2\] must be a finite number/);
        await expect(es.tell(Float64Array.of(1, 2, 3, -Infinity))).rejects.toThrow(/fitness\[3\]/);
        await expect(es.tell([1, 2, "3", 4] as never)).rejects.toThrow(/fitness\[2\] must be a finite number/);
        await expect(es.tell(null as never)).rejects.toThrow(TypeError);
        // The rejected calls changed nothing: the same generation is still waiting for its fitness.
        expect(es.generation).toBe(0);
        expect(es.bestFitness).toBe(Infinity);
        const metrics = await es.tell([4, 3, 2, 1]);
        expect(metrics.generation).toBe(1);
        expect(metrics.bestFitness).toBe(1);
        expect(es.mean.every(Number.isFinite)).toBe(true);
      });

      it("an unknown problem or bad options for askEvaluate", async () => {
        const es = createStrategy(name, { dim: 3, popsize: 4, device: "cpu" });
        await expect(es.askEvaluate("ackley" as never)).rejects.toThrow(/problem must be one of sphere, rosenbrock, rastrigin/);
        await expect(es.askEvaluate("sphere", { fused: "yes" as never })).rejects.toThrow(/options.fused must be a boolean/);
        expect(es.generation).toBe(0);
      });
    });
  }

  it("cma_es and xnes beyond the full-covariance limit: a RangeError naming dim and why", () => {
    for (const name of ["cma_es", "xnes"]) {
      const call = () => createStrategy(name, { dim: MAX_FULL_COVARIANCE_DIM + 1, popsize: 8 });
      expect(call).toThrow(RangeError);
      expect(call).toThrow(new RegExp(`dim must be at most ${MAX_FULL_COVARIANCE_DIM} for ${name}, got ${MAX_FULL_COVARIANCE_DIM + 1}: .*d x d.*sep_cma_es or snes`));
    }
    expect(createStrategy("sep_cma_es", { dim: MAX_FULL_COVARIANCE_DIM + 1, popsize: 8, device: "cpu" }).dim).toBe(MAX_FULL_COVARIANCE_DIM + 1);
  });
});
