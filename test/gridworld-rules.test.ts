// Unit oracles of MiniGrid's step and observation (spec §10) on hand-made states.
import { describe, expect, it } from "vitest";
import { fromMiniGridState } from "../lib/gridworld/index.js";
import { roomState, viewCell } from "./gridworld/build-state.js";

const LEFT = 0, FORWARD = 2, PICKUP = 3, DROP = 4, TOGGLE = 5, DONE = 6;

function stepOnce(state: ReturnType<typeof roomState>, action: number) {
  const env = fromMiniGridState([state]);
  const result = env.step(Int32Array.of(action));
  return { env, result };
}

describe("gridworld step and view", () => {
  it("hides what lies behind a wall row, but not behind a single wall cell (process_vis spreads diagonally)", () => {
    // Agent at (4, 7) facing north; a ball at (4, 3) behind wall cells on row 5.
    const ball = { x: 4, y: 3, cell: [6, 2, 0] as [number, number, number] };
    const wall = (x: number) => ({ x, y: 5, cell: [2, 5, 0] as [number, number, number] });
    const row = [1, 2, 3, 4, 5, 6, 7].map(wall);
    const blocked = fromMiniGridState([roomState({ agent: [4, 7], dir: 3, cells: [...row, ball] })]).observe().obs as Uint8Array;
    expect(viewCell(blocked, 0, 3, 4)).toEqual([2, 5, 0]); // the wall itself is visible
    expect(viewCell(blocked, 0, 3, 2)).toEqual([0, 0, 0]); // the ball behind it is occluded
    expect(viewCell(blocked, 0, 3, 5)).toEqual([1, 0, 0]);
    const single = fromMiniGridState([roomState({ agent: [4, 7], dir: 3, cells: [wall(4), ball] })]).observe().obs as Uint8Array;
    expect(viewCell(single, 0, 3, 2)).toEqual([6, 2, 0]);
    const open = fromMiniGridState([roomState({ agent: [4, 7], dir: 3, cells: [...row, ball], seeThrough: true })]).observe().obs as Uint8Array;
    expect(viewCell(open, 0, 3, 2)).toEqual([6, 2, 0]);
  });

  it("rotates the view: the cell ahead is always at (3, 5), the right-hand cell at (4, 6)", () => {
    const cells = [{ x: 5, y: 4, cell: [5, 1, 0] as [number, number, number] }];
    for (const [dir, ahead, right] of [
      [0, true, false],
      [3, false, true],
    ] as const) {
      const obs = fromMiniGridState([roomState({ agent: [4, 4], dir, cells, seeThrough: true })]).observe().obs as Uint8Array;
      expect(viewCell(obs, 0, 3, 5)).toEqual(ahead ? [5, 1, 0] : [1, 0, 0]);
      expect(viewCell(obs, 0, 4, 6)).toEqual(right ? [5, 1, 0] : [1, 0, 0]);
    }
  });

  it("shows the carried key in the agent's cell (3, 6)", () => {
    const { result } = stepOnce(roomState({ agent: [4, 4], dir: 0, cells: [{ x: 5, y: 4, cell: [5, 4, 0] }] }), PICKUP);
    expect(viewCell(result.obs as Uint8Array, 0, 3, 6)).toEqual([5, 4, 0]);
    expect(viewCell(result.obs as Uint8Array, 0, 3, 5)).toEqual([1, 0, 0]);
  });

  it("keeps a locked door locked when toggled with a key of another colour, opens it with the right one", () => {
    const door = { x: 5, y: 4, cell: [4, 4, 2] as [number, number, number] };
    const wrong = stepOnce(roomState({ agent: [4, 4], dir: 0, cells: [door], carrying: [5, 2, 0] }), TOGGLE);
    expect(wrong.env.state.cell(0, 5, 4)).toEqual([4, 4, 2]);
    const right = stepOnce(roomState({ agent: [4, 4], dir: 0, cells: [door], carrying: [5, 4, 0] }), TOGGLE);
    expect(right.env.state.cell(0, 5, 4)).toEqual([4, 4, 0]);
    expect(right.env.state.get(0, "carryType")).toBe(5); // the key is not consumed
  });

  it("pays 1 - 0.9 t / T on the goal, with both flags when t = T", () => {
    const goal = [{ x: 5, y: 4, cell: [8, 1, 0] as [number, number, number] }];
    const env = fromMiniGridState([roomState({ agent: [4, 4], dir: 0, cells: goal, maxSteps: 10 })]);
    env.step(Int32Array.of(LEFT));
    env.step(Int32Array.of(1));
    const r = env.step(Int32Array.of(FORWARD));
    expect(r.reward[0]).toBeCloseTo(1 - 0.9 * 3 / 10, 6);
    expect([r.terminated[0], r.truncated[0]]).toEqual([1, 0]);
    const last = fromMiniGridState([roomState({ agent: [4, 4], dir: 0, cells: goal, maxSteps: 1 })]).step(Int32Array.of(FORWARD));
    expect(last.reward[0]).toBeCloseTo(0.1, 6);
    expect([last.terminated[0], last.truncated[0]]).toEqual([1, 1]);
  });

  it("replaces a toggled box by its contents, and a carried box keeps them when dropped", () => {
    const box = { x: 5, y: 4, cell: [7, 5, 0] as [number, number, number] };
    const state = roomState({ agent: [4, 4], dir: 0, cells: [box], boxes: [[5, 4, [5, 2, 0]]] });
    const env = fromMiniGridState([state]);
    env.step(Int32Array.of(PICKUP));
    expect(env.state.cell(0, 5, 4)).toEqual([1, 0, 0]);
    env.step(Int32Array.of(DROP));
    expect(env.state.cell(0, 5, 4)).toEqual([7, 5, 0]);
    env.step(Int32Array.of(TOGGLE));
    expect(env.state.cell(0, 5, 4)).toEqual([5, 2, 0]);
  });

  it("ends GoToDoor on done, paying only next to the target door", () => {
    const extras = { target_pos: [5, 0], target_color: "red" };
    const cells = [{ x: 5, y: 0, cell: [4, 0, 1] as [number, number, number] }];
    const near = stepOnce(roomState({ envId: "MiniGrid-GoToDoor-8x8-v0", agent: [5, 1], dir: 3, cells, extras }), DONE);
    expect(near.result.terminated[0]).toBe(1);
    expect(near.result.reward[0]).toBeGreaterThan(0);
    const far = stepOnce(roomState({ envId: "MiniGrid-GoToDoor-8x8-v0", agent: [3, 3], dir: 3, cells, extras }), DONE);
    expect(far.result.terminated[0]).toBe(1);
    expect(far.result.reward[0]).toBe(0);
  });
});
