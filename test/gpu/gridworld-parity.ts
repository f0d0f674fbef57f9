// CUDA gridworld against the CPU as plain functions, for the bundled GPU-machine runner (no
// node_modules there): the same seeds must give the same layouts, and the same actions the same
// observations, rewards, flags and state, under MiniGrid's and NAVIX's rules; the shipped MiniGrid
// episodes must replay with zero mismatches. Each check returns its failures.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { makeVecEnv, readEpisodes, replayEpisodes, type VecEnvOptions } from "../../lib/gridworld/index.js";
import type { ParityResult } from "./cuda-parity.js";

function firstDifference(a: ArrayLike<number> | null, b: ArrayLike<number> | null): number {
  if (a === null || b === null) return a === b ? -1 : 0;
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function compareRun(name: string, ids: string[], options: Omit<VecEnvOptions, "numEnvs" | "device">, steps: number): ParityResult {
  const failures: string[] = [];
  const batch = Array.from({ length: 256 }, (_, b) => ids[b % ids.length] as string);
  const cpu = makeVecEnv(batch, { ...options, numEnvs: 256, device: "cpu" });
  const cuda = makeVecEnv(batch, { ...options, numEnvs: 256, device: "cuda" });
  const check = (what: string, a: ArrayLike<number> | null, b: ArrayLike<number> | null) => {
    const at = firstDifference(a, b);
    if (at >= 0 && failures.length < 5) failures.push(`${what} differs at index ${at}`);
  };
  check("reset obs", cpu.reset().obs, cuda.reset().obs);
  check("reset grid", cpu.state.grid, cuda.state.grid);
  let s = 2024;
  for (let t = 0; t < steps && failures.length === 0; t++) {
    const actions = Int32Array.from({ length: 256 }, (_, b) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s >>> 8) % cpu.actionCounts[b]!;
    });
    const a = cpu.step(actions);
    const b = cuda.step(actions);
    check(`step ${t} obs`, a.obs, b.obs);
    check(`step ${t} reward`, a.reward, b.reward);
    check(`step ${t} terminated`, a.terminated, b.terminated);
    check(`step ${t} truncated`, a.truncated, b.truncated);
  }
  check("final info", cpu.state.info, cuda.state.info);
  return { name, failures };
}

export function gridworldCudaParity(): ParityResult[] {
  const minigrid = ["MiniGrid-DoorKey-8x8-v0", "MiniGrid-FourRooms-v0", "MiniGrid-LavaCrossingS9N2-v0", "MiniGrid-Dynamic-Obstacles-8x8-v0", "MiniGrid-GoToDoor-8x8-v0"];
  const navix = ["Navix-Dynamic-Obstacles-8x8-v0", "Navix-DoorKey-Random-8x8-v0", "Navix-Empty-Random-8x8-v0", "Navix-GoToDoor-8x8-v0", "Navix-KeyCorridorS6R3-v0"];
  const results = [compareRun("gridworld MiniGrid ids, partial view", minigrid, { seed: 5 }, 200)];
  for (const observation of ["navix-symbolic", "navix-symbolic-first-person", "navix-categorical", "navix-categorical-first-person"] as const) {
    results.push(compareRun(`gridworld NAVIX ids, ${observation}`, navix, { seed: 13, semantics: "navix", observation }, 150));
  }
  // In the source tree the episodes sit in test/fixtures; gpu:pack copies them next to the bundle.
  const file = [join(import.meta.dirname, "..", "fixtures", "minigrid", "episodes.jsonl.gz"), join(import.meta.dirname, "fixtures", "minigrid", "episodes.jsonl.gz")].find(existsSync);
  if (file === undefined) {
    results.push({ name: "gridworld MiniGrid conformance on CUDA", failures: ["episodes.jsonl.gz not found next to the checks"] });
    return results;
  }
  const report = replayEpisodes(readEpisodes(file), { device: "cuda" });
  results.push({
    name: `gridworld MiniGrid conformance on CUDA (${report.episodes} episodes, ${report.steps} steps)`,
    failures: report.mismatched_steps === 0 ? [] : [`${report.mismatched_steps} mismatched steps, first ${JSON.stringify(report.first_mismatch)}`],
  });
  return results;
}
