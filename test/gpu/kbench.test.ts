// kbench on a CUDA device: reference kernels pass, every adversarial case is rejected by a check its
// header names. Skipped, visibly, where the runner finds no device (or is not built).
import { describe, expect, it } from "vitest";
import { adversarialOnGpu, kbenchDevice, referenceKernels } from "./kbench-gpu.js";

const device = await kbenchDevice().catch(() => null);
if (!device) console.warn("kbench GPU tests skipped: the kbench runner found no CUDA device (or nvcc/the runner is missing)");

describe.skipIf(!device)(`kbench harness on ${device ?? "no device"}`, () => {
  it("judges reference kernels correct, with a speedup near 1 against themselves", async () => {
    for (const row of await referenceKernels(["relu", "softmax", "layernorm_fwd", "matmul_square"])) {
      expect(row.correct, `${row.task}: ${row.note}`).toBe(true);
      expect(row.speedup!, row.task).toBeGreaterThan(0.5);
      expect(row.speedup!, row.task).toBeLessThan(2);
    }
  }, 600_000);

  it("rejects every adversarial case with a check its header names", async () => {
    for (const row of await adversarialOnGpu()) {
      expect(row.rejected, `${row.file}: ${row.note}`).toBe(true);
      expect(row.matches_expected, `${row.file}: expected ${row.expected.join("|")}, fired ${row.caught_by.join(",")}`).toBe(true);
    }
  }, 600_000);
});
