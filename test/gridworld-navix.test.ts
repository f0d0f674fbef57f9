// NAVIX ids (spec §9) and the deviations offered as options: MiniGrid semantics stay the default.
import { describe, expect, it } from "vitest";
import { envIds, envSpec, makeVecEnv } from "../lib/gridworld/index.js";

// Empty-5x5: the agent starts at (1, 1) facing east and the goal is at (3, 3).
const TO_GOAL = [2, 2, 1, 2, 2];

type Options = Omit<Parameters<typeof makeVecEnv>[1], "numEnvs">;

function rewardAtGoal(options: Parameters<typeof makeVecEnv>[1]): { reward: number; step: number } {
  const env = makeVecEnv("Navix-Empty-5x5-v0", options);
  env.reset();
  for (const [t, action] of TO_GOAL.entries()) {
    const r = env.step(new Int32Array([action]));
    if (r.terminated[0]) return { reward: r.reward[0]!, step: t + 1 };
  }
  throw new Error("the goal was not reached");
}

describe("NAVIX ids", () => {
  it("map onto the same families as MiniGrid's", () => {
    expect(envIds().filter((id) => id.startsWith("Navix-"))).toHaveLength(47);
    const doorKey = envSpec("Navix-DoorKey-8x8-v0");
    const miniGrid = envSpec("MiniGrid-DoorKey-8x8-v0");
    expect(doorKey).toMatchObject({ kind: miniGrid.kind, width: 8, height: 8, maxSteps: miniGrid.maxSteps, source: "navix" });
    expect(envSpec("Navix-FourRooms-9x9-v0")).toMatchObject({ kind: "four-rooms", width: 9, height: 9 });
    expect(envSpec("Navix-Dynamic-Obstacles-6x6-Random-v0").params).toEqual(envSpec("MiniGrid-Dynamic-Obstacles-Random-6x6-v0").params);
    expect(() => envSpec("Navix-Memory-S7-v0")).toThrow(RangeError);
  });

  it("generate and step like the MiniGrid id by default", () => {
    const navix = makeVecEnv("Navix-DoorKey-8x8-v0", { numEnvs: 4, seed: 9 });
    const miniGrid = makeVecEnv("MiniGrid-DoorKey-8x8-v0", { numEnvs: 4, seed: 9 });
    expect([...navix.reset().obs!]).toEqual([...miniGrid.reset().obs!]);
    const actions = new Int32Array([2, 1, 5, 3]);
    expect([...navix.step(actions).obs!]).toEqual([...miniGrid.step(actions).obs!]);
    for (const id of ["Navix-FourRooms-7x7-v0", "Navix-Empty-Random-16x16-v0"]) {
      const env = makeVecEnv(id, { numEnvs: 8 });
      env.reset();
      for (let b = 0; b < 8; b++) {
        const [x, y] = [env.state.get(b, "agentX"), env.state.get(b, "agentY")];
        expect(env.state.cell(b, x, y)[0]).toBe(1); // the agent stands on an empty cell inside the border
      }
    }
  });
});

