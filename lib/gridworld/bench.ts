// Gridworld throughput: B environments of one id, T random-action steps each, observations written
// for every environment and step (unless "none"), timed inside the addon after reset.
import { z } from "zod";
import type { GridworldObservationKind } from "../native/binding.js";
import { type Device, DEVICES, loadNative, resolveDevice } from "../native/index.js";
import { envSpec } from "./registry.js";
import { makeVecEnv } from "./vec-env.js";

const optionsSchema = z.object({
  env: z.string(),
  envs: z.number().int().min(1).max(2 ** 26),
  steps: z.number().int().min(1).max(2 ** 30),
  device: z.enum(DEVICES as unknown as [Device, ...Device[]]).default("cpu"),
  threads: z.number().int().min(0).max(1024).default(0),
  obs: z
    .enum(["partial", "symbolic", "rgb-partial", "rgb-full", "navix-symbolic", "navix-symbolic-first-person", "navix-categorical", "navix-categorical-first-person", "none"])
    .default("partial"),
  // Unset: the id's own (NAVIX's for Navix-* ids).
  semantics: z.enum(["minigrid", "navix"]).optional(),
  seed: z.number().int().min(0).default(0),
});
export type GridBenchOptions = z.input<typeof optionsSchema>;

export interface GridBenchResult {
  env: string;
  device: "cpu" | "cuda";
  threads: number;
  envs: number;
  steps: number;
  obs: GridworldObservationKind;
  semantics: "minigrid" | "navix";
  steps_per_sec: number;
  seconds: number;
}

export async function runGridBench(options: GridBenchOptions): Promise<GridBenchResult> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(`${issue?.path.join(".") || "options"}: ${issue?.message ?? "invalid"}`);
  }
  const o = parsed.data;
  const semantics = o.semantics ?? envSpec(o.env).source;
  const device = resolveDevice(o.device);
  // Layouts are generated on the device too; the timed loop keeps the state resident there.
  const env = makeVecEnv(o.env, { numEnvs: o.envs, seed: o.seed, observation: o.obs, device, threads: o.threads, semantics: o.semantics });
  env.reset();
  const native = loadNative();
  const threads = device === "cuda" ? 0 : o.threads === 0 ? native.threadCount() : Math.min(o.threads, native.threadCount());
  const timing = await native.gridworldBenchmark(...env.state.args(), o.obs, env.viewSize, o.steps, o.threads, o.seed, device);
  return {
    env: o.env,
    device,
    threads,
    envs: o.envs,
    steps: o.steps,
    obs: o.obs,
    semantics,
    steps_per_sec: (o.envs * o.steps) / timing.seconds,
    seconds: timing.seconds,
  };
}
