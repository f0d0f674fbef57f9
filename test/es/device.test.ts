// The device-resident population's CPU-side contract: handles are checked before any device work,
// and asking for CUDA without a device is a RangeError that says why (the GPU behaviour itself is
// tested in test/gpu/es-cuda.test.ts).
import { describe, expect, it } from "vitest";
import { createStrategy, DevicePopulation } from "../../lib/es/index.js";
import { cudaAvailable, loadNative } from "../../lib/native/index.js";

const native = loadNative();

describe("device-resident ES populations: argument checks", () => {
  it("rejects anything but a handle from esDeviceCreate", async () => {
    const mean = new Float32Array(4);
    const sigma = Float32Array.of(1);
    expect(() => native.esDeviceSample({} as never, mean, sigma, 0, 0)).toThrow(TypeError);
    expect(() => native.esDeviceSample({ popsize: 4, dim: 4, sigmaLength: 1, antithetic: true }, mean, sigma, 0, 0)).toThrow(
      /session must be a handle returned by esDeviceCreate/,
    );
    expect(() => native.esDeviceEvaluate(null as never, "sphere", new Float64Array(4))).toThrow(/session must be a handle/);
    expect(() => native.esDeviceRelease(42 as never)).toThrow(/session must be a handle/);
  });

  it("checks the layout before looking for a device", () => {
    expect(() => native.esDeviceCreate(3, 4, 1, true)).toThrow(/popsize must be even/);
    expect(() => native.esDeviceCreate(4, 4, 3, false)).toThrow(/sigmaLength must be 1 or dim = 4/);
    expect(() => native.esDeviceCreate(0, 4, 1, false)).toThrow(/popsize/);
  });

  it.skipIf(cudaAvailable())("without a CUDA device, device \"cuda\" is a RangeError naming the reason", () => {
    expect(() => native.esDeviceCreate(4, 4, 1, true)).toThrow(RangeError);
    expect(() => new DevicePopulation(4, 4, 1, true)).toThrow(/CUDA/);
    expect(() => createStrategy("open_es", { dim: 4, popsize: 4, device: "cuda" })).toThrow(/device "cuda" is not available/);
  });
});
