// The fast M2N2 step (native/addon/merge_step_addon.cc): one-model sparse scoring against the
// batched kernel and the double-precision reference, the fused merge + mutation + scoring against
// the separate calls, the counter-based normals, the native competition sums against
// lib/merge/competition.ts, and the argument checks.
import { describe, expect, it } from "vitest";
import { Archive } from "../../lib/merge/archive.js";
import { attraction, sharedFitness } from "../../lib/merge/competition.js";
import { loadDigits } from "../../lib/merge/digits.js";
import { digitsTask } from "../../lib/merge/digits-task.js";
import { runM2n2 } from "../../lib/merge/m2n2.js";
import { DIGITS_MLP, type MlpShape, mlpParamCount } from "../../lib/merge/mlp-shape.js";
import {
  competitionAttraction,
  competitionFitness,
  counterNormals,
  createMlpDataset,
  evaluateMlpsSync,
  mergeBatchSync,
  mergeMutateScoreSync,
  scoreMlpSync,
} from "../../lib/merge/native.js";
import { firstArgmax, mlpLogitsReference } from "../../lib/merge/reference.js";
import { cudaAvailable, loadNative } from "../../lib/native/index.js";
import { Random } from "../../lib/random.js";

function gaussian(n: number, random: Random, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * random.normal();
  return out;
}

