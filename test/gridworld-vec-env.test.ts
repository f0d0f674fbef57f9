// makeVecEnv: seeded generated layouts, in-place outputs, autoreset, and bad input.
import { describe, expect, it } from "vitest";
import { envIds, fromMiniGridState, makeVecEnv } from "../lib/gridworld/index.js";
import { roomState } from "./gridworld/build-state.js";

function randomActions(n: number, seed: number, limit = 7): Int32Array {
  let s = seed >>> 0 || 1;
  return Int32Array.from({ length: n }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % limit;
  });
}

describe("makeVecEnv", () => {
  it("knows every MiniGrid id of the spec's catalogue", () => {
    const ids = envIds();
    expect(ids).toContain("MiniGrid-DoorKey-8x8-v0");
    expect(ids).toContain("MiniGrid-ObstructedMaze-Full-v1");
    expect(ids.filter((id) => id.startsWith("MiniGrid-"))).toHaveLength(76);
    expect(ids.filter((id) => id.startsWith("Navix-"))).toHaveLength(47);
  });

  it("gives the same trajectories for the same seed and different ones for another seed", () => {
    const run = (seed: number) => {
      const env = makeVecEnv("MiniGrid-DoorKey-8x8-v0", { numEnvs: 16, seed, device: "cpu" });
      const frames: number[] = [...(env.reset().obs as Uint8Array)];
      for (let t = 0; t < 50; t++) {
        const r = env.step(randomActions(16, t + 1));
        frames.push(...(r.obs as Uint8Array), ...r.reward, ...r.terminated);
      }
      return frames;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it("returns the same typed arrays every step, filled in place", () => {
    const env = makeVecEnv("MiniGrid-Empty-8x8-v0", { numEnvs: 4, device: "cpu" });
    const first = env.reset().obs;
    const r1 = env.step(new Int32Array(4).fill(2));
    const r2 = env.step(new Int32Array(4).fill(1));
    expect(r1.obs).toBe(first);
    expect(r2.reward).toBe(r1.reward);
    expect(env.direction()).toEqual(Int32Array.from([1, 1, 1, 1]));
  });

  it("truncates at max_steps and starts a new episode on the next step (next-step autoreset)", () => {
    const env = makeVecEnv("MiniGrid-Empty-5x5-v0", { numEnvs: 2, device: "cpu", maxSteps: 3 });
    env.reset();
    const left = new Int32Array(2);
    env.step(left);
    env.step(left);
    const last = env.step(left);
    expect([...last.truncated]).toEqual([1, 1]);
    const next = env.step(left);
    expect([...next.truncated, ...next.terminated, ...next.reward]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(env.state.get(0, "stepCount")).toBe(0);
    expect(env.direction()[0]).toBe(0); // the action was ignored: a fresh agent faces east
  });

  it("same-step autoreset returns the ended episode's last view in finalObs and the new episode in obs", () => {
    const options = { numEnvs: 3, device: "cpu" as const, maxSteps: 4, seed: 2 };
    const same = makeVecEnv("MiniGrid-DoorKey-5x5-v0", { ...options, autoreset: "same-step" });
    const manual = makeVecEnv("MiniGrid-DoorKey-5x5-v0", { ...options, autoreset: "disabled" });
    same.reset();
    manual.reset();
    const right = new Int32Array(3).fill(1);
    for (let t = 0; t < 3; t++) {
      same.step(right);
      manual.step(right);
    }
    const last = same.step(right);
    const truth = manual.step(right);
    expect([...last.truncated]).toEqual([1, 1, 1]);
    expect(last.finalObs).toEqual(truth.obs);
    expect(same.state.get(0, "stepCount")).toBe(0);
    expect(same.state.get(0, "episode")).toBe(2);
    expect(same.obs).not.toEqual(truth.obs);
  });

  it("steps a mixed batch of ids, each environment as it would run alone", () => {
    const ids = ["MiniGrid-Empty-5x5-v0", "MiniGrid-FourRooms-v0", "MiniGrid-KeyCorridorS3R1-v0", "MiniGrid-Dynamic-Obstacles-6x6-v0"];
    const mixed = makeVecEnv(ids, { numEnvs: 4, seed: 20 });
    const alone = ids.map((id, b) => makeVecEnv(id, { numEnvs: 1, seed: 20 + b }));
    mixed.reset();
    for (const env of alone) env.reset();
    for (let t = 0; t < 60; t++) {
      const actions = randomActions(4, t + 3, 3);
      const r = mixed.step(actions);
      alone.forEach((env, b) => {
        const own = env.step(Int32Array.of(actions[b] as number));
        expect(r.obs!.subarray(b * 147, (b + 1) * 147), `${ids[b]} step ${t}`).toEqual(own.obs);
        expect(r.reward[b]).toBe(own.reward[0]);
      });
    }
    expect(() => makeVecEnv(ids, { numEnvs: 3 })).toThrow(/ids must have/);
  });

  it("writes the symbolic full grid with the agent as (10, 0, dir)", () => {
    const env = makeVecEnv("MiniGrid-Empty-6x6-v0", { numEnvs: 1, device: "cpu", observation: "symbolic" });
    const obs = env.reset().obs as Uint8Array;
    expect(obs).toHaveLength(6 * 6 * 3);
    expect([...obs.subarray((1 * 6 + 1) * 3, (1 * 6 + 1) * 3 + 3)]).toEqual([10, 0, 0]);
    expect([...obs.subarray((4 * 6 + 4) * 3, (4 * 6 + 4) * 3 + 3)]).toEqual([8, 1, 0]);
  });

  it("resets and steps a big batch asynchronously with the same result as synchronously", async () => {
    const a = makeVecEnv("MiniGrid-FourRooms-v0", { numEnvs: 300, seed: 9, device: "cpu" });
    const b = makeVecEnv("MiniGrid-FourRooms-v0", { numEnvs: 300, seed: 9, device: "cpu" });
    await a.resetAsync();
    b.reset();
    expect(a.obs).toEqual(b.obs);
    expect(a.state.grid).toEqual(b.state.grid);
    for (let t = 0; t < 5; t++) {
      const actions = randomActions(300, t + 7);
      const ra = await a.stepAsync(actions);
      const rb = b.step(actions);
      expect(ra.obs).toEqual(rb.obs);
    }
  });
});

describe("gridworld bad input", () => {
  it("rejects unknown ids, bad batch sizes and bad options", () => {
    expect(() => makeVecEnv("MiniGrid-Nope-v0", { numEnvs: 1 })).toThrow(RangeError);
    expect(() => makeVecEnv("MiniGrid-Empty-8x8-v0", { numEnvs: 0 })).toThrow(/numEnvs/);
    expect(() => makeVecEnv("MiniGrid-Empty-8x8-v0", { numEnvs: 1.5 })).toThrow(/numEnvs/);
    expect(() => makeVecEnv("MiniGrid-Empty-8x8-v0", { numEnvs: 1, viewSize: 4 })).toThrow(/viewSize/);
    expect(() => makeVecEnv("MiniGrid-Empty-8x8-v0", { numEnvs: 1, observation: "rgb" as "none" })).toThrow(/observation/);
  });

  it("rejects wrong action arrays and out-of-range actions, naming them", () => {
    const env = makeVecEnv("MiniGrid-Empty-8x8-v0", { numEnvs: 2, device: "cpu" });
    env.reset();
    expect(() => env.step(new Int32Array(3))).toThrow(/actions must have 2 elements/);
    expect(() => env.step(new Float32Array(2) as unknown as Int32Array)).toThrow(TypeError);
    expect(() => env.step(Int32Array.of(0, 7))).toThrow(/actions\[1\]/);
    expect(() => env.step(Int32Array.of(-1, 0))).toThrow(RangeError);
    const dyn = makeVecEnv("MiniGrid-Dynamic-Obstacles-5x5-v0", { numEnvs: 1, device: "cpu" });
    dyn.reset();
    expect(() => dyn.step(Int32Array.of(3))).toThrow(/\[0, 2\]/);
  });

  it("refuses a corrupted state instead of reading outside the grid", () => {
    const env = fromMiniGridState([roomState({ agent: [4, 4], dir: 0 })]);
    env.state.set(0, "agentX", 40);
    expect(() => env.step(Int32Array.of(2))).toThrow(/outside the grid/);
    env.state.set(0, "agentX", 4);
    env.state.set(0, "kind", 99);
    expect(() => env.step(Int32Array.of(2))).toThrow(/kind/);
  });

  it("rejects malformed MiniGrid states", () => {
    expect(() => fromMiniGridState([])).toThrow(RangeError);
    expect(() => fromMiniGridState([{ ...roomState({ agent: [4, 4], dir: 0 }), grid: "12" }])).toThrow(/hex digits/);
    expect(() => fromMiniGridState([{ ...roomState({ agent: [4, 4], dir: 0 }), agent_dir: 5 }])).toThrow(/agent_dir/);
    expect(() => fromMiniGridState([roomState({ envId: "MiniGrid-Fetch-5x5-N2-v0", agent: [4, 4], dir: 0 })])).toThrow(/targetType/);
  });
});
