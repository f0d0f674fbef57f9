// Gridworld on CUDA against NAVIX on the same kind of card: 65,536 environments, random actions,
// MiniGrid's 7x7 partial view (occlusion included) written for every environment and step, and the
// dynamics alone (no observation). Timed on the device around the stepping kernel, after reset.
import { type GridBenchResult, runGridBench } from "../lib/gridworld/index.js";
import { gpuInfo } from "../lib/native/index.js";

// NAVIX 0.11.0 on an NVIDIA H100 at 65,536 environments (spec gridworld.md §11 and issue 4): with its
// 7x7 first-person symbolic view consumed every step, and dynamics-only (XLA drops the view).
const NAVIX_H100 = [
  { env: "MiniGrid-Empty-8x8-v0", view: 3.4e8, dynamics: 3.9e9 },
  { env: "MiniGrid-DoorKey-8x8-v0", view: 1.7e8, dynamics: 6.61e8 },
  { env: "MiniGrid-FourRooms-v0", view: 5.2e7, dynamics: 1.24e8 },
  { env: "MiniGrid-KeyCorridorS3R3-v0", view: 1.1e8, dynamics: 7.82e8 },
  { env: "MiniGrid-LavaGapS7-v0", view: 2.5e8, dynamics: null },
] as const;
const ENVS = 65536;
const STEPS = 1000;
const REPEATS = 3;

export interface GridworldCudaRow extends GridBenchResult {
  navix_h100_steps_per_sec: number | null;
  ratio_vs_navix_h100: number | null;
}

export interface GridworldCudaBench {
  device: string | null;
  /** Why there are no rows (no CUDA device or a CPU-only build). */
  skipped?: string;
  note: string;
  rows: GridworldCudaRow[];
}

export async function runGridworldCudaBench(): Promise<GridworldCudaBench> {
  const info = gpuInfo();
  const note =
    `${ENVS} environments x ${STEPS} random steps, best of ${REPEATS}; NAVIX's figures are from an H100 ` +
    "(its view consumed every step; dynamics-only as reported), so the ratio holds on an H100 only";
  if (!info.available) return { device: null, skipped: info.error || "no CUDA device", note, rows: [] };
  const rows: GridworldCudaRow[] = [];
  for (const navix of NAVIX_H100) {
    for (const obs of ["partial", "none"] as const) {
      let best: GridBenchResult | null = null;
      for (let repeat = 0; repeat < REPEATS; repeat++) {
        const result = await runGridBench({ env: navix.env, envs: ENVS, steps: STEPS, device: "cuda", obs });
        if (!best || result.steps_per_sec > best.steps_per_sec) best = result;
      }
      const reference = obs === "partial" ? navix.view : navix.dynamics;
      const row = best as GridBenchResult;
      rows.push({
        ...row,
        navix_h100_steps_per_sec: reference,
        ratio_vs_navix_h100: reference === null ? null : row.steps_per_sec / reference,
      });
    }
  }
  return { device: info.devices[0]?.name ?? "cuda", note, rows };
}

export function formatGridworldCudaBench(result: GridworldCudaBench): string {
  if (result.skipped) return `gridworld CUDA: skipped (${result.skipped})`;
  const lines = [`gridworld CUDA on ${result.device} (${result.note})`];
  for (const row of result.rows) {
    const ratio = row.ratio_vs_navix_h100 === null ? "" : `, ${row.ratio_vs_navix_h100.toFixed(2)}x NAVIX (H100)`;
    lines.push(`  ${row.env.padEnd(32)} obs ${row.obs.padEnd(7)} ${row.steps_per_sec.toExponential(2)} steps/s${ratio}`);
  }
  return lines.join("\n");
}
