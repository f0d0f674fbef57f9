// CUDA parity of M2N2's scoring (resident dataset, fused step) with the CPU, and a short digits run on
// the device. Skipped, visibly, without a CUDA device.
import { describe, expect, it } from "vitest";
import { runDigits } from "../../lib/merge/index.js";
import { cudaAvailable, gpuInfo } from "../../lib/native/index.js";
import { mergeCudaParity } from "./merge-parity.js";

const available = cudaAvailable();
if (!available) console.warn(`M2N2 GPU tests skipped: ${gpuInfo().error ?? "no CUDA device"}`);

describe.skipIf(!available)("CUDA M2N2 scoring (needs a GPU)", () => {
  it("scores like the CPU, one model at a time and in the fused step", () => {
    for (const check of mergeCudaParity()) expect(check.failures, check.name).toEqual([]);
  });

  it("learns digits on the device", async () => {
    const result = await runDigits({ method: "m2n2", evaluations: 400, seed: 1, device: "cuda" });
    expect(result.train_accuracy).toBeGreaterThan(0.3);
  });
});
