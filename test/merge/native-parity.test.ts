// The native merge and MLP kernels against lib/merge/reference.ts on seeded random inputs, the
// spec's merge oracles, and the addon's argument checks.
import { describe, expect, it } from "vitest";
import { loadDigits } from "../../lib/merge/digits.js";
import { DIGITS_MLP, mlpParamCount } from "../../lib/merge/mlp-shape.js";
import { evaluateMlps, evaluateMlpsSync, mergeBatch, mergeBatchSync, mutateInPlace } from "../../lib/merge/native.js";
import { firstArgmax, type Interp, mergeReference, mlpLogitsReference, type OmegaMode } from "../../lib/merge/reference.js";
import { Random } from "../../lib/random.js";

function gaussian(n: number, random: Random, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * random.normal();
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe("native merge", () => {
  const modes: [Interp, OmegaMode][] = [["linear", "global"], ["slerp", "global"], ["slerp", "per-segment"]];
  for (const [interp, omega] of modes) {
    it(`matches the reference in a batch (${interp}, ${omega})`, async () => {
      const random = new Random(7);
      const dim = 1000;
      const parents = gaussian(5 * dim, random);
      const count = 6;
      const pairA = Int32Array.from({ length: count }, (_, r) => r % 5);
      const pairB = Int32Array.from({ length: count }, (_, r) => (r * 3 + 1) % 5);
      const split = Int32Array.from([0, 1, 499, 999, 250, 777]);
      const w = Float32Array.from([0.3, 0, 1, 0.5, 0.9, 0.01]);
      const children = new Float32Array(count * dim);
      await mergeBatch(parents, dim, { pairA, pairB, split, w }, interp, omega, children);
      const single = new Float32Array(dim);
      for (let r = 0; r < count; r++) {
        const a = parents.subarray(pairA[r]! * dim, (pairA[r]! + 1) * dim);
        const b = parents.subarray(pairB[r]! * dim, (pairB[r]! + 1) * dim);
        const expected = mergeReference(a, b, { splitPoint: split[r]!, w: w[r]!, interp, omega });
        expect(maxAbsDiff(children.subarray(r * dim, (r + 1) * dim), expected)).toBeLessThan(1e-5);
        // The one-pair path (parallel over the vector) agrees with the batched path.
        mergeBatchSync(parents, dim, { pairA: pairA.slice(r, r + 1), pairB: pairB.slice(r, r + 1), split: split.slice(r, r + 1), w: w.slice(r, r + 1) }, interp, omega, single);
        expect(maxAbsDiff(single, expected)).toBeLessThan(1e-5);
      }
    });
  }

  it("satisfies the spec's oracles: t = 0 gives A, t = 1 gives B, s = 0 is SLERP at 1 - w, parallel vectors interpolate linearly", () => {
    const random = new Random(3);
    const a = gaussian(64, random);
    const b = gaussian(64, random);
    const parents = new Float32Array([...a, ...b]);
    const one = (split: number, w: number, p = parents) => {
      const child = new Float32Array(64);
      mergeBatchSync(p, 64, { pairA: Int32Array.of(0), pairB: Int32Array.of(1), split: Int32Array.of(split), w: Float32Array.of(w) }, "slerp", "global", child);
      return child;
    };
    // s = 0: every element takes 1 - w; w = 1 -> t = 0 -> A, w = 0 -> t = 1 -> B.
    expect(maxAbsDiff(one(0, 1), a)).toBeLessThan(1e-6);
    expect(maxAbsDiff(one(0, 0), b)).toBeLessThan(1e-6);
    expect(maxAbsDiff(one(0, 0.3), mergeReference(a, b, { splitPoint: 0, w: 0.3 }))).toBeLessThan(1e-6);
    // Split mid-vector: the head takes w, the tail 1 - w (w = 1: head from B, tail from A).
    const mixed = one(10, 1);
    expect(maxAbsDiff(mixed.subarray(0, 10), b.subarray(0, 10))).toBeLessThan(1e-6);
    expect(maxAbsDiff(mixed.subarray(10), a.subarray(10))).toBeLessThan(1e-6);
    // B = 2A: sin(omega) = 0, so the linear fallback (1 - t) A + t B.
    const parallel = new Float32Array([...a, ...a.map((v) => 2 * v)]);
    const child = one(0, 0.75, parallel);
    expect(maxAbsDiff(child, a.map((v) => v * (0.75 + 0.25 * 2)))).toBeLessThan(1e-5);
  });

  it("mutation adds seeded N(0, sigma^2) noise", () => {
    const child = new Float32Array(100000);
    mutateInPlace(child, 0.01, 42);
    const again = new Float32Array(100000);
    mutateInPlace(again, 0.01, 42);
    expect(Array.from(again)).toEqual(Array.from(child));
    const mean = child.reduce((s, v) => s + v, 0) / child.length;
    const variance = child.reduce((s, v) => s + (v - mean) ** 2, 0) / child.length;
    expect(Math.abs(mean)).toBeLessThan(1e-4);
    expect(Math.sqrt(variance)).toBeGreaterThan(0.0099);
    expect(Math.sqrt(variance)).toBeLessThan(0.0101);
  });

  it("rejects bad arguments with errors naming them", () => {
    const parents = new Float32Array(20);
    const pairs = { pairA: Int32Array.of(0), pairB: Int32Array.of(1), split: Int32Array.of(3), w: Float32Array.of(0.5) };
    const out = new Float32Array(10);
    expect(() => mergeBatchSync(parents, 7, pairs, "slerp", "global", out)).toThrow(/parents length/);
    expect(() => mergeBatchSync(parents, 10, { ...pairs, pairB: Int32Array.of(2) }, "slerp", "global", out)).toThrow(/pairB\[0\]/);
    expect(() => mergeBatchSync(parents, 10, { ...pairs, split: Int32Array.of(10) }, "slerp", "global", out)).toThrow(RangeError);
    expect(() => mergeBatchSync(parents, 10, { ...pairs, w: Float32Array.of(Number.NaN) }, "slerp", "global", out)).toThrow(/w\[0\]/);
    expect(() => mergeBatchSync(parents, 10, { ...pairs, pairB: new Int32Array(2) }, "slerp", "global", out)).toThrow(/pairB must have 1/);
    expect(() => mergeBatchSync(parents, 10, pairs, "slerp", "global", new Float32Array(9))).toThrow(/childrenOut/);
    expect(() => mergeBatchSync(parents, 10, pairs, "cubic" as Interp, "global", out)).toThrow(/interp/);
    const bad = new Float32Array(20);
    bad[13] = Number.POSITIVE_INFINITY;
    expect(() => mergeBatchSync(bad, 10, pairs, "slerp", "global", out)).toThrow(/parents row 1/);
    expect(() => mergeBatchSync(new Float64Array(20) as unknown as Float32Array, 10, pairs, "slerp", "global", out)).toThrow(TypeError);
    expect(() => mutateInPlace(out, Number.NaN, 1)).toThrow(/sigma/);
  });
});

describe("native MLP evaluation", () => {
  it("matches the reference's logits and first-argmax correctness on digits", async () => {
    const { train } = loadDigits();
    const samples = 100;
    const x = train.x.slice(0, samples * 64);
    const labels = train.labels.slice(0, samples);
    const p = mlpParamCount(DIGITS_MLP);
    const models = 3;
    const random = new Random(11);
    const params = gaussian(models * p, random, 0.05);
    const correct = new Uint8Array(models * samples);
    const logits = new Float32Array(models * samples * 10);
    await evaluateMlps(params, models, DIGITS_MLP, x, labels, correct, logits);
    for (let m = 0; m < models; m++) {
      const expected = mlpLogitsReference(params.subarray(m * p, (m + 1) * p), DIGITS_MLP, x, samples);
      const got = logits.subarray(m * samples * 10, (m + 1) * samples * 10);
      expect(maxAbsDiff(got, expected)).toBeLessThan(1e-3);
      for (let j = 0; j < samples; j++) {
        expect(correct[m * samples + j]).toBe(firstArgmax(got, j, 10) === labels[j] ? 1 : 0);
      }
    }
    // Somewhere between all wrong and all right: the test would notice a constant output.
    const total = correct.reduce((s, v) => s + v, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(models * samples);
  });

  it("a hand-built model classifies by its biases, first index on ties", () => {
    const shape = { inputs: 2, hidden: 3, outputs: 4 };
    const params = new Float32Array(mlpParamCount(shape));
    // All weights zero; b2 = [1, 3, 3, 0]: logits tie between 1 and 2, argmax is 1.
    params.set([1, 3, 3, 0], mlpParamCount(shape) - 4);
    const correct = new Uint8Array(3);
    evaluateMlpsSync(params, 1, shape, new Float32Array([1, 2, 3, 4, 5, 6]), Int32Array.from([1, 2, 1]), correct);
    expect(Array.from(correct)).toEqual([1, 0, 1]);
  });

  it("rejects bad arguments with errors naming them", () => {
    const shape = { inputs: 2, hidden: 3, outputs: 4 };
    const params = new Float32Array(mlpParamCount(shape));
    const x = new Float32Array(4);
    expect(() => evaluateMlpsSync(params, 2, shape, x, Int32Array.of(0, 1), new Uint8Array(2))).toThrow(/params/);
    expect(() => evaluateMlpsSync(params, 1, shape, new Float32Array(3), Int32Array.of(0, 1), new Uint8Array(2))).toThrow(/x must have 4/);
    expect(() => evaluateMlpsSync(params, 1, shape, x, Int32Array.of(0, 4), new Uint8Array(2))).toThrow(/labels\[1\]/);
    expect(() => evaluateMlpsSync(params, 1, shape, Float32Array.of(0, Number.NaN, 0, 0), Int32Array.of(0, 1), new Uint8Array(2))).toThrow(/x\[1\]/);
    expect(() => evaluateMlpsSync(params, 1, shape, x, Int32Array.of(0, 1), new Uint8Array(3))).toThrow(/correctOut/);
  });
});