describe("one-model sparse scoring", () => {
  const { train } = loadDigits();
  const shapes: MlpShape[] = [DIGITS_MLP, { inputs: 64, hidden: 40, outputs: 10 }, { inputs: 64, hidden: 128, outputs: 17 }];
  for (const shape of shapes) {
    it(`agrees with the batched kernel and the double reference (${shape.inputs}-${shape.hidden}-${shape.outputs})`, () => {
      const random = new Random(3);
      const labels = Int32Array.from(train.labels, (label) => label % shape.outputs);
      const dataset = createMlpDataset(train.x, labels, shape.inputs, shape.outputs);
      expect(dataset.samples).toBe(train.samples);
      expect(dataset.nonzeros).toBe(train.x.filter((v) => v !== 0).length);
      for (let model = 0; model < 3; model++) {
        const params = gaussian(mlpParamCount(shape), random, 0.05);
        const fast = new Float32Array(train.samples);
        scoreMlpSync(params, shape.hidden, dataset, fast);
        const batched = new Uint8Array(train.samples);
        evaluateMlpsSync(params, 1, shape, train.x, labels, batched);
        const logits = mlpLogitsReference(params, shape, train.x, train.samples);
        let disagreeBatched = 0;
        let disagreeReference = 0;
        for (let j = 0; j < train.samples; j++) {
          if (fast[j] !== batched[j]) disagreeBatched++;
          if (fast[j] !== (firstArgmax(logits, j, shape.outputs) === labels[j] ? 1 : 0)) disagreeReference++;
        }
        // Float32 sums in another order can flip a near-tie; more than one flip would be a bug.
        expect(disagreeBatched).toBeLessThanOrEqual(1);
        expect(disagreeReference).toBeLessThanOrEqual(1);
        expect(fast.reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
      }
    });
  }

  it("a hand-built model classifies by its biases, first index on ties", () => {
    const shape = { inputs: 2, hidden: 64, outputs: 3 };
    const x = Float32Array.from([0, 0, 1, 2, 3, 0]);
    const dataset = createMlpDataset(x, Int32Array.from([1, 0, 2]), 2, 3);
    const params = new Float32Array(mlpParamCount(shape));
    const b2 = params.length - 3;
    params.set([0.5, 2, 2], b2); // outputs 1 and 2 tie: the first (1) wins
    const scores = new Float32Array(3);
    scoreMlpSync(params, shape.hidden, dataset, scores);
    expect(Array.from(scores)).toEqual([1, 0, 0]);
  });
});

describe("fused merge, mutation and scoring", () => {
  const task = digitsTask();
  const random = new Random(11);
  const parents = gaussian(3 * task.dim, random, 0.05);

  it("with sigma 0 gives the merge of mergeBatchSync and the scores of the child", () => {
    for (const [interp, omega] of [["slerp", "global"], ["linear", "global"], ["slerp", "per-segment"]] as const) {
      const child = new Float32Array(task.dim);
      const scores = new Float32Array(task.samples);
      task.mergeMutateScore(parents, { a: 2, b: 0, split: 7000, w: 0.3, interp, omega, sigma: 0, seed: 1 }, child, scores);
      const merged = new Float32Array(task.dim);
      mergeBatchSync(parents, task.dim, { pairA: Int32Array.of(2), pairB: Int32Array.of(0), split: Int32Array.of(7000), w: Float32Array.of(0.3) }, interp, omega, merged);
      for (let i = 0; i < task.dim; i++) expect(child[i]).toBeCloseTo(merged[i]!, 6);
      const alone = new Float32Array(task.samples);
      task.score(child, alone);
      expect(Array.from(scores)).toEqual(Array.from(alone));
    }
  });

  it("adds sigma times the counter-based normals of the seed", () => {
    const child = new Float32Array(task.dim);
    const scores = new Float32Array(task.samples);
    const seed = 2 ** 40 + 12345;
    task.mergeMutateScore(parents, { a: 0, b: 1, split: 19000, w: 0.8, interp: "slerp", omega: "global", sigma: 0.01, seed }, child, scores);
    const merged = new Float32Array(task.dim);
    task.mergeMutateScore(parents, { a: 0, b: 1, split: 19000, w: 0.8, interp: "slerp", omega: "global", sigma: 0, seed }, merged, scores);
    const noise = new Float32Array(task.dim);
    counterNormals(seed, 0, noise);
    for (let i = 0; i < task.dim; i += 7) expect(child[i]! - merged[i]!).toBeCloseTo(0.01 * noise[i]!, 6);
  });

  it("rejects mismatched lengths, bad indices, non-finite parents and foreign handles", () => {
    const child = new Float32Array(task.dim);
    const scores = new Float32Array(task.samples);
    const dataset = createMlpDataset(task.train.x, task.train.labels, 64, 10);
    const call = (over: Partial<{ parents: Float32Array; dim: number; a: number; hidden: number; dataset: unknown; child: Float32Array; scores: Float32Array; w: number }>) => () =>
      mergeMutateScoreSync(
        over.parents ?? parents,
        over.dim ?? task.dim,
        { a: over.a ?? 0, b: 1, split: 5, w: over.w ?? 0.5, interp: "slerp", omega: "global", sigma: 0.01, seed: 3 },
        over.hidden ?? 256,
        (over.dataset ?? dataset) as typeof dataset,
        over.child ?? child,
        over.scores ?? scores,
      );
    expect(call({})).not.toThrow();
    expect(call({ child: new Float32Array(task.dim - 1) })).toThrow(/childOut must have 19210 elements/);
    expect(call({ scores: new Float32Array(10) })).toThrow(/scoresOut must have 1437 elements/);
    expect(call({ hidden: 255 })).toThrow(/does not match the MLP/);
    expect(call({ dim: 19211 })).toThrow(/multiple of dim/);
    expect(call({ a: 3 })).toThrow(/a must be an integer in \[0, 2\]/);
    expect(call({ w: 1.5 })).toThrow(/w must be in \[0, 1\]/);
    expect(call({ dataset: { samples: 1 } })).toThrow(TypeError);
    const poisoned = parents.slice();
    poisoned[task.dim + 17] = Number.NaN;
    expect(call({ parents: poisoned })).toThrow(/parents row 1 element 17 must be finite/);
    expect(() => createMlpDataset(task.train.x, task.train.labels, 63, 10)).toThrow(/x must have/);
    expect(() => createMlpDataset(Float32Array.of(Number.POSITIVE_INFINITY), Int32Array.of(0), 1, 2)).toThrow(/x\[0\] must be finite/);
    expect(() => createMlpDataset(Float32Array.of(1), Int32Array.of(2), 1, 2)).toThrow(/labels\[0\] must be in/);
  });
});

describe("device arguments", () => {
  it("cpu is the default, a missing CUDA device or an unknown device is a RangeError naming it", () => {
    const task = digitsTask("cpu");
    const parents = new Float32Array(2 * task.dim).fill(0.01);
    const pairs = { pairA: Int32Array.of(0), pairB: Int32Array.of(1), split: Int32Array.of(3), w: Float32Array.of(0.5) };
    const child = new Float32Array(task.dim);
    expect(() => mergeBatchSync(parents, task.dim, pairs, "linear", "global", child, "cpu")).not.toThrow();
    expect(() => mergeBatchSync(parents, task.dim, pairs, "linear", "global", child, "gpu" as "cpu")).toThrow(/device must be one of auto, cpu, cuda/);
    const correct = new Uint8Array(task.samples);
    expect(() => evaluateMlpsSync(parents.subarray(0, task.dim), 1, DIGITS_MLP, task.train.x, task.train.labels, correct, null, "cpu")).not.toThrow();
    if (!cudaAvailable()) {
      expect(() => mergeBatchSync(parents, task.dim, pairs, "linear", "global", child, "cuda")).toThrow(/device "cuda" is not available/);
      expect(() => digitsTask("cuda")).toThrow(RangeError);
      expect(() => loadNative().mlpScoreSync(child, 256, createMlpDataset(task.train.x, task.train.labels, 64, 10), new Float32Array(task.samples), "cuda")).toThrow(
        /device is "cuda" but no CUDA device is available/,
      );
    }
  });
});

describe("counter-based normals", () => {
  it("have mean 0, variance 1 and the normal's mass within one sigma; any block regenerates the same values", () => {
    const n = 1 << 20;
    const z = new Float32Array(n);
    counterNormals(99, 0, z);
    let sum = 0;
    let squares = 0;
    let inside = 0;
    let lag = 0;
    for (let i = 0; i < n; i++) {
      sum += z[i]!;
      squares += z[i]! * z[i]!;
      if (Math.abs(z[i]!) < 1) inside++;
      if (i > 0) lag += z[i]! * z[i - 1]!;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.005);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.01);
    expect(Math.abs(inside / n - 0.682689)).toBeLessThan(0.003);
    expect(Math.abs(lag / n)).toBeLessThan(0.005);
    const block = new Float32Array(1000);
    counterNormals(99, 12345, block);
    expect(Array.from(block)).toEqual(Array.from(z.subarray(12345, 13345)));
    const other = new Float32Array(1000);
    counterNormals(100, 12345, other);
    expect(Array.from(other)).not.toEqual(Array.from(block));
  });
});

