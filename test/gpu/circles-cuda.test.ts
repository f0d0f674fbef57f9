// CUDA parity with the TypeScript reference. Skipped, visibly, where no CUDA device answers.
import { describe, expect, it } from "vitest";
import { packCircles } from "../../lib/circles/index.js";
import { cudaAvailable, gpuInfo } from "../../lib/native/index.js";
import { cudaEnergyParity, cudaValidationParity } from "./cuda-parity.js";

const available = cudaAvailable();
if (!available) {
  console.warn(`GPU tests skipped: ${gpuInfo().error ?? "no CUDA device"}`);
}

describe.skipIf(!available)("CUDA circle packing (needs a GPU)", () => {
  it("validates exactly like the reference", async () => {
    for (const result of await cudaValidationParity()) expect(result.failures, result.name).toEqual([]);
  });

  it("computes energy and gradients like the reference", async () => {
    for (const result of await cudaEnergyParity()) expect(result.failures, result.name).toEqual([]);
  });

  it("solves on the device", async () => {
    const result = await packCircles({ n: 26, seconds: 5, seed: 1, device: "cuda" });
    expect(result.device).toBe("cuda");
    expect(result.sumRadii).toBeGreaterThan(2.5);
  });
});
