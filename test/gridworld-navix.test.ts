// NAVIX ids (spec §9) and the deviations offered as options: Navix-* ids run NAVIX semantics by
// default, MiniGrid-* ids MiniGrid's; `semantics` and the individual flags override either.
import { describe, expect, it } from "vitest";
import { envIds, envSpec, fromMiniGridState, makeVecEnv, type VecEnv } from "../lib/gridworld/index.js";
import { type CellSpec, roomState, viewCell } from "./gridworld/build-state.js";

// Empty-5x5: the agent starts at (1, 1) facing east and the goal is at (3, 3).
const TO_GOAL = [2, 2, 1, 2, 2];

type Options = Omit<Parameters<typeof makeVecEnv>[1], "numEnvs">;
// MiniGrid's rules on a Navix id, the baseline each deviation is compared against.
const MG = { semantics: "minigrid" } as const;

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

  it("generate and step like the MiniGrid id under semantics minigrid", () => {
    const navix = makeVecEnv("Navix-DoorKey-8x8-v0", { ...MG, numEnvs: 4, seed: 9 });
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
    expect(rewardAtGoal({ ...MG, numEnvs: 1 })).toEqual({ reward: Math.fround(1 - (0.9 * 5) / 100), step: 5 });
    expect(rewardAtGoal({ ...MG, numEnvs: 1, markovReward: true })).toEqual({ reward: 1, step: 5 });
    expect(rewardAtGoal({ numEnvs: 1 })).toEqual({ reward: 1, step: 5 });
    expect(rewardAtGoal({ numEnvs: 1, semantics: "navix" })).toEqual({ reward: 1, step: 5 });
    expect(rewardAtGoal({ numEnvs: 1, semantics: "navix", markovReward: false }).reward).toBeCloseTo(0.955, 6);
  });

  it("max_steps: the id's by default, 100 for every id under NAVIX semantics unless maxSteps is passed", () => {
    const steps = (options: Parameters<typeof makeVecEnv>[1]) => {
      const env = makeVecEnv("Navix-DoorKey-16x16-v0", options);
      return env.state.get(0, "maxSteps");
    };
    expect(steps({ ...MG, numEnvs: 1 })).toBe(2560);
    expect(steps({ numEnvs: 1 })).toBe(100);
    expect(steps({ numEnvs: 1, semantics: "navix" })).toBe(100);
    expect(steps({ ...MG, numEnvs: 1, navixMaxSteps: true })).toBe(100);
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
    expect(run(MG)).toEqual({ afterUnlock: { door: 0, carrying: 5 }, afterSecondToggle: 1 });
    expect(run({ ...MG, navixKeyConsumed: true })).toEqual({ afterUnlock: { door: 0, carrying: 0 }, afterSecondToggle: 0 });
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
    expect(run(MG)).toEqual({ x: 3, terminated: 1, reward: 0 });
    expect(run({ ...MG, navixDistShiftLava: true })).toEqual({ x: 3, terminated: 0, reward: 0 });
    expect(run({ semantics: "navix" })).toEqual({ x: 3, terminated: 0, reward: 0 });
  });

  it("rejects an unknown semantics", () => {
    expect(() => makeVecEnv("Navix-Empty-5x5-v0", { numEnvs: 1, semantics: "jax" as "navix" })).toThrow(RangeError);
  });
});

const [LEFT, RIGHT, FORWARD, PICKUP, DROP, TOGGLE, DONE] = [0, 1, 2, 3, 4, 5, 6];
type Triple = [number, number, number];
const KEY: Triple = [5, 4, 0];
const BALL: Triple = [6, 2, 0];
const WALL: Triple = [2, 5, 0];

type LoadOptions = Parameters<typeof fromMiniGridState>[1];
function load(options: LoadOptions, agent: [number, number], dir: number, cells: CellSpec[], extra: Partial<Parameters<typeof roomState>[0]> = {}): VecEnv {
  return fromMiniGridState([roomState({ agent, dir, cells, ...extra })], options);
}

