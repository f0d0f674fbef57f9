import { describe, expect, it } from "vitest";
import { mergePerTensor } from "../../lib/merge/per-tensor.js";
import { mergeReference } from "../../lib/merge/reference.js";
import { Random } from "../../lib/random.js";

describe("per-tensor merging", () => {
  it("merges each tensor on its own, with its own split, ratio and angle", () => {
    const random = new Random(9);
    const a = Float32Array.from({ length: 30 }, () => random.normal());
    const b = Float32Array.from({ length: 30 }, () => random.normal());
    const sizes = [10, 5, 15];
    const merges = [
      { splitPoint: 3, w: 0.25 },
      { splitPoint: 0, w: 0.5 },
      { splitPoint: 14, w: 0.9 },
    ];
    const child = mergePerTensor(a, b, sizes, merges);
    let offset = 0;
    sizes.forEach((size, t) => {
      const expected = mergeReference(a.subarray(offset, offset + size), b.subarray(offset, offset + size), merges[t]!);
      const got = child.subarray(offset, offset + size);
      for (let i = 0; i < size; i++) expect(got[i]).toBeCloseTo(expected[i]!, 5);
      offset += size;
    });
  });

  it("rejects tensor sizes that do not cover the vector", () => {
    const v = new Float32Array(4);
    expect(() => mergePerTensor(v, v, [2, 1], [{ splitPoint: 0, w: 0 }, { splitPoint: 0, w: 0 }])).toThrow(/tensorSizes/);
    expect(() => mergePerTensor(v, new Float32Array(3), [4], [{ splitPoint: 0, w: 0 }])).toThrow(RangeError);
  });
});