describe("native competition sums", () => {
  it("match lib/merge/competition.ts for binary and graded scores, with and without capacity", () => {
    const random = new Random(5);
    const rows = 7;
    const samples = 300;
    for (const graded of [false, true]) {
      const scores = Float32Array.from({ length: rows * samples }, () => (graded ? Math.fround(random.float()) : random.int(2)));
      for (const row of [2, 5]) scores.fill(0, row * samples, (row + 1) * samples);
      for (const alpha of [0, 1, 0.5]) {
        for (const capacity of [null, Float64Array.from({ length: samples }, () => random.float() * 2)]) {
          const expected = sharedFitness(scores, rows, samples, alpha, capacity);
          const f = new Float64Array(rows);
          competitionFitness(scores, rows, samples, alpha, capacity, f);
          for (let k = 0; k < rows; k++) expect(f[k]).toBeCloseTo(expected.f[k]!, 9);
          const g = new Float64Array(rows);
          competitionAttraction(scores, rows, samples, alpha, capacity, 3, g);
          const expectedG = attraction(expected.F, rows, samples, 3);
          for (let k = 0; k < rows; k++) expect(g[k]).toBeCloseTo(expectedG[k]!, 9);
          expect(g[3]).toBe(0);
        }
      }
    }
  });

  it("reject scores outside [0, 1], short arrays and a bad alpha or row", () => {
    const f = new Float64Array(2);
    expect(() => competitionFitness(Float32Array.of(0, 1, 0.5, Number.NaN), 2, 2, 1, null, f)).toThrow(/scores\[3\] must be in \[0, 1\]/);
    expect(() => competitionFitness(Float32Array.of(0, 1, 0.5), 2, 2, 1, null, f)).toThrow(/rows x samples = 4/);
    expect(() => competitionFitness(Float32Array.of(0, 1, 0.5, 1), 2, 2, -1, null, f)).toThrow(/alpha must be >= 0/);
    expect(() => competitionFitness(Float32Array.of(0, 1, 0.5, 1), 2, 2, 1, Float64Array.of(1), f)).toThrow(/capacity must have 2 elements/);
    expect(() => competitionAttraction(Float32Array.of(0, 1, 0.5, 1), 2, 2, 1, null, 2, f)).toThrow(/a must be an integer in \[0, 1\]/);
  });

  it("the native archive replaces exactly as the TypeScript one", () => {
    const random = new Random(8);
    const archives = (["typescript", "native"] as const).map((engine) => new Archive({ size: 4, dim: 3, samples: 50, alpha: 1, engine }));
    for (let step = 0; step < 60; step++) {
      const child = Float32Array.of(step, 0, 0);
      const scores = Float32Array.from({ length: 50 }, () => random.int(2));
      const replaced = archives.map((archive) => archive.tell(child, scores));
      expect(replaced[1]).toBe(replaced[0]);
    }
    expect(Array.from(archives[1]!.params)).toEqual(Array.from(archives[0]!.params));
  });
});

describe("the fused M2N2 loop", () => {
  it("learns digits in 400 evaluations and is reproducible from the seed", () => {
    const task = digitsTask();
    const run = () => runM2n2(task, { evaluations: 400, random: new Random(4), engine: "fused" });
    const first = run();
    const second = run();
    expect(Array.from(second.archive.params)).toEqual(Array.from(first.archive.params));
    const best = first.archive.row(first.best);
    expect(task.accuracy(best, task.train)).toBeGreaterThan(0.3);
  });

  it("the reference engine (the previous unfused path) still runs the same algorithm", () => {
    const task = digitsTask("cpu");
    const result = runM2n2(task, { evaluations: 400, random: new Random(4), engine: "reference" });
    expect(result.archive.engine).toBe("typescript");
    expect(task.accuracy(result.archive.row(result.best), task.train)).toBeGreaterThan(0.3);
    expect(() => runM2n2({ dim: 3, samples: 2, score: () => {} }, { evaluations: 10, random: new Random(1), engine: "fused" })).toThrow(/needs an evaluator with mergeMutateScore/);
  });
});