describe("NAVIX observations (opt-in kinds)", () => {
  it("navix-symbolic is the full symbolic grid transposed to row-major", () => {
    const grid = makeVecEnv("Navix-DoorKey-8x8-v0", { numEnvs: 3, seed: 2, observation: "symbolic" });
    const navix = makeVecEnv("Navix-DoorKey-8x8-v0", { numEnvs: 3, seed: 2, observation: "navix-symbolic" });
    const a = grid.reset().obs as Uint8Array;
    const b = navix.reset().obs as Uint8Array;
    for (let e = 0; e < 3; e++) {
      for (let x = 0; x < 8; x++) {
        for (let y = 0; y < 8; y++) {
          for (let c = 0; c < 3; c++) expect(b[e * 192 + (y * 8 + x) * 3 + c]).toBe(a[e * 192 + (x * 8 + y) * 3 + c]);
        }
      }
      const [ax, ay] = [navix.state.get(e, "agentX"), navix.state.get(e, "agentY")];
      expect([...b.subarray(e * 192 + (ay * 8 + ax) * 3, e * 192 + (ay * 8 + ax) * 3 + 3)]).toEqual([10, 0, navix.state.get(e, "agentDir")]);
    }
    // NAVIX draws an entity sharing the agent's cell over the player; MiniGrid's grid shows the agent.
    const door = [{ x: 4, y: 4, cell: [4, 4, 0] as Triple }];
    const onDoor = load({ observation: "navix-symbolic" }, [4, 4], 1, door).observe().obs as Uint8Array;
    expect([...onDoor.subarray((4 * 9 + 4) * 3, (4 * 9 + 4) * 3 + 3)]).toEqual([4, 4, 0]);
    const full = load({ observation: "symbolic" }, [4, 4], 1, door).observe().obs as Uint8Array;
    expect([...full.subarray((4 * 9 + 4) * 3, (4 * 9 + 4) * 3 + 3)]).toEqual([10, 0, 1]);
  });

  it("navix-symbolic-first-person: row-major, no occlusion, the agent's cell empty even when carrying", () => {
    // Agent (4, 7) facing north holding a key; a wall row on y = 5 hides the ball at (4, 3) from MiniGrid.
    const row = [1, 2, 3, 4, 5, 6, 7].map((x) => ({ x, y: 5, cell: WALL }));
    const cells = [...row, { x: 4, y: 3, cell: BALL }];
    const extra = { carrying: KEY };
    const minigrid = load({}, [4, 7], 3, cells, extra).observe().obs as Uint8Array;
    const navix = load({ observation: "navix-symbolic-first-person" }, [4, 7], 3, cells, extra).observe().obs as Uint8Array;
    const rowMajor = (vx: number, vy: number) => [...navix.subarray((vy * 7 + vx) * 3, (vy * 7 + vx) * 3 + 3)];
    expect(viewCell(minigrid, 0, 3, 2)).toEqual([0, 0, 0]); // occluded in MiniGrid
    expect(rowMajor(3, 2)).toEqual(BALL); // seen through the wall in NAVIX
    expect(viewCell(minigrid, 0, 3, 6)).toEqual(KEY); // MiniGrid shows what is carried
    expect(rowMajor(3, 6)).toEqual([1, 0, 0]);
    // Off-map cells are walls in both; everything else equals MiniGrid's see-through view, transposed.
    const seeThrough = load({}, [4, 7], 3, cells, { ...extra, seeThrough: true }).observe().obs as Uint8Array;
    for (let vx = 0; vx < 7; vx++) {
      for (let vy = 0; vy < 7; vy++) if (!(vx === 3 && vy === 6)) expect(rowMajor(vx, vy)).toEqual(viewCell(seeThrough, 0, vx, vy));
    }
    // From (1, 1) facing north, the far-left view cell (-2, -5) lies off the map: a grey wall.
    const corner = load({ observation: "navix-symbolic-first-person" }, [1, 1], 3, []).observe().obs as Uint8Array;
    expect([...corner.subarray(0, 3)]).toEqual(WALL);
  });
});

