// One tell() of every strategy against the spec's update formulas, computed in plain TypeScript
// from the population that ask() returned (so the native noise path is checked end to end).
import { describe, expect, it } from "vitest";
import {
  type CmaEs,
  cmaConstants,
  centeredRanks,
  createStrategy,
  type OpenEs,
  type Pgpe,
  type SepCmaEs,
  type SimpleEs,
  type Snes,
  utilityWeights,
  type Xnes,
  xnesLearningRate,
  snesSigmaLearningRate,
} from "../../lib/es/index.js";
import { Random } from "../../lib/random.js";
import { byRank, directions, expectClose, weightedSum } from "./reference.js";

const dim = 5;
const popsize = 8;
function setup(seed: number) {
  const random = new Random(seed);
  const mean = Array.from({ length: dim }, () => random.uniform(-2, 2));
  const fitness = Float64Array.from({ length: popsize }, () => random.uniform(0, 10));
  return { mean, fitness };
}

describe("one update of each strategy equals the spec's formulas", () => {
  it("open_es: m <- m - lr sum f~ z / (N sigma) with centred ranks, antithetic population", async () => {
    const { mean, fitness } = setup(1);
    const es = createStrategy("open_es", { dim, popsize, seed: 3, mean, sigma_init: 0.5, learning_rate: 0.1, device: "cpu" }) as OpenEs;
    const population = await es.ask();
    const z = directions(population, mean, [0.5], popsize);
    for (let i = 0; i < popsize / 2; i++) expectClose(z[i]!, z[i + popsize / 2]!.map((v) => -v), 1e-5);
    const gradient = weightedSum(centeredRanks(fitness), z).map((g) => g / (popsize * 0.5));
    await es.tell(fitness);
    expectClose(es.mean, mean.map((m, j) => m - 0.1 * gradient[j]!));
    expect(es.sigma[0]).toBe(0.5);
  });

  it("open_es with Adam: the first step is lr * sign(gradient)", async () => {
    const { mean, fitness } = setup(2);
    const es = createStrategy("open_es", { dim, popsize, seed: 4, mean, learning_rate: 0.01, optimizer: "adam", device: "cpu" }) as OpenEs;
    const z = directions(await es.ask(), mean, [1], popsize);
    const gradient = weightedSum(centeredRanks(fitness), z);
    await es.tell(fitness);
    expectClose(es.mean, mean.map((m, j) => m - 0.01 * Math.sign(gradient[j]!)), 1e-5);
  });

  it("constant fitness leaves the mean of rank-based strategies unchanged", async () => {
    const { mean } = setup(3);
    for (const name of ["open_es", "pgpe"]) {
      const es = createStrategy(name, { dim, popsize, seed: 5, mean, device: "cpu" });
      await es.ask();
      await es.tell(new Float64Array(popsize).fill(2));
      expectClose(es.mean, mean, 1e-6);
    }
  });

  it("snes: utility weights, m += lr sigma sum f~ z, sigma *= exp(eta/2 sum f~ (z^2 - 1))", async () => {
    const { mean, fitness } = setup(4);
    const es = createStrategy("snes", { dim, popsize, seed: 6, mean, sigma_init: 0.7, device: "cpu" }) as Snes;
    const sigma = Array.from(es.sigma);
    const z = directions(await es.ask(), mean, sigma, popsize);
    const w = byRank(fitness, utilityWeights(popsize));
    const eta = snesSigmaLearningRate(dim);
    await es.tell(fitness);
    const step = weightedSum(w, z);
    expectClose(es.mean, mean.map((m, j) => m + sigma[j]! * step[j]!));
    const spread = weightedSum(w, z.map((row) => row.map((v) => v * v - 1)));
    expectClose(es.sigma, sigma.map((s, j) => s * Math.exp(0.5 * eta * spread[j]!)));
  });

  it("simple_es: elite mean and blended spread", async () => {
    const { mean, fitness } = setup(5);
    const es = createStrategy("simple_es", { dim, popsize, seed: 7, mean, device: "cpu" }) as SimpleEs;
    const population = await es.ask();
    const order = Array.from(fitness.keys()).sort((a, b) => fitness[a]! - fitness[b]!).slice(0, popsize / 2);
    const rows = order.map((i) => Array.from(population.subarray(i * dim, (i + 1) * dim)));
    await es.tell(fitness);
    expectClose(es.mean, mean.map((_, j) => rows.reduce((s, x) => s + x[j]!, 0) / rows.length));
    const spread = mean.map((m, j) => Math.sqrt(rows.reduce((s, x) => s + (x[j]! - m) ** 2, 0) / rows.length));
    expectClose(es.sigma, spread.map((s) => 0.9 + 0.1 * s));
  });

  it("pgpe: ClipUp's first step has length lr along -grad_m; sigma steps clipped to 20%", async () => {
    const { mean, fitness } = setup(6);
    const es = createStrategy("pgpe", { dim, popsize, seed: 8, mean, device: "cpu" }) as Pgpe;
    const z = directions(await es.ask(), mean, [1], popsize);
    const f = centeredRanks(fitness);
    const half = popsize / 2;
    const baseline = f.reduce((a, b) => a + b, 0) / popsize;
    const gradMean = weightedSum(Array.from({ length: half }, (_, j) => (f[j]! - f[j + half]!) / popsize), z.slice(0, half));
    const gradSigma = weightedSum(
      Array.from({ length: half }, (_, j) => (f[j]! + f[j + half]! - 2 * baseline) / popsize),
      z.slice(0, half).map((row) => row.map((v) => v * v - 1)),
    );
    await es.tell(fitness);
    const norm = Math.hypot(...gradMean);
    expectClose(es.mean, mean.map((m, j) => m - 0.01 * (gradMean[j]! / norm)));
    expectClose(es.sigma, gradSigma.map((g) => Math.min(Math.max(1 - 0.1 * g, 0.8), 1.2)));
  });

  it("ars: only the best pairs count, scaled by their spread (Adam's first step is lr * sign)", async () => {
    const { mean, fitness } = setup(7);
    const es = createStrategy("ars", { dim, popsize, seed: 9, mean, learning_rate: 0.05, device: "cpu" });
    const z = directions(await es.ask(), mean, [1], popsize);
    const half = popsize / 2;
    const elite = Array.from({ length: half }, (_, j) => j)
      .sort((a, b) => Math.min(fitness[a]!, fitness[a + half]!) - Math.min(fitness[b]!, fitness[b + half]!))
      .slice(0, 2);
    const gradient = weightedSum(elite.map((j) => fitness[j]! - fitness[j + half]!), elite.map((j) => z[j]!));
    await es.tell(fitness);
    expectClose(es.mean, mean.map((m, j) => m - 0.05 * Math.sign(gradient[j]!)), 1e-5);
  });

  it("sep_cma_es: mean, paths, sigma and diagonal covariance", async () => {
    const { mean, fitness } = setup(8);
    const es = createStrategy("sep_cma_es", { dim, popsize, seed: 10, mean, sigma_init: 0.8, device: "cpu" }) as SepCmaEs;
    const c = cmaConstants(popsize, dim);
    const y = directions(await es.ask(), mean, [0.8], popsize); // D = sqrt(1 + 1e-8)
    const w = byRank(fitness, c.weights.map((v) => Math.max(v, 0)));
    const yw = weightedSum(w, y);
    await es.tell(fitness);
    expectClose(es.mean, mean.map((m, j) => m + 0.8 * yw[j]!));
    const ps = yw.map((v) => Math.sqrt(c.cSigma * (2 - c.cSigma) * c.muEff) * v);
    const psNorm = Math.hypot(...ps);
    expect(es.sigma).toBeCloseTo(0.8 * Math.exp((c.cSigma / c.dSigma) * (psNorm / c.chiN - 1)), 5);
    const h = psNorm / Math.sqrt(1 - (1 - c.cSigma) ** 4) < (1.4 + 2 / (dim + 1)) * c.chiN ? 1 : 0;
    const pc = yw.map((v) => h * Math.sqrt(c.cc * (2 - c.cc) * c.muEff) * v);
    const delta = (1 - h) * c.cc * (2 - c.cc);
    const rankMu = weightedSum(w, y.map((row) => row.map((v) => v * v)));
    const expected = pc.map((p, j) => (1 + c.c1 * delta - c.c1 - c.cMu) * 1 + c.c1 * p * p + c.cMu * rankMu[j]!);
    expectClose(es.covariance, expected, 1e-4);
  });

  it("cma_es: mean, sigma and full covariance with negative weights", async () => {
    const { mean, fitness } = setup(9);
    const es = createStrategy("cma_es", { dim, popsize, seed: 11, mean, sigma_init: 0.6, device: "cpu" }) as CmaEs;
    const c = cmaConstants(popsize, dim);
    const y = directions(await es.ask(), mean, [0.6], popsize); // C = I, so y = z
    const w = byRank(fitness, c.weights);
    const yw = weightedSum(w.map((v) => Math.max(v, 0)), y);
    await es.tell(fitness);
    expectClose(es.mean, mean.map((m, j) => m + 0.6 * yw[j]!));
    const ps = yw.map((v) => Math.sqrt(c.cSigma * (2 - c.cSigma) * c.muEff) * v);
    const psNorm = Math.hypot(...ps);
    expect(es.sigma).toBeCloseTo(0.6 * Math.exp((c.cSigma / c.dSigma) * (psNorm / c.chiN - 1)), 5);
    const h = psNorm / Math.sqrt(1 - (1 - c.cSigma) ** 4) < (1.4 + 2 / (dim + 1)) * c.chiN ? 1 : 0;
    const pc = yw.map((v) => h * Math.sqrt(c.cc * (2 - c.cc) * c.muEff) * v);
    const delta = (1 - h) * c.cc * (2 - c.cc);
    const wSum = w.reduce((a, b) => a + b, 0);
    const wo = w.map((v, i) => (v >= 0 ? v : (v * dim) / Math.max(y[i]!.reduce((s, x) => s + x * x, 0), 1e-8)));
    for (let a = 0; a < dim; a++) {
      for (let b = 0; b < dim; b++) {
        let expected = (1 + c.c1 * delta - c.c1 - c.cMu * wSum) * (a === b ? 1 : 0) + c.c1 * pc[a]! * pc[b]!;
        for (let i = 0; i < popsize; i++) expected += c.cMu * wo[i]! * y[i]![a]! * y[i]![b]!;
        expect(es.covariance[a * dim + b], `C[${a}][${b}]`).toBeCloseTo(expected, 4);
      }
    }
  });

  it("xnes: mean, sigma and element-wise shape update", async () => {
    const { mean, fitness } = setup(10);
    const es = createStrategy("xnes", { dim, popsize, seed: 12, mean, sigma_init: 0.9, device: "cpu" }) as Xnes;
    const z = directions(await es.ask(), mean, [0.9 * 0.9], popsize); // sigma * B with B = sigma_init I
    const w = byRank(fitness, utilityWeights(popsize));
    const eta = xnesLearningRate(dim);
    await es.tell(fitness);
    const step = weightedSum(w, z);
    expectClose(es.mean, mean.map((m, j) => m + 0.9 * 0.9 * step[j]!));
    const wSum = w.reduce((a, b) => a + b, 0);
    const g = (a: number, b: number) => z.reduce((s, row, i) => s + w[i]! * row[a]! * row[b]!, 0) - (a === b ? wSum : 0);
    let trace = 0;
    for (let a = 0; a < dim; a++) trace += g(a, a);
    expect(es.sigma).toBeCloseTo(0.9 * Math.exp(0.5 * eta * (trace / dim)), 6);
    for (let a = 0; a < dim; a++) {
      for (let b = 0; b < dim; b++) {
        const expected = (a === b ? 0.9 : 0) * Math.exp(0.5 * eta * (g(a, b) - (a === b ? trace / dim : 0)));
        expect(es.shape[a * dim + b], `B[${a}][${b}]`).toBeCloseTo(expected, 6);
      }
    }
  });
});
