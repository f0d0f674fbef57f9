// Default semantics per id (Navix-* ids run NAVIX's rules, MiniGrid-* ids MiniGrid's, per environment
// in a mixed batch), the action counts that follow, and NAVIX's reward with its penalty coefficient
// (environment.py: on a terminating step, reward - penality_coeff * t / T in float32).
import { describe, expect, it } from "vitest";
import { envSpec, fromMiniGridState, makeVecEnv, runGridBench } from "../lib/gridworld/index.js";
import { type CellSpec, roomState } from "./gridworld/build-state.js";

const [LEFT, RIGHT, FORWARD, , , , DONE] = [0, 1, 2, 3, 4, 5, 6];
const BALL: [number, number, number] = [6, 2, 0];
const WALL: [number, number, number] = [2, 5, 0];
const LAVA: [number, number, number] = [9, 0, 0];
// Empty-5x5: the agent starts at (1, 1) facing east and the goal is at (3, 3).
const TO_GOAL = [FORWARD, FORWARD, RIGHT, FORWARD, FORWARD];

/** NAVIX's float32 reward on a terminating step t of T: base - c * (t / T). */
function navixReward(base: number, coeff: number, t: number, maxSteps: number): number {
  const f = Math.fround;
  return f(base - f(f(coeff) * f(t / maxSteps)));
}

function walkToGoal(ids: string[], options: Omit<Parameters<typeof makeVecEnv>[1], "numEnvs">) {
  const env = makeVecEnv(ids, { ...options, numEnvs: ids.length, observation: "none" });
  env.reset();
  for (const action of TO_GOAL.slice(0, -1)) env.step(new Int32Array(ids.length).fill(action));
  const r = env.step(new Int32Array(ids.length).fill(TO_GOAL.at(-1)!));
  return { reward: [...r.reward], terminated: [...r.terminated], env };
}

describe("default semantics per id", () => {
  it("Navix ids run NAVIX's rules unless semantics minigrid; MiniGrid ids MiniGrid's unless semantics navix", () => {
    const deviations = (id: string, options: object = {}) => makeVecEnv(id, { numEnvs: 1, ...options }).state.get(0, "deviations");
    expect(deviations("Navix-DoorKey-8x8-v0")).toBe(255);
    expect(deviations("Navix-DoorKey-8x8-v0", { semantics: "minigrid" })).toBe(0);
    expect(deviations("Navix-DoorKey-8x8-v0", { navixKeyConsumed: false })).toBe(254);
    expect(deviations("MiniGrid-DoorKey-8x8-v0")).toBe(0);
    expect(deviations("MiniGrid-DoorKey-8x8-v0", { semantics: "navix" })).toBe(255);
    expect(deviations("MiniGrid-DoorKey-8x8-v0", { navixLayouts: true })).toBe(128);
    // NAVIX's DoorKey layout on the Navix id: every start at (1, 1) facing east.
    const doorKey = makeVecEnv("Navix-DoorKey-8x8-v0", { numEnvs: 20, seed: 5, observation: "none" });
    doorKey.reset();
    for (let b = 0; b < 20; b++) expect([doorKey.state.get(b, "agentX"), doorKey.state.get(b, "agentY"), doorKey.state.get(b, "agentDir")]).toEqual([1, 1, 0]);
  });

  it("mixed batches: each environment follows its own id (max_steps, reward, deviations)", () => {
    const { reward, terminated, env } = walkToGoal(["MiniGrid-Empty-5x5-v0", "Navix-Empty-5x5-v0", "MiniGrid-Empty-5x5-v0"], {});
    expect(terminated).toEqual([1, 1, 1]);
    expect(reward).toEqual([Math.fround(1 - (0.9 * 5) / 100), 1, Math.fround(1 - (0.9 * 5) / 100)]);
    expect([0, 1, 2].map((b) => env.state.get(b, "deviations"))).toEqual([0, 255, 0]);
    const steps = makeVecEnv(["MiniGrid-DoorKey-16x16-v0", "Navix-DoorKey-16x16-v0"], { numEnvs: 2 });
    expect([steps.state.get(0, "maxSteps"), steps.state.get(1, "maxSteps")]).toEqual([2560, 100]);
    // An explicit semantics applies to every environment.
    const forced = walkToGoal(["MiniGrid-Empty-5x5-v0", "Navix-Empty-5x5-v0"], { semantics: "minigrid" });
    expect(forced.reward).toEqual([Math.fround(1 - (0.9 * 5) / 100), Math.fround(1 - (0.9 * 5) / 100)]);
  });

  it("fromMiniGridState keeps MiniGrid's rules by default (recorded states are MiniGrid's)", () => {
    const env = fromMiniGridState([roomState({ agent: [1, 1], dir: 0 })]);
    expect(env.state.get(0, "deviations")).toBe(0);
  });

  it("runGridBench reports the semantics it ran: the id's own unless given", async () => {
    const run = (env: string, semantics?: "minigrid" | "navix") => runGridBench({ env, envs: 4, steps: 2, threads: 1, obs: "none", ...(semantics ? { semantics } : {}) });
    expect((await run("Navix-Empty-5x5-v0")).semantics).toBe("navix");
    expect((await run("MiniGrid-Empty-5x5-v0")).semantics).toBe("minigrid");
    expect((await run("Navix-Empty-5x5-v0", "minigrid")).semantics).toBe("minigrid");
  });
});