describe("NAVIX categorical observations (opt-in kinds)", () => {
  it("navix-categorical: i32 tags row-major, border walls -1, DoorKey's and FourRooms' inner walls 2, floor 0, the agent 10", () => {
    for (const id of ["Navix-DoorKey-8x8-v0", "Navix-FourRooms-v0", "Navix-Empty-8x8-v0"]) {
      const env = makeVecEnv(id, { numEnvs: 4, seed: 6, observation: "navix-categorical" });
      const tags = env.reset().obsInt32 as Int32Array;
      const { width: w, height: h } = env.state;
      const innerWalls = id.includes("Empty") ? 0 : 1;
      for (let b = 0; b < 4; b++) {
        let inner = 0;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const [type] = env.state.cell(b, x, y);
            const border = x === 0 || y === 0 || x === w - 1 || y === h - 1;
            const agent = x === env.state.get(b, "agentX") && y === env.state.get(b, "agentY");
            const expected = agent ? 10 : type === 1 ? 0 : type === 2 ? (border ? -1 : 2) : type;
            if (type === 2 && !border) inner++;
            expect(tags[b * w * h + y * w + x], `${id} (${x}, ${y})`).toBe(expected);
          }
        }
        expect(Math.min(inner, 1)).toBe(innerWalls);
      }
    }
  });

  it("navix-categorical-first-person: flood-fill visibility reaches round a corner that process_vis does not; off-map 100", () => {
    // Agent (4, 7) facing north; walls at (3, 6) and (3, 7) beside it; a key at (2, 7) behind them.
    const cells = [{ x: 3, y: 6, cell: WALL }, { x: 3, y: 7, cell: WALL }, { x: 2, y: 7, cell: KEY }];
    const minigrid = load({}, [4, 7], 3, cells).observe().obs as Uint8Array;
    expect(viewCell(minigrid, 0, 1, 6)).toEqual([0, 0, 0]);
    const navix = load({ observation: "navix-categorical-first-person" }, [4, 7], 3, cells).observe().obsInt32 as Int32Array;
    expect(navix).toHaveLength(49);
    const at = (vx: number, vy: number) => navix[vy * 7 + vx];
    expect(at(1, 6)).toBe(5); // the key, reached over (4, 6), (3, 5), (2, 6)
    expect(at(2, 6)).toBe(-1); // the wall beside the agent (frontier of the flood)
    expect(at(3, 6)).toBe(10);
    // Behind a full wall row nothing is seen: the ball reads 0, not its tag 6; off-map cells read 100.
    const row = [1, 2, 3, 4, 5, 6, 7].map((x) => ({ x, y: 5, cell: WALL }));
    const hidden = load({ observation: "navix-categorical-first-person" }, [4, 7], 3, [...row, { x: 4, y: 3, cell: BALL }]).observe().obsInt32 as Int32Array;
    expect([hidden[2 * 7 + 3], hidden[4 * 7 + 3], hidden[5 * 7 + 3]]).toEqual([0, -1, 0]);
    const corner = load({ observation: "navix-categorical-first-person" }, [1, 1], 3, []).observe().obsInt32 as Int32Array;
    expect([corner[0], corner[6 * 7 + 3], corner[6 * 7 + 2]]).toEqual([100, 10, -1]);
  });
});

