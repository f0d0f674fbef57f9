// Dynamic-Obstacles as MiniGrid 3.1.0 runs it (spec §7, §10): balls move inside their 3x3 block
// before the agent acts, a forward step into anything but empty or the goal costs -1 and ends the
// episode (judged on the cell as it was before the balls moved), 3 actions, max_steps 4n^2.
import { describe, expect, it } from "vitest";
import { envSpec, fromMiniGridState, makeVecEnv } from "../lib/gridworld/index.js";
import { type CellSpec, roomState } from "./gridworld/build-state.js";

const LEFT = 0, FORWARD = 2;
const BALL: [number, number, number] = [6, 2, 0];
const WALL: [number, number, number] = [2, 5, 0];

function dynamicState(agent: [number, number], dir: number, cells: CellSpec[]) {
  return roomState({ envId: "MiniGrid-Dynamic-Obstacles-8x8-v0", width: 8, height: 8, agent, dir, cells, seeThrough: true, maxSteps: 256 });
}

// A batch of n copies of one state, each with its own generator state.
function copies(state: ReturnType<typeof dynamicState>, n: number) {
  const env = fromMiniGridState(Array.from({ length: n }, () => state), { observation: "none" });
  for (let b = 0; b < n; b++) {
    env.state.set(b, "rngLow", 0x9e37 * (b + 1));
    env.state.set(b, "rngHigh", b);
  }
  return env;
}

function ballsIn(env: ReturnType<typeof copies>, b: number): string[] {
  const found: string[] = [];
  for (let x = 0; x < env.state.width; x++) for (let y = 0; y < env.state.height; y++) if (env.state.cell(b, x, y)[0] === 6) found.push(`${x},${y}`);
  return found;
}

const walls = (cells: [number, number][]): CellSpec[] => cells.map(([x, y]) => ({ x, y, cell: WALL }));