describe("action counts", () => {
  it("envSpec(id).actions holds for the id's default semantics: 7 for NAVIX's Dynamic-Obstacles", () => {
    expect(envSpec("Navix-Dynamic-Obstacles-8x8-v0").actions).toBe(7);
    expect(envSpec("Navix-Dynamic-Obstacles-5x5-Random-v0").actions).toBe(7);
    expect(envSpec("MiniGrid-Dynamic-Obstacles-8x8-v0").actions).toBe(3);
    expect(envSpec("Navix-DoorKey-8x8-v0").actions).toBe(7);
  });

  it("VecEnv.actionCounts follows the options used, and the addon accepts exactly that range", () => {
    const ids = ["MiniGrid-Dynamic-Obstacles-8x8-v0", "Navix-Dynamic-Obstacles-8x8-v0", "Navix-DoorKey-8x8-v0"];
    const env = makeVecEnv(ids, { numEnvs: 3, observation: "none" });
    expect([...env.actionCounts]).toEqual([3, 7, 7]);
    env.reset();
    expect(() => env.step(Int32Array.of(DONE, DONE, DONE))).toThrow(RangeError);
    expect(() => env.step(Int32Array.of(LEFT, DONE, DONE))).not.toThrow();
    expect(() => env.step(Int32Array.of(LEFT, 7, LEFT))).toThrow(RangeError);
    const counts = (id: string, options: object) => [...makeVecEnv(id, { numEnvs: 2, ...options }).actionCounts];
    expect(counts("Navix-Dynamic-Obstacles-8x8-v0", { semantics: "minigrid" })).toEqual([3, 3]);
    expect(counts("Navix-Dynamic-Obstacles-8x8-v0", { navixDynamicObstacles: false })).toEqual([3, 3]);
    expect(counts("MiniGrid-Dynamic-Obstacles-8x8-v0", { semantics: "navix" })).toEqual([7, 7]);
    const loaded = fromMiniGridState([roomState({ envId: "MiniGrid-Dynamic-Obstacles-8x8-v0", agent: [1, 1], dir: 0 })], { navixDynamicObstacles: true });
    expect([...loaded.actionCounts]).toEqual([7]);
  });
});