describe("NAVIX object rules (opt-in)", () => {
  it("pickup: MiniGrid takes a ball with empty hands only; NAVIX takes keys only and overwrites the pocket", () => {
    const ballAhead = [{ x: 5, y: 4, cell: BALL }];
    const minigrid = load({}, [4, 4], 0, ballAhead);
    minigrid.step(Int32Array.of(PICKUP));
    expect(minigrid.state.get(0, "carryType")).toBe(6);
    const navix = load({ navixPickup: true }, [4, 4], 0, ballAhead);
    navix.step(Int32Array.of(PICKUP));
    expect([navix.state.get(0, "carryType"), navix.state.cell(0, 5, 4)]).toEqual([0, BALL]);
    // Holding a red key, facing a yellow one: MiniGrid refuses, NAVIX swaps and the red key is gone.
    const keyAhead = [{ x: 5, y: 4, cell: KEY }];
    const full = load({}, [4, 4], 0, keyAhead, { carrying: [5, 0, 0] });
    full.step(Int32Array.of(PICKUP));
    expect([full.state.get(0, "carryColour"), full.state.cell(0, 5, 4)]).toEqual([0, KEY]);
    const swap = load({ semantics: "navix" }, [4, 4], 0, keyAhead, { carrying: [5, 0, 0] });
    swap.step(Int32Array.of(PICKUP));
    expect([swap.state.get(0, "carryColour"), swap.state.cell(0, 5, 4)]).toEqual([4, [1, 0, 0]]);
  });

  it("drop: MiniGrid empties the hands; NAVIX leaves the pocket naming the key, which still opens its door once", () => {
    const door = { x: 4, y: 3, cell: [4, 4, 2] as Triple };
    const run = (options: LoadOptions) => {
      const env = load(options, [4, 4], 0, [door], { carrying: KEY });
      env.step(Int32Array.of(DROP)); // the key goes to (5, 4)
      const afterDrop = { carry: env.state.get(0, "carryType"), floor: env.state.cell(0, 5, 4) };
      env.step(Int32Array.of(RIGHT)); // face (4, 5)
      env.step(Int32Array.of(DROP)); // a second drop
      const second = env.state.cell(0, 4, 5);
      env.step(Int32Array.of(LEFT));
      env.step(Int32Array.of(LEFT)); // face the door at (4, 3)
      env.step(Int32Array.of(TOGGLE));
      return { afterDrop, second, door: env.state.cell(0, 4, 3)[2], carry: env.state.get(0, "carryType") };
    };
    expect(run({})).toEqual({ afterDrop: { carry: 0, floor: KEY }, second: [1, 0, 0], door: 2, carry: 0 });
    expect(run({ navixDrop: true, navixKeyConsumed: true })).toEqual({ afterDrop: { carry: 5, floor: KEY }, second: [1, 0, 0], door: 0, carry: 0 });
  });

  it("box toggle: MiniGrid replaces the box by its contents; NAVIX does nothing", () => {
    const box = [{ x: 5, y: 4, cell: [7, 5, 0] as Triple }];
    const boxes: [number, number, Triple | null][] = [[5, 4, KEY]];
    const minigrid = load({}, [4, 4], 0, box, { boxes });
    minigrid.step(Int32Array.of(TOGGLE));
    expect(minigrid.state.cell(0, 5, 4)).toEqual(KEY);
    const navix = load({ navixNoBoxToggle: true }, [4, 4], 0, box, { boxes });
    navix.step(Int32Array.of(TOGGLE));
    expect(navix.state.cell(0, 5, 4)).toEqual([7, 5, 0]);
  });
});

