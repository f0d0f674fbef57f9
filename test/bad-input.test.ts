// Bad input is rejected with TypeError/RangeError naming the argument, by the library and by the
// addon itself when called directly; the process never crashes.
import { describe, expect, it } from "vitest";
import {
  optimalRadii,
  packCircles,
  packingEnergy,
  PackingFormatError,
  parsePacking,
  shrinkToStrict,
  validatePackings,
} from "../lib/circles/index.js";
import { loadNative } from "../lib/native/index.js";

const centers = new Float64Array([0.25, 0.5, 0.75, 0.5]);
const radii = new Float64Array([0.2, 0.2]);

describe("library argument checks", () => {
  it("rejects wrong lengths and mismatched sizes", async () => {
    await expect(validatePackings(centers, new Float64Array(3), 2)).rejects.toThrow(/radii length 3/);
    await expect(validatePackings(new Float64Array(6), radii, 2)).rejects.toThrow(/centers must have 2 \* radii.length = 4 values, got 6/);
    await expect(packingEnergy(centers, new Float64Array(0), 2, { weight: 1 })).rejects.toThrow(RangeError);
    await expect(packingEnergy(centers, new Float32Array(2) as never, 2, { weight: 1 })).rejects.toThrow(/same array type/);
    await expect(optimalRadii(new Float64Array(5), 2)).rejects.toThrow(/multiple of 2n/);
  });

  it("rejects NaN and infinite values, naming the element", async () => {
    await expect(validatePackings(new Float64Array([0.25, Number.NaN, 0.75, 0.5]), radii, 2)).rejects.toThrow(
      /centers\[1\] must be finite/,
    );
    await expect(validatePackings(centers, new Float64Array([0.2, Infinity]), 2)).rejects.toThrow(/radii\[1\]/);
    await expect(optimalRadii(new Float64Array([0.25, 0.5, Infinity, 0.5]), 2)).rejects.toThrow(RangeError);
    expect(() => shrinkToStrict(centers, new Float64Array([Number.NaN, 0.1]))).toThrow(/radii\[0\]/);
  });

  it("rejects n < 1, bad boxes, tolerances, weights and devices", async () => {
    await expect(validatePackings(centers, radii, 0)).rejects.toThrow(/n must be an integer >= 1/);
    await expect(validatePackings(centers, radii, 1.5)).rejects.toThrow(RangeError);
    await expect(validatePackings(centers, radii, 2, { width: -1 })).rejects.toThrow(/width/);
    await expect(validatePackings(centers, radii, 2, { height: Number.NaN })).rejects.toThrow(/height/);
    await expect(validatePackings(centers, radii, 2, { tolerance: -1 })).rejects.toThrow(/tolerance/);
    await expect(packingEnergy(centers, radii, 2, { weight: Number.NaN })).rejects.toThrow(/weight/);
    await expect(validatePackings(centers, radii, 2, { device: "tpu" as never })).rejects.toThrow(/device/);
    await expect(packCircles({ n: 0 })).rejects.toThrow(/n must be/);
    await expect(packCircles({ n: 3, seconds: -1 })).rejects.toThrow(/seconds/);
    await expect(packCircles({ n: 3, seed: 1.5 })).rejects.toThrow(/seed/);
  });

  it("rejects bad packing files with a PackingFormatError naming the field", () => {
    expect(() => parsePacking("{")).toThrow(PackingFormatError);
    expect(() => parsePacking('{"centers": [[0.5, 0.5]], "radii": [0.1, 0.2]}')).toThrow(/same length/);
    expect(() => parsePacking('{"centers": [[0.5, 1e999]], "radii": [0.1]}')).toThrow(/centers\.0\.1/);
    expect(() => parsePacking('{"centers": [[0.5, 0.5]], "radii": ["a"]}')).toThrow(/radii/);
    expect(() => parsePacking('{"centers": [[0.5, 0.5]], "radii": [0.1], "width": 0}')).toThrow(/width/);
    expect(() => parsePacking('{"centers": [], "radii": []}')).toThrow(/centers/);
    expect(parsePacking('{"centers": [[0.5, 0.5]], "radii": [0.1]}').width).toBe(1);
  });
});

describe("addon argument checks (called directly, bypassing the library)", () => {
  const native = loadNative();
  const out = () => [new Float64Array(1), new Float64Array(1), new Uint8Array(1)] as const;

  it("throws TypeError or RangeError naming the argument, with a stable code", () => {
    const call = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error as Error & { code?: string };
      }
      throw new Error("expected a throw");
    };
    let error = call(() => native.circlesValidate(new Float32Array(4) as never, radii, 2, 1, 1, 0, ...out(), "cpu"));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/centers must be a Float64Array/);
    expect(error.code).toBe("ERR_TANSAKU_ARGUMENT");
    error = call(() => native.circlesValidate(centers, radii, 0, 1, 1, 0, ...out(), "cpu"));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(/^n must be an integer/);
    error = call(() => native.circlesValidate(centers, radii, 2, Number.NaN, 1, 0, ...out(), "cpu"));
    expect(error.message).toMatch(/width must be finite/);
    error = call(() => native.circlesValidate(centers, radii, 2, 1, 1, 0, new Float64Array(2), new Float64Array(1), new Uint8Array(1), "cpu"));
    expect(error.message).toMatch(/sumOut must have 1 elements/);
    error = call(() => native.circlesValidate(centers, radii, 2, 1, 1, 0, ...out(), "gpu" as never));
    expect(error.message).toMatch(/device must be/);
    error = call(() => native.circlesEnergySync("x" as never, radii, 2, 1, 1, 1, new Float64Array(1), null, null, "cpu"));
    expect(error).toBeInstanceOf(TypeError);
    error = call(() => native.circlesSolve({ n: -3 } as never));
    expect(error.message).toMatch(/options\.n/);
    error = call(() => native.circlesSolve({ n: 3, width: "wide" } as never));
    expect(error.message).toMatch(/options\.width/);
    error = call(() => (native.circlesValidate as unknown as () => void)());
    expect(error).toBeInstanceOf(TypeError);
  });

  it("resolves a valid direct call", async () => {
    const [sum, violation, valid] = out();
    await native.circlesValidate(centers, radii, 2, 1, 1, 0, sum, violation, valid, "cpu");
    expect(sum[0]).toBeCloseTo(0.4, 15);
    expect(valid[0]).toBe(1);
  });
});
