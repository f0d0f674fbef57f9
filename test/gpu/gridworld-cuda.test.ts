// The CUDA gridworld against the CPU: same layouts from the same seeds, same steps, same
// observations, and zero conformance mismatches. Skipped, visibly, where no CUDA device answers.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeVecEnv, readEpisodes, replayEpisodes, runGridBench } from "../../lib/gridworld/index.js";
import { cudaAvailable, gpuInfo } from "../../lib/native/index.js";

const available = cudaAvailable();
if (!available) console.warn(`GPU gridworld tests skipped: ${gpuInfo().error ?? "no CUDA device"}`);

const IDS = ["MiniGrid-DoorKey-8x8-v0", "MiniGrid-FourRooms-v0", "MiniGrid-LavaCrossingS9N2-v0", "MiniGrid-Dynamic-Obstacles-8x8-v0"];

describe.skipIf(!available)("CUDA gridworld (needs a GPU)", () => {
  it("generates and steps exactly like the CPU", () => {
    for (const id of IDS) {
      const cpu = makeVecEnv(id, { numEnvs: 512, seed: 5, device: "cpu" });
      const cuda = makeVecEnv(id, { numEnvs: 512, seed: 5, device: "cuda" });
      expect(cuda.reset().obs, id).toEqual(cpu.reset().obs);
      expect(cuda.state.grid, id).toEqual(cpu.state.grid);
      let s = 12345;
      for (let t = 0; t < 100; t++) {
        const actions = Int32Array.from({ length: 512 }, () => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return (s >>> 8) % (id.includes("Dynamic") ? 3 : 7);
        });
        const a = cpu.step(actions);
        const b = cuda.step(actions);
        expect(b.obs, `${id} step ${t}`).toEqual(a.obs);
        expect(b.reward, `${id} step ${t}`).toEqual(a.reward);
        expect(b.terminated, `${id} step ${t}`).toEqual(a.terminated);
        expect(b.truncated, `${id} step ${t}`).toEqual(a.truncated);
      }
      expect(cuda.state.info, id).toEqual(cpu.state.info);
    }
  });

  it("draws RGB observations and step types exactly like the CPU", () => {
    const ids = ["MiniGrid-DoorKey-8x8-v0", "MiniGrid-ObstructedMaze-Full-v0", "MiniGrid-LavaGapS7-v0", "MiniGrid-Playground-v0"];
    for (const observation of ["rgb-partial", "rgb-full"] as const) {
      for (const tile of [8, 32]) {
        const options = { numEnvs: 64, seed: 7, observation, tile };
        const batch = Array.from({ length: 64 }, (_, b) => ids[b % ids.length]!);
        const cpu = makeVecEnv(batch, { ...options, device: "cpu" });
        const cuda = makeVecEnv(batch, { ...options, device: "cuda" });
        expect(cuda.reset().obs, `${observation} ${tile}`).toEqual(cpu.reset().obs);
        for (let t = 0; t < 20; t++) {
          const actions = Int32Array.from({ length: 64 }, (_, b) => (b * 7 + t * 3) % 7);
          const a = cpu.step(actions);
          const b = cuda.step(actions);
          expect(b.obs, `${observation} ${tile} step ${t}`).toEqual(a.obs);
          expect(b.stepType, `${observation} ${tile} step ${t}`).toEqual(a.stepType);
        }
      }
    }
  });

  it("runs NAVIX's rules, layouts and observations exactly like the CPU", () => {
    const ids = ["Navix-Dynamic-Obstacles-8x8-v0", "Navix-DoorKey-Random-8x8-v0", "Navix-Empty-Random-8x8-v0", "Navix-GoToDoor-8x8-v0", "Navix-KeyCorridorS3R3-v0"];
    for (const observation of ["navix-symbolic", "navix-symbolic-first-person", "navix-categorical", "navix-categorical-first-person", "partial"] as const) {
      const options = { numEnvs: 250, seed: 13, observation, semantics: "navix" as const };
      const batch = Array.from({ length: 250 }, (_, b) => ids[b % ids.length]!);
      const cpu = makeVecEnv(batch, { ...options, device: "cpu" });
      const cuda = makeVecEnv(batch, { ...options, device: "cuda" });
      expect(cuda.reset().obs, observation).toEqual(cpu.reset().obs);
      for (let t = 0; t < 150; t++) {
        const actions = Int32Array.from({ length: 250 }, (_, b) => (b * 5 + t * 3 + ((b * t) >> 3)) % 7);
        const a = cpu.step(actions);
        const b = cuda.step(actions);
        expect(b.obs, `${observation} step ${t}`).toEqual(a.obs);
        expect(b.reward, `${observation} step ${t}`).toEqual(a.reward);
        expect(b.stepType, `${observation} step ${t}`).toEqual(a.stepType);
      }
      expect(cuda.state.info, observation).toEqual(cpu.state.info);
      expect(cuda.state.grid, observation).toEqual(cpu.state.grid);
    }
  });

  it("replays the shipped MiniGrid episodes with zero mismatches", () => {
    const episodes = readEpisodes(join(import.meta.dirname, "..", "fixtures", "minigrid", "episodes.jsonl.gz"));
    const report = replayEpisodes(episodes, { device: "cuda" });
    expect(report.first_mismatch).toBeNull();
    expect(report.mismatched_steps).toBe(0);
  });

  it("benchmarks with the state resident on the device", async () => {
    const result = await runGridBench({ env: "MiniGrid-Empty-8x8-v0", envs: 65536, steps: 100, device: "cuda" });
    expect(result.device).toBe("cuda");
    expect(result.steps_per_sec).toBeGreaterThan(0);
  });
});
