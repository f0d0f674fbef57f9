// Bad input gives a TypeError or RangeError naming the argument, never a crash.
import { describe, expect, it } from "vitest";
import { createStrategy } from "../../lib/es/index.js";
import { loadNative } from "../../lib/native/index.js";

const native = loadNative();

describe("ES bad input", () => {
  it("rejects unknown strategies and bad options", () => {
    expect(() => createStrategy("nes9", { dim: 3, popsize: 4 })).toThrow(/strategy must be one of/);
    expect(() => createStrategy("open_es", { dim: 3, popsize: 5 })).toThrow(RangeError);
    expect(() => createStrategy("open_es", { dim: 3, popsize: 5 })).toThrow(/popsize must be even/);
    expect(() => createStrategy("snes", { dim: 3, popsize: 1 })).toThrow(/popsize/);
    expect(() => createStrategy("snes", { dim: 0, popsize: 4 })).toThrow(/dim/);
    expect(() => createStrategy("snes", { dim: 3, popsize: 4, sigma_init: -1 })).toThrow(/sigma_init/);
    expect(() => createStrategy("snes", { dim: 3, popsize: 4, mean: [1, 2] })).toThrow(/mean must have dim = 3/);
    expect(() => createStrategy("snes", { dim: 3, popsize: 4, bogus: 1 } as never)).toThrow(TypeError);
    expect(() => createStrategy("cma_es", { dim: 5000, popsize: 4 })).toThrow(/at most 2000/);
    expect(() => createStrategy("pgpe", { dim: 3, popsize: 4, antithetic: false })).toThrow(/antithetic can only be changed for open_es/);
    expect(() => createStrategy("open_es", { dim: 3, popsize: 5, antithetic: false, device: "cpu" }).popsize).not.toThrow();
  });

  it("rejects fitness of the wrong length, non-finite fitness, and tell before ask", async () => {
    const es = createStrategy("open_es", { dim: 3, popsize: 4, device: "cpu" });
    await expect(es.tell([1, 2, 3, 4])).rejects.toThrow(/ask\(\) first/);
    await es.ask();
    await expect(es.tell([1, 2, 3])).rejects.toThrow(/fitness must have popsize = 4/);
    await expect(es.tell([1, Number.NaN, 3, 4])).rejects.toThrow(/fitness\[1\] must be a finite number/);
    await expect(es.tell([1, 2, Infinity, 4])).rejects.toThrow(RangeError);
    await es.tell([1, 2, 3, 4]);
    expect(es.generation).toBe(1);
  });

  it("the addon checks lengths, parity and finiteness", async () => {
    const mean = new Float32Array(4);
    const sigma = Float32Array.of(1);
    const out = new Float32Array(16);
    expect(() => native.esSample(mean, sigma, 0, 0, 3, true, out, "cpu")).toThrow(/popsize must be even/);
    expect(() => native.esSample(mean, new Float32Array(3), 0, 0, 4, true, out, "cpu")).toThrow(/sigma must have 1 or 4/);
    expect(() => native.esSample(mean, sigma, 0, 0, 4, true, new Float32Array(15), "cpu")).toThrow(/populationOut must have 16/);
    expect(() => native.esSample(Float32Array.of(0, Number.NaN, 0, 0), sigma, 0, 0, 4, true, out, "cpu")).toThrow(/mean\[1\] must be finite/);
    expect(() => native.esSample(mean, Float32Array.of(-1), 0, 0, 4, true, out, "cpu")).toThrow(/sigma\[0\] must be >= 0/);
    expect(() => native.esSample(mean, sigma, -1, 0, 4, true, out, "cpu")).toThrow(/seed/);
    expect(() => native.esSample(mean, sigma, 0, 0, 4, true, out, "gpu" as never)).toThrow(/device must be/);
    expect(() => native.esNoiseMoments(0, 0, 2, 4, Float32Array.of(1, Infinity), null, new Float32Array(4), null, "cpu")).toThrow(/a\[1\] must be finite/);
    expect(() => native.esNoiseMoments(0, 0, 2, 4, Float32Array.of(1, 1), Float32Array.of(1, 1), new Float32Array(4), null, "cpu")).toThrow(/both/);
    expect(() => native.esEvaluate("ackley" as never, out, 4, 4, new Float64Array(4))).toThrow(/problem must be/);
    expect(() => native.esEvaluate("sphere", out, 4, 4, new Float64Array(3))).toThrow(/fitnessOut must have 4/);
    expect(() => native.esSample(new Float64Array(4) as never, sigma, 0, 0, 4, true, out, "cpu")).toThrow(TypeError);
  });
});
