// CUDA parity of the ES kernels and of every strategy with the CPU (same counter-based noise),
// including the device-resident population. Skipped, visibly, without a CUDA device.
import { describe, expect, it } from "vitest";
import { createStrategy, evaluateProblem, type OpenEs } from "../../lib/es/index.js";
import { cudaAvailable, gpuInfo, loadNative } from "../../lib/native/index.js";
import { esCudaParity } from "./es-parity.js";

const available = cudaAvailable();
if (!available) console.warn(`ES GPU tests skipped: ${gpuInfo().error ?? "no CUDA device"}`);

describe.skipIf(!available)("CUDA evolution strategies (needs a GPU)", () => {
  const native = loadNative();
  const dim = 5003;
  const mean = Float32Array.from({ length: dim }, (_, j) => Math.sin(j));
  const sigma = Float32Array.from({ length: dim }, (_, j) => 0.1 + 0.01 * (j % 7));

  it("samples the same population as the CPU", async () => {
    const cpu = new Float32Array(16 * dim);
    const gpu = new Float32Array(16 * dim);
    await native.esSample(mean, sigma, 5, 2, 16, true, cpu, "cpu");
    await native.esSample(mean, sigma, 5, 2, 16, true, gpu, "cuda");
    let error = 0;
    for (let k = 0; k < cpu.length; k++) error = Math.max(error, Math.abs(cpu[k]! - gpu[k]!));
    expect(error).toBeLessThan(1e-4);
  });

  it("computes the same moments and fused sphere as the CPU", async () => {
    const a = Float32Array.from({ length: 8 }, (_, r) => Math.cos(r));
    const cpu = new Float32Array(dim);
    const gpu = new Float32Array(dim);
    await native.esNoiseMoments(5, 2, 8, dim, a, null, cpu, null, "cpu");
    await native.esNoiseMoments(5, 2, 8, dim, a, null, gpu, null, "cuda");
    for (let j = 0; j < dim; j += 11) expect(gpu[j]).toBeCloseTo(cpu[j]!, 3);
    const fitnessCpu = new Float64Array(16);
    const fitnessGpu = new Float64Array(16);
    await native.esSampleSphere(mean, sigma, 5, 2, 16, true, fitnessCpu, "cpu");
    await native.esSampleSphere(mean, sigma, 5, 2, 16, true, fitnessGpu, "cuda");
    for (let i = 0; i < 16; i++) expect(fitnessGpu[i]! / fitnessCpu[i]!).toBeCloseTo(1, 4);
  });

  it("every strategy's ask/tell and askEvaluate (device-resident, stored and fused) match the CPU", async () => {
    const results = await esCudaParity();
    expect(results.length).toBeGreaterThanOrEqual(14);
    for (const result of results) expect(result.failures, result.name).toEqual([]);
  }, 120_000);

  it("the fused ask matches sample + evaluate for every problem", async () => {
    for (const problem of ["sphere", "rosenbrock", "rastrigin"] as const) {
      const population = new Float32Array(16 * dim);
      await native.esSample(mean, sigma, 5, 2, 16, true, population, "cpu");
      const expected = await evaluateProblem(problem, population, 16, dim);
      const fused = new Float64Array(16);
      await native.esSampleEvaluate(problem, mean, sigma, 5, 2, 16, true, fused, "cuda");
      for (let i = 0; i < 16; i++) expect(fused[i]! / expected[i]!).toBeCloseTo(1, 4);
    }
  });

  it("release() frees the device state and ends the strategy", async () => {
    const es = createStrategy("snes", { dim: 100, popsize: 8, seed: 2, device: "cuda" });
    await es.tell(await es.askEvaluate("sphere"));
    es.release();
    await expect(es.askEvaluate("sphere")).rejects.toThrow(/released/);
  });

  it("runs OpenAI-ES on the device to the same result as on the CPU", async () => {
    const run = async (device: "cpu" | "cuda") => {
      const es = createStrategy("open_es", { dim: 20, popsize: 64, seed: 1, mean: new Array(20).fill(3), sigma_init: 0.3, learning_rate: 0.1, device }) as OpenEs;
      for (let g = 0; g < 50; g++) await es.tell(await evaluateProblem("sphere", await es.ask(), 64, 20));
      return es.bestFitness;
    };
    const [cpu, gpu] = [await run("cpu"), await run("cuda")];
    expect(gpu).toBeLessThan(180 / 10);
    expect(Math.abs(gpu - cpu) / cpu).toBeLessThan(0.05);
  });
});