describe("NAVIX deviations (opt-in)", () => {
  it("time penalty: MiniGrid's 1 - 0.9 t/T by default, NAVIX's Markov +1 with markovReward or semantics navix", () => {
    expect(rewardAtGoal({ numEnvs: 1 })).toEqual({ reward: Math.fround(1 - (0.9 * 5) / 100), step: 5 });
    expect(rewardAtGoal({ numEnvs: 1, markovReward: true })).toEqual({ reward: 1, step: 5 });
    expect(rewardAtGoal({ numEnvs: 1, semantics: "navix" })).toEqual({ reward: 1, step: 5 });
    expect(rewardAtGoal({ numEnvs: 1, semantics: "navix", markovReward: false }).reward).toBeCloseTo(0.955, 6);
  });

  it("max_steps: the id's by default, 100 for every id under NAVIX semantics unless maxSteps is passed", () => {
    const steps = (options: Parameters<typeof makeVecEnv>[1]) => {
      const env = makeVecEnv("Navix-DoorKey-16x16-v0", options);
      return env.state.get(0, "maxSteps");
    };
    expect(steps({ numEnvs: 1 })).toBe(2560);
    expect(steps({ numEnvs: 1, semantics: "navix" })).toBe(100);
    expect(steps({ numEnvs: 1, navixMaxSteps: true })).toBe(100);
    expect(steps({ numEnvs: 1, semantics: "navix", maxSteps: 7 })).toBe(7);
    // Truncation follows: spinning in place ends the episode at step 100.
    const env = makeVecEnv("Navix-DoorKey-16x16-v0", { numEnvs: 1, semantics: "navix", observation: "none" });
    env.reset();
    for (let t = 1; t <= 100; t++) {
      const r = env.step(new Int32Array([0]));
      expect(r.truncated[0]).toBe(t === 100 ? 1 : 0);
      expect(r.stepType[0]).toBe(t === 100 ? 1 : 0);
    }
  });

  it("key/door: MiniGrid keeps the key and lets the door close; NAVIX uses the key up and never closes the door", () => {
    const run = (options: Options) => {
      const env = makeVecEnv("Navix-DoorKey-5x5-v0", { ...options, numEnvs: 1, seed: 4, observation: "none" });
      env.reset();
      const { state } = env;
      let door: [number, number] | null = null;
      for (let x = 0; x < 5; x++) for (let y = 0; y < 5; y++) if (state.cell(0, x, y)[0] === 4) door = [x, y];
      const [dx, dy] = door!;
      const colour = state.cell(0, dx, dy)[1];
      expect(state.cell(0, dx, dy)[2]).toBe(2); // locked
      // Stand west of the door facing it, holding the key of its colour.
      state.grid.set([1, 0, 0], state.cellIndex(0, dx - 1, dy));
      state.set(0, "agentX", dx - 1);
      state.set(0, "agentY", dy);
      state.set(0, "agentDir", 0);
      state.set(0, "carryType", 5);
      state.set(0, "carryColour", colour);
      env.step(new Int32Array([5]));
      const afterUnlock = { door: state.cell(0, dx, dy)[2], carrying: state.get(0, "carryType") };
      env.step(new Int32Array([5]));
      return { afterUnlock, afterSecondToggle: state.cell(0, dx, dy)[2] };
    };
    expect(run({})).toEqual({ afterUnlock: { door: 0, carrying: 5 }, afterSecondToggle: 1 });
    expect(run({ navixKeyConsumed: true })).toEqual({ afterUnlock: { door: 0, carrying: 0 }, afterSecondToggle: 0 });
    expect(run({ semantics: "navix" })).toEqual({ afterUnlock: { door: 0, carrying: 0 }, afterSecondToggle: 0 });
  });

  it("DistShift lava: ends the episode in MiniGrid, not in NAVIX", () => {
    const run = (options: Options) => {
      const env = makeVecEnv("Navix-DistShift1-v0", { ...options, numEnvs: 1, observation: "none" });
      env.reset();
      expect(env.state.cell(0, 3, 1)[0]).toBe(9); // lava east of the start (1, 1)
      env.step(new Int32Array([2]));
      const r = env.step(new Int32Array([2]));
      return { x: env.state.get(0, "agentX"), terminated: r.terminated[0], reward: r.reward[0] };
    };
    expect(run({})).toEqual({ x: 3, terminated: 1, reward: 0 });
    expect(run({ navixDistShiftLava: true })).toEqual({ x: 3, terminated: 0, reward: 0 });
    expect(run({ semantics: "navix" })).toEqual({ x: 3, terminated: 0, reward: 0 });
  });

  it("rejects an unknown semantics", () => {
    expect(() => makeVecEnv("Navix-Empty-5x5-v0", { numEnvs: 1, semantics: "jax" as "navix" })).toThrow(RangeError);
  });
});
