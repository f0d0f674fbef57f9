import { describe, expect, it } from "vitest";
import { formatGridworldCudaBench, runGridworldCudaBench } from "../bench/gridworld-cuda.js";
import { gpuInfo } from "../lib/native/index.js";

describe("gridworld CUDA benchmark against NAVIX", () => {
  it("says why it is skipped without a device, or measures every NAVIX comparison with its ratio", async () => {
    const result = await runGridworldCudaBench();
    if (!gpuInfo().available) {
      expect(result.device).toBeNull();
      expect(result.skipped).toMatch(/\S/);
      expect(result.rows).toEqual([]);
      expect(formatGridworldCudaBench(result)).toBe(`gridworld CUDA: skipped (${result.skipped})`);
      return;
    }
    expect(result.rows).toHaveLength(10);
    for (const row of result.rows) {
      expect([row.device, row.envs]).toEqual(["cuda", 65536]);
      expect(row.steps_per_sec).toBeGreaterThan(0);
      if (row.navix_h100_steps_per_sec !== null) expect(row.ratio_vs_navix_h100).toBeCloseTo(row.steps_per_sec / row.navix_h100_steps_per_sec, 9);
    }
  });

  it("prints each row's rate and its ratio to NAVIX", () => {
    const text = formatGridworldCudaBench({
      device: "NVIDIA H100",
      note: "n",
      rows: [
        {
          env: "MiniGrid-Empty-8x8-v0", device: "cuda", threads: 0, envs: 65536, steps: 1000, obs: "partial", semantics: "minigrid",
          steps_per_sec: 1.7e9, seconds: 0.04, navix_h100_steps_per_sec: 3.4e8, ratio_vs_navix_h100: 5,
        },
      ],
    });
    expect(text).toContain("gridworld CUDA on NVIDIA H100");
    expect(text).toMatch(/MiniGrid-Empty-8x8-v0\s+obs partial 1\.70e\+9 steps\/s, 5\.00x NAVIX \(H100\)/);
  });
});