describe("Dynamic-Obstacles (MiniGrid semantics)", () => {
  it("registers MiniGrid's six ids: ball counts, 4n^2 steps, 3 actions, see-through", () => {
    const expected: [string, number, number, number][] = [
      ["5x5", 5, 2, 0],
      ["Random-5x5", 5, 2, 1],
      ["6x6", 6, 3, 0],
      ["Random-6x6", 6, 3, 1],
      ["8x8", 8, 4, 0],
      ["16x16", 16, 8, 0],
    ];
    for (const [name, n, balls, random] of expected) {
      const spec = envSpec(`MiniGrid-Dynamic-Obstacles-${name}-v0`);
      expect(spec).toMatchObject({ width: n, height: n, maxSteps: 4 * n * n, actions: 3, seeThroughWalls: true });
      expect(spec.params.slice(0, 2)).toEqual([balls, random]);
    }
  });

  it("generates the layout by MiniGrid's rules and keeps every ball through random steps", () => {
    for (const name of ["5x5", "Random-5x5", "6x6", "Random-6x6", "8x8", "16x16"]) {
      const id = `MiniGrid-Dynamic-Obstacles-${name}-v0`;
      const { width: n, params } = envSpec(id);
      const env = makeVecEnv(id, { numEnvs: 32, seed: 3, observation: "none", autoreset: "disabled" });
      env.reset();
      const starts = new Set<string>();
      for (let b = 0; b < 32; b++) {
        const [ax, ay, dir] = [env.state.get(b, "agentX"), env.state.get(b, "agentY"), env.state.get(b, "agentDir")];
        starts.add(`${ax},${ay},${dir}`);
        if (params[1] === 0) expect([ax, ay, dir]).toEqual([1, 1, 0]);
        expect(env.state.cell(b, n - 2, n - 2)).toEqual([8, 1, 0]);
        const balls = ballsIn(env, b);
        expect(balls).toHaveLength(params[0]);
        for (const at of balls) {
          const [x, y] = at.split(",").map(Number);
          expect(env.state.cell(b, x!, y!)).toEqual(BALL);
          expect(at).not.toBe(`${ax},${ay}`);
        }
      }
      if (params[1] === 1) expect(starts.size).toBeGreaterThan(8);
      const actions = new Int32Array(32);
      for (let t = 0; t < 20; t++) {
        for (let b = 0; b < 32; b++) actions[b] = (t * 7 + b) % 3;
        env.step(actions);
        for (let b = 0; b < 32; b++) expect(ballsIn(env, b)).toHaveLength(params[0]);
      }
    }
  });

  it("moves a ball uniformly over the free cells of its 3x3 block, never onto walls or the agent", () => {
    // Ball at (3, 3); its block is x, y in 2..4 with a wall at (4, 4) and the agent at (2, 2):
    // the free cells are the 6 others besides the ball's own cell.
    const n = 3000;
    const env = copies(dynamicState([2, 2], 2, [{ x: 3, y: 3, cell: BALL }, ...walls([[4, 4]])]), n);
    env.step(new Int32Array(n).fill(LEFT));
    const counts = new Map<string, number>();
    for (let b = 0; b < n; b++) {
      const balls = ballsIn(env, b);
      expect(balls).toHaveLength(1);
      counts.set(balls[0]!, (counts.get(balls[0]!) ?? 0) + 1);
    }
    const free = ["3,2", "4,2", "2,3", "4,3", "2,4", "3,4"];
    expect([...counts.keys()].sort()).toEqual([...free].sort());
    const expected = n / free.length;
    const chi2 = free.reduce((sum, at) => sum + ((counts.get(at) ?? 0) - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(20.5); // chi^2 with 5 degrees of freedom, p = 0.001
    // Task slots follow the ball.
    const [x, y] = (ballsIn(env, 0)[0] as string).split(",").map(Number);
    expect([env.state.get(0, "task0", 1), env.state.get(0, "task0", 2)]).toEqual([x, y]);
  });

  it("charges -1 and ends the episode for a blocked forward step, judged before the ball moves away", () => {
    // Agent (2, 3) facing east at a ball in (3, 3) whose only free block cell is (3, 2).
    const cells = [{ x: 3, y: 3, cell: BALL }, ...walls([[2, 2], [4, 2], [4, 3], [2, 4], [3, 4], [4, 4]])];
    const env = copies(dynamicState([2, 3], 0, cells), 1);
    const r = env.step(Int32Array.of(FORWARD));
    expect(env.state.cell(0, 3, 2)).toEqual(BALL);
    expect([env.state.get(0, "agentX"), env.state.get(0, "agentY")]).toEqual([3, 3]); // the agent did move
    expect([r.reward[0], r.terminated[0], r.truncated[0]]).toEqual([-1, 1, 0]);
    // A wall ahead costs the same; turning in front of it does not.
    const wall = copies(dynamicState([1, 3], 2, []), 1);
    const turned = wall.step(Int32Array.of(LEFT));
    expect([turned.reward[0], turned.terminated[0]]).toEqual([0, 0]);
    wall.state.set(0, "agentDir", 2);
    const bumped = wall.step(Int32Array.of(FORWARD));
    expect([bumped.reward[0], bumped.terminated[0]]).toEqual([-1, 1]);
  });

  it("does not charge a forward step whose free front cell a ball moves into first", () => {
    // Agent (2, 3) facing east at the empty (3, 3); the ball in (4, 3) can only move there.
    const cells = [{ x: 4, y: 3, cell: BALL }, ...walls([[3, 2], [4, 2], [5, 2], [5, 3], [3, 4], [4, 4], [5, 4]])];
    const env = copies(dynamicState([2, 3], 0, cells), 1);
    const r = env.step(Int32Array.of(FORWARD));
    expect(env.state.cell(0, 3, 3)).toEqual(BALL);
    expect([env.state.get(0, "agentX"), env.state.get(0, "agentY")]).toEqual([2, 3]);
    expect([r.reward[0], r.terminated[0]]).toEqual([0, 0]);
  });

  it("pays 1 - 0.9 t/T on the goal and leaves a boxed-in ball where it is", () => {
    const cells = [{ x: 6, y: 6, cell: [8, 1, 0] as [number, number, number] }, { x: 1, y: 1, cell: BALL }, ...walls([[2, 1], [1, 2], [2, 2]])];
    const env = copies(dynamicState([5, 6], 0, cells), 1);
    const r = env.step(Int32Array.of(FORWARD));
    expect(r.reward[0]).toBeCloseTo(1 - 0.9 / 256, 6);
    expect(r.terminated[0]).toBe(1);
    expect(env.state.cell(0, 1, 1)).toEqual(BALL);
  });

  it("gives the same trajectories for the same seed", () => {
    const run = () => {
      const env = makeVecEnv("MiniGrid-Dynamic-Obstacles-16x16-v0", { numEnvs: 8, seed: 11 });
      env.reset();
      const seen: number[] = [];
      for (let t = 0; t < 30; t++) {
        const r = env.step(Int32Array.from({ length: 8 }, (_, b) => (t + b) % 3));
        seen.push(...(r.obs as Uint8Array), ...r.reward);
      }
      return seen;
    };
    expect(run()).toEqual(run());
  });
});