describe("NAVIX's penalty coefficient", () => {
  it("0 under NAVIX semantics (+1 at the goal); 0.9 gives MiniGrid's 1 - 0.9 t/T bit for bit", () => {
    expect(walkToGoal(["Navix-Empty-5x5-v0"], {}).reward).toEqual([1]);
    const minigrid = walkToGoal(["Navix-Empty-5x5-v0"], { semantics: "minigrid", maxSteps: 37 }).reward[0]!;
    const navix = walkToGoal(["Navix-Empty-5x5-v0"], { navixPenaltyCoeff: 0.9, maxSteps: 37 }).reward[0]!;
    expect(navix).toBe(minigrid);
    expect(navix).toBe(navixReward(1, 0.9, 5, 37));
    // Any coefficient, also on MiniGrid ids (where it brings NAVIX's Markov reward with it).
    expect(walkToGoal(["MiniGrid-Empty-5x5-v0"], { navixPenaltyCoeff: 0.25 }).reward).toEqual([navixReward(1, 0.25, 5, 100)]);
    expect(walkToGoal(["Navix-Empty-5x5-v0"], { navixPenaltyCoeff: 0.5, maxSteps: 60 }).reward).toEqual([navixReward(1, 0.5, 5, 60)]);
  });

  const load = (cells: CellSpec[], options: Parameters<typeof fromMiniGridState>[1], envId?: string) =>
    fromMiniGridState([roomState({ agent: [2, 3], dir: 0, cells, maxSteps: 40, ...(envId ? { envId, seeThrough: true } : {}) })], { observation: "none", ...options });

  it("subtracts c t/T on lava deaths too, where MiniGrid pays 0", () => {
    const run = (options: Parameters<typeof fromMiniGridState>[1]) => {
      const env = load([{ x: 3, y: 3, cell: LAVA }], options);
      for (const action of [LEFT, RIGHT, LEFT, RIGHT]) expect(env.step(Int32Array.of(action)).terminated[0]).toBe(0);
      const r = env.step(Int32Array.of(FORWARD));
      return { reward: r.reward[0], terminated: r.terminated[0] };
    };
    expect(run({})).toEqual({ reward: 0, terminated: 1 });
    expect(run({ semantics: "navix" })).toEqual({ reward: 0, terminated: 1 });
    const penalised = run({ semantics: "navix", navixPenaltyCoeff: 0.9 });
    expect(penalised).toEqual({ reward: navixReward(0, 0.9, 5, 40), terminated: 1 });
    expect(penalised.reward).toBeCloseTo(-0.1125, 6);
  });

  it("subtracts c t/T when NAVIX's Dynamic-Obstacles ends on a ball, where MiniGrid gives -1", () => {
    const boxedBall = [{ x: 3, y: 3, cell: BALL }, ...[[3, 2], [4, 3], [3, 4]].map(([x, y]) => ({ x: x!, y: y!, cell: WALL }))];
    const dyn = "MiniGrid-Dynamic-Obstacles-8x8-v0";
    const hit = (options: Parameters<typeof fromMiniGridState>[1]) => {
      const env = load(boxedBall, options, dyn);
      env.state.set(0, "stepCount", 6); // t = 7 on the step into the ball
      const r = env.step(Int32Array.of(FORWARD));
      return [r.reward[0], r.terminated[0]];
    };
    expect(hit({ semantics: "navix" })).toEqual([0, 1]);
    expect(hit({ semantics: "navix", navixPenaltyCoeff: 0.4 })).toEqual([navixReward(0, 0.4, 7, 40), 1]);
    expect(hit({})).toEqual([-1, 1]);
  });

  it("leaves truncations and ordinary steps alone, and charges a goal reached at t = T (both flags set)", () => {
    const spin = makeVecEnv("Navix-Empty-5x5-v0", { numEnvs: 1, observation: "none", navixPenaltyCoeff: 0.9, maxSteps: 3 });
    spin.reset();
    for (let t = 1; t <= 3; t++) {
      const r = spin.step(Int32Array.of(LEFT));
      expect([r.reward[0], r.terminated[0], r.truncated[0]]).toEqual([0, 0, t === 3 ? 1 : 0]);
    }
    const last = walkToGoal(["Navix-Empty-5x5-v0"], { navixPenaltyCoeff: 0.9, maxSteps: 5 });
    expect(last.terminated).toEqual([1]);
    expect(last.env.truncated[0]).toBe(1);
    expect(last.reward).toEqual([navixReward(1, 0.9, 5, 5)]);
    expect(last.env.stepType[0]).toBe(2);
  });

  it("uses the ending step's t under every autoreset mode (same-step has already reset the counter)", async () => {
    for (const autoreset of ["next-step", "same-step", "disabled"] as const) {
      expect(walkToGoal(["Navix-Empty-5x5-v0"], { navixPenaltyCoeff: 0.9, autoreset }).reward, autoreset).toEqual([navixReward(1, 0.9, 5, 100)]);
    }
    const env = makeVecEnv("Navix-Empty-5x5-v0", { numEnvs: 1, observation: "none", navixPenaltyCoeff: 0.3, autoreset: "same-step" });
    env.reset();
    for (const action of TO_GOAL.slice(0, -1)) await env.stepAsync(Int32Array.of(action));
    expect([...(await env.stepAsync(Int32Array.of(FORWARD))).reward]).toEqual([navixReward(1, 0.3, 5, 100)]);
    expect(env.state.get(0, "stepCount")).toBe(0);
  });

  it("rejects a coefficient without the Markov reward it applies to, and a non-finite one", () => {
    expect(() => makeVecEnv("Navix-Empty-5x5-v0", { numEnvs: 1, navixPenaltyCoeff: 0.9, markovReward: false })).toThrow(RangeError);
    expect(() => fromMiniGridState([roomState({ agent: [1, 1], dir: 0 })], { navixPenaltyCoeff: 0.9, markovReward: false })).toThrow(RangeError);
    expect(() => makeVecEnv("Navix-Empty-5x5-v0", { numEnvs: 1, navixPenaltyCoeff: Number.NaN })).toThrow();
    expect(() => makeVecEnv("Navix-Empty-5x5-v0", { numEnvs: 1, navixPenaltyCoeff: "0.9" as unknown as number })).toThrow(TypeError);
  });
});
