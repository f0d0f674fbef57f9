import { describe, expect, it } from "vitest";
import { ABI_VERSION, gpuInfo, loadNative, resolveDevice } from "../lib/native/index.js";
import { NATIVE_FUNCTIONS } from "../lib/native/binding.js";

describe("native addon", () => {
  it("exports every function of the NativeBinding interface and the right ABI version", () => {
    const native = loadNative() as unknown as Record<string, unknown>;
    for (const name of NATIVE_FUNCTIONS) expect(typeof native[name], name).toBe("function");
    expect(loadNative().abiVersion()).toBe(ABI_VERSION);
    expect(loadNative().threadCount()).toBeGreaterThanOrEqual(1);
  });

  it("reports CUDA support consistently, and no device without a driver", () => {
    const info = gpuInfo();
    expect(typeof info.compiled).toBe("boolean");
    expect(info.available).toBe(info.compiled && info.devices.length > 0);
    if (!info.available) {
      expect(info.error).toMatch(/\w/);
      expect(resolveDevice("auto")).toBe("cpu");
      expect(() => resolveDevice("cuda")).toThrow(RangeError);
    }
    if (info.compiled) {
      expect(info.runtimeVersion).toBeGreaterThanOrEqual(12000);
      expect(info.architectures).toMatch(/\d/);
    }
  });

  it("honours TANSAKU_DEVICE for auto and rejects unknown devices", () => {
    const saved = process.env.TANSAKU_DEVICE;
    try {
      process.env.TANSAKU_DEVICE = "cpu";
      expect(resolveDevice("auto")).toBe("cpu");
      process.env.TANSAKU_DEVICE = "tpu";
      expect(() => resolveDevice("auto")).toThrow(/TANSAKU_DEVICE/);
    } finally {
      if (saved === undefined) delete process.env.TANSAKU_DEVICE;
      else process.env.TANSAKU_DEVICE = saved;
    }
    expect(() => resolveDevice("gpu" as never)).toThrow(RangeError);
  });
});