describe("NAVIX Dynamic-Obstacles (opt-in)", () => {
  const state = (agent: [number, number], dir: number, cells: CellSpec[]) =>
    roomState({ envId: "MiniGrid-Dynamic-Obstacles-8x8-v0", width: 8, height: 8, agent, dir, cells, seeThrough: true, maxSteps: 256 });
  const batch = (n: number, s: ReturnType<typeof state>, options: LoadOptions) => {
    const env = fromMiniGridState(Array.from({ length: n }, () => s), { observation: "none", ...options });
    for (let b = 0; b < n; b++) env.state.set(b, "rngLow", 0x51ed * (b + 3));
    return env;
  };

  it("accepts 7 actions and does not charge a bumped wall", () => {
    const minigrid = batch(1, state([1, 3], 2, []), {});
    expect(() => minigrid.step(Int32Array.of(TOGGLE))).toThrow(/\[0, 2\]/);
    const navix = batch(1, state([1, 3], 2, []), { navixDynamicObstacles: true });
    expect(navix.step(Int32Array.of(DONE)).terminated[0]).toBe(0);
    const bump = navix.step(Int32Array.of(FORWARD));
    expect([bump.reward[0], bump.terminated[0]]).toEqual([0, 0]);
    const charged = batch(1, state([1, 3], 2, []), {}).step(Int32Array.of(FORWARD));
    expect([charged.reward[0], charged.terminated[0]]).toEqual([-1, 1]);
  });

  it("moves each ball one cardinal step (uniform over 4) after the agent; a step onto the agent ends the episode with 0", () => {
    const n = 2000;
    // The agent walks from (2, 3) to (3, 3), next to the ball at (4, 3): only NAVIX's order can hit it.
    const env = batch(n, state([2, 3], 0, [{ x: 4, y: 3, cell: BALL }]), { semantics: "navix" });
    const r = env.step(new Int32Array(n).fill(FORWARD));
    const where = new Map<string, number>();
    for (let b = 0; b < n; b++) {
      expect([env.state.get(b, "agentX"), env.state.get(b, "agentY")]).toEqual([3, 3]);
      const ball = [env.state.get(b, "task0", 1), env.state.get(b, "task0", 2)].join(",");
      where.set(ball, (where.get(ball) ?? 0) + 1);
      expect(r.reward[b]).toBe(0);
      expect(r.terminated[b]).toBe(ball === "4,3" ? 1 : 0); // it stayed only because it met the agent
    }
    expect([...where.keys()].sort()).toEqual(["4,2", "4,3", "4,4", "5,3"]);
    const chi2 = [...where.values()].reduce((sum, count) => sum + (count - n / 4) ** 2 / (n / 4), 0);
    expect(chi2).toBeLessThan(16.3); // 3 degrees of freedom, p = 0.001
    // MiniGrid moves the ball first, against the agent's old cell: no contact rule, no termination.
    const minigrid = batch(n, state([2, 3], 0, [{ x: 4, y: 3, cell: BALL }]), {});
    const m = minigrid.step(new Int32Array(n).fill(FORWARD));
    expect(m.terminated.some((t, b) => t === 1 && m.reward[b] === 0)).toBe(false);
  });

  it("ends the episode with 0 when the agent walks into a ball (MiniGrid: -1)", () => {
    const cells = [{ x: 3, y: 3, cell: BALL }, ...[[3, 2], [4, 3], [3, 4]].map(([x, y]) => ({ x: x!, y: y!, cell: WALL }))];
    const navix = batch(1, state([2, 3], 0, cells), { navixDynamicObstacles: true }).step(Int32Array.of(FORWARD));
    expect([navix.reward[0], navix.terminated[0]]).toEqual([0, 1]);
    const minigrid = batch(1, state([2, 3], 0, cells), {}).step(Int32Array.of(FORWARD));
    expect([minigrid.reward[0], minigrid.terminated[0]]).toEqual([-1, 1]);
  });
});

