// Gridworld throughput: native CPU steps per second (one thread and all threads, partial view
// written every step) over a few ids and batch sizes, against MiniGrid itself stepping one
// environment in python3 in the same run when minigrid and gymnasium are importable.
import { spawnSync } from "node:child_process";
import { type GridBenchResult, runGridBench } from "../lib/gridworld/index.js";
import { loadNative } from "../lib/native/index.js";
import { machineInfo, type MachineInfo } from "./machine.js";

const IDS = ["MiniGrid-Empty-8x8-v0", "MiniGrid-DoorKey-8x8-v0", "MiniGrid-FourRooms-v0", "MiniGrid-LavaGapS7-v0", "MiniGrid-SimpleCrossingS9N1-v0"];
const BATCHES = [256, 4096];
const STEPS = 200;
const MINIGRID_STEPS = 5000;

export interface GridworldBenchResult {
  benchmark: "gridworld";
  device: string;
  rows: (GridBenchResult & { minigrid_steps_per_sec: number | null; ratio_per_core_vs_minigrid: number | null })[];
  minigrid: { available: boolean; note: string };
  machine: MachineInfo;
}

// Random-action steps per second of one MiniGrid environment (construction and reset excluded).
const MINIGRID_SCRIPT = `
import sys, time, random
import gymnasium as gym
import minigrid  # registers the ids
env = gym.make(sys.argv[1])
env.reset(seed=0)
rng = random.Random(0)
steps = int(sys.argv[2])
start = time.perf_counter()
for _ in range(steps):
    _, _, term, trunc, _ = env.step(rng.randrange(7))
    if term or trunc:
        env.reset()
print(steps / (time.perf_counter() - start))
`;

function minigridStepsPerSec(id: string): number | null {
  const env = { ...process.env };
  if (process.env.MINIGRID_PYTHONPATH) env.PYTHONPATH = [process.env.MINIGRID_PYTHONPATH, process.env.PYTHONPATH].filter(Boolean).join(":");
  const run = spawnSync("python3", ["-c", MINIGRID_SCRIPT, id, String(MINIGRID_STEPS)], { encoding: "utf8", env, timeout: 120_000 });
  const value = Number(run.stdout.trim());
  return run.status === 0 && Number.isFinite(value) && value > 0 ? value : null;
}

export async function runGridworldBench(): Promise<GridworldBenchResult> {
  const allThreads = loadNative().threadCount();
  const rows: GridworldBenchResult["rows"] = [];
  let available = false;
  for (const env of IDS) {
    const minigrid = minigridStepsPerSec(env);
    available ||= minigrid !== null;
    for (const envs of BATCHES) {
      for (const threads of [...new Set([1, allThreads])]) {
        const result = await runGridBench({ env, envs, steps: STEPS, threads, obs: "partial" });
        rows.push({
          ...result,
          minigrid_steps_per_sec: minigrid,
          ratio_per_core_vs_minigrid: minigrid === null ? null : result.steps_per_sec / result.threads / minigrid,
        });
      }
    }
  }
  // Dynamics only (no observation), for comparison with figures that drop the observation work.
  const dynamics = await runGridBench({ env: "MiniGrid-Empty-8x8-v0", envs: 4096, steps: STEPS, threads: 1, obs: "none" });
  rows.push({ ...dynamics, minigrid_steps_per_sec: null, ratio_per_core_vs_minigrid: null });
  return {
    benchmark: "gridworld",
    device: "cpu",
    rows,
    minigrid: {
      available,
      note: available
        ? `MiniGrid via python3, one environment, ${MINIGRID_STEPS} random steps`
        : "minigrid and gymnasium are not importable by python3 (set MINIGRID_PYTHONPATH): no MiniGrid baseline in this run",
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
  return lines.join("\n");
}
