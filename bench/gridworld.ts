// Gridworld throughput: native CPU steps per second (one thread and all threads, partial view
// written every step) over a few ids and batch sizes, against MiniGrid itself stepping one
// environment in python3 in the same run when minigrid and gymnasium are importable.
import { type GridBenchResult, miniGridBaseline, runGridBench } from "../lib/gridworld/index.js";
import { loadNative } from "../lib/native/index.js";
import { formatGridworldCudaBench, type GridworldCudaBench, runGridworldCudaBench } from "./gridworld-cuda.js";
import { machineInfo, type MachineInfo } from "./machine.js";

const IDS = [
  "MiniGrid-Empty-8x8-v0",
  "MiniGrid-DoorKey-8x8-v0",
  "MiniGrid-FourRooms-v0",
  "MiniGrid-KeyCorridorS3R3-v0",
  "MiniGrid-LavaGapS7-v0",
  "MiniGrid-SimpleCrossingS9N1-v0",
  "MiniGrid-Dynamic-Obstacles-8x8-v0",
];
const BATCHES = [256, 4096];
// Steps per environment: at least 1000, and at least 2^22 steps in all per row, so that a small batch
// split over threads still runs for a few hundred milliseconds (thread wake-ups are noise below that).
const STEPS = 1000;
const MIN_TOTAL_STEPS = 2 ** 22;
const stepsFor = (envs: number): number => Math.max(STEPS, Math.ceil(MIN_TOTAL_STEPS / envs));
const MINIGRID_STEPS = 5000;
const REPEATS = 3;

export interface GridworldBenchResult {
  benchmark: "gridworld";
  device: string;
  rows: (GridBenchResult & { minigrid_steps_per_sec: number | null; ratio_per_core_vs_minigrid: number | null })[];
  minigrid: { available: boolean; note: string };
  /** The CUDA rows against NAVIX (skipped without a device). */
  cuda: GridworldCudaBench;
  machine: MachineInfo;
}

export async function runGridworldBench(): Promise<GridworldBenchResult> {
  const allThreads = loadNative().threadCount();
  const rows: GridworldBenchResult["rows"] = [];
  let available = false;
  let reason = "";
  let versions = "";
  for (const env of IDS) {
    // On a shared machine each side is timed REPEATS times, interleaved (MiniGrid, ours, MiniGrid,
    // ours, ...), and the best of each is kept, so a burst of load hurts neither side alone.
    let minigrid: number | null = null;
    const best = new Map<string, GridBenchResult>();
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const baseline = miniGridBaseline(env, MINIGRID_STEPS);
      if (baseline.available) {
        versions = `MiniGrid ${baseline.minigrid_version}, Gymnasium ${baseline.gymnasium_version}`;
        minigrid = Math.max(minigrid ?? 0, baseline.steps_per_sec);
      } else reason ||= baseline.reason;
      for (const envs of BATCHES) {
        for (const threads of [...new Set([1, allThreads])]) {
          const result = await runGridBench({ env, envs, steps: stepsFor(envs), threads, obs: "partial" });
          const key = `${envs}/${threads}`;
          if ((best.get(key)?.steps_per_sec ?? 0) < result.steps_per_sec) best.set(key, result);
        }
      }
    }
    available ||= minigrid !== null;
    for (const result of best.values()) {
      rows.push({
        ...result,
        minigrid_steps_per_sec: minigrid,
        ratio_per_core_vs_minigrid: minigrid === null ? null : result.steps_per_sec / result.threads / minigrid,
      });
    }
  }
  // Dynamics only (no observation), for comparison with figures that drop the observation work.
  const dynamics = await runGridBench({ env: "MiniGrid-Empty-8x8-v0", envs: 4096, steps: stepsFor(4096), threads: 1, obs: "none" });
  rows.push({ ...dynamics, minigrid_steps_per_sec: null, ratio_per_core_vs_minigrid: null });
  const cuda = await runGridworldCudaBench();
  return {
    benchmark: "gridworld",
    device: cuda.device ?? "cpu",
    rows,
    cuda,
    minigrid: {
      available,
      note: available
        ? `${versions} via python3, one environment, ${MINIGRID_STEPS} random steps, its 7x7 view; best of ${REPEATS} interleaved runs per side`
        : `no MiniGrid baseline in this run: ${reason}`,
    },
    machine: machineInfo(),
  };
}

export function formatGridworldBench(result: GridworldBenchResult): string {
  const lines = [`gridworld (native CPU, partial 7x7 view written every step; ${result.minigrid.note})`];
  for (const row of result.rows) {
    const ratio = row.ratio_per_core_vs_minigrid === null ? "" : `, ${row.ratio_per_core_vs_minigrid.toFixed(0)}x MiniGrid per core`;
    lines.push(
      `  ${row.env.padEnd(32)} envs ${String(row.envs).padStart(5)} threads ${row.threads} obs ${row.obs.padEnd(7)} ` +
        `${row.steps_per_sec.toExponential(2)} steps/s${ratio}`,
    );
  }
  lines.push(formatGridworldCudaBench(result.cuda));
  return lines.join("\n");
}