describe("NAVIX GoToDoor and layouts (opt-in)", () => {
  // Puts the agent inside the room next to the target door, facing along the wall, so that one
  // left turn faces the door.
  function besideTarget(env: VecEnv, b: number): void {
    const [tx, ty] = [env.state.get(b, "task0", 0), env.state.get(b, "task0", 1)];
    let maxX = 0;
    for (let x = 0; x < env.state.width; x++) if (env.state.cell(b, x, 0)[0] === 2) maxX = x;
    const [ax, ay, facing] = ty === 0 ? [tx, 1, 3] : tx === 0 ? [1, ty, 2] : tx === maxX ? [tx - 1, ty, 0] : [tx, ty - 1, 1];
    env.state.set(b, "agentX", ax);
    env.state.set(b, "agentY", ay);
    env.state.set(b, "agentDir", (facing + 1) % 4);
  }

  it("GoToDoor: NAVIX pays as soon as the agent faces the target; MiniGrid waits for done", () => {
    for (const options of [MG, { ...MG, navixGoToDoor: true }]) {
      const env = makeVecEnv("Navix-GoToDoor-8x8-v0", { numEnvs: 16, seed: 1, observation: "none", maxSteps: 64, ...options });
      env.reset();
      for (let b = 0; b < 16; b++) besideTarget(env, b);
      const turned = env.step(new Int32Array(16).fill(LEFT));
      const navix = "navixGoToDoor" in options;
      for (let b = 0; b < 16; b++) {
        expect(turned.terminated[b]).toBe(navix ? 1 : 0);
        expect(turned.reward[b]).toBeCloseTo(navix ? 1 - 0.9 / 64 : 0, 6);
      }
      if (!navix) {
        const done = env.step(new Int32Array(16).fill(DONE));
        for (let b = 0; b < 16; b++) expect([done.terminated[b], done.reward[b]! > 0]).toEqual([1, true]);
      }
    }
  });

  it("GoToDoor rooms: side randint(5, n + 1) in MiniGrid, randint(5, n) in NAVIX", () => {
    const sides = (options: object) => {
      const env = makeVecEnv("Navix-GoToDoor-8x8-v0", { numEnvs: 200, seed: 4, observation: "none", ...options });
      env.reset();
      const found = new Set<number>();
      for (let b = 0; b < 200; b++) {
        let maxX = 0;
        for (let x = 0; x < 8; x++) if (env.state.cell(b, x, 0)[0] === 2 || env.state.cell(b, x, 0)[0] === 4) maxX = x;
        found.add(maxX + 1);
      }
      return [...found].sort();
    };
    expect(sides(MG)).toEqual([5, 6, 7, 8]);
    expect(sides({ ...MG, navixGoToDoor: true })).toEqual([5, 6, 7]);
    expect(sides({})).toEqual([5, 6, 7]);
  });

  it("Empty-Random: MiniGrid keeps the goal in the corner; NAVIX draws it too", () => {
    const goals = (options: object) => {
      const env = makeVecEnv("Navix-Empty-Random-8x8-v0", { numEnvs: 100, seed: 3, observation: "none", ...options });
      env.reset();
      const found = new Set<string>();
      for (let b = 0; b < 100; b++) for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) if (env.state.cell(b, x, y)[0] === 8) found.add(`${x},${y}`);
      return found;
    };
    expect([...goals(MG)]).toEqual(["6,6"]);
    expect(goals({ ...MG, navixLayouts: true }).size).toBeGreaterThan(20);
    expect(goals({}).size).toBeGreaterThan(20);
  });

  it("DoorKey: NAVIX starts plain ids at (1, 1) facing east and draws the door row from [1, H-1)", () => {
    const layouts = (id: string, options: object) => {
      const env = makeVecEnv(id, { numEnvs: 300, seed: 8, observation: "none", ...options });
      env.reset();
      return Array.from({ length: 300 }, (_, b) => {
        let door = [0, 0];
        let goal = [0, 0];
        for (let x = 0; x < 8; x++) {
          for (let y = 0; y < 8; y++) {
            if (env.state.cell(b, x, y)[0] === 4) door = [x, y];
            if (env.state.cell(b, x, y)[0] === 8) goal = [x, y];
          }
        }
        return { agent: [env.state.get(b, "agentX"), env.state.get(b, "agentY"), env.state.get(b, "agentDir")], door, goal };
      });
    };
    const minigrid = layouts("Navix-DoorKey-8x8-v0", MG);
    expect(Math.max(...minigrid.map((l) => l.door[1]!))).toBe(5); // randint(1, W - 2)
    expect(new Set(minigrid.map((l) => l.agent.join())).size).toBeGreaterThan(10);
    const navix = layouts("Navix-DoorKey-8x8-v0", { ...MG, navixLayouts: true });
    expect(Math.max(...navix.map((l) => l.door[1]!))).toBe(6); // randint(1, H - 1)
    for (const l of navix) expect([l.agent, l.goal]).toEqual([[1, 1, 0], [6, 6]]);
    const random = layouts("Navix-DoorKey-Random-8x8-v0", { semantics: "navix" });
    expect(new Set(random.map((l) => l.goal.join())).size).toBeGreaterThan(5);
    for (const l of random) {
      expect(l.goal[0]).toBeGreaterThan(l.door[0]!);
      expect(l.agent[0]).toBeLessThan(l.door[0]!);
    }
  });
});
