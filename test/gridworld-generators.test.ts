// Generated layouts: structural invariants of every family with a generator, object counts equal to
// MiniGrid's own layouts (from the recorded episodes), reproducible from the seed.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envIds, envSpec, makeVecEnv, readEpisodes, type VecEnv } from "../lib/gridworld/index.js";
import { decodeHex } from "../lib/gridworld/minigrid-state.js";

const B = 48;
const WALL = 2, DOOR = 4, KEY = 5, BALL = 6, BOX = 7, GOAL = 8, LAVA = 9;
const episodes = readEpisodes(join(import.meta.dirname, "fixtures", "minigrid", "episodes.jsonl.gz"));

function generated(): { id: string; env: VecEnv }[] {
  const out: { id: string; env: VecEnv }[] = [];
  for (const id of envIds()) {
    try {
      const env = makeVecEnv(id, { numEnvs: B, seed: 11 });
      env.reset();
      out.push({ id, env });
    } catch (error) {
      if (!(error instanceof RangeError) || !/no layout generator/.test(error.message)) throw error;
    }
  }
  return out;
}

function counts(cellAt: (x: number, y: number) => number[], width: number, height: number, family: string) {
  const c = { objects: 0, goals: 0, lava: 0, doors: 0 };
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const [type] = cellAt(x, y);
      if (type === KEY || type === BALL || type === BOX) c.objects++;
      if (type === GOAL) c.goals++;
      if (type === LAVA && !family.includes("Crossing")) c.lava++;
      if (type === DOOR && !family.includes("KeyCorridor")) c.doors++;
    }
  }
  return c;
}

const all = generated();

describe("gridworld layout generators", () => {
  it("cover every family", () => {
    const families = new Set(all.map(({ id }) => envSpec(id).kind));
    expect(families.size).toBe(21);
  });

  it("place the agent inside, on a free cell, with no reseeds, inside a wall border", () => {
    for (const { id, env } of all) {
      const { state } = env;
      for (let b = 0; b < B; b++) {
        expect(state.get(b, "generationRetries"), id).toBe(0);
        const [x, y, w, h] = [state.get(b, "agentX"), state.get(b, "agentY"), state.get(b, "width"), state.get(b, "height")];
        expect(x >= 0 && x < w && y >= 0 && y < h, id).toBe(true);
        expect([1, 3, 4].includes(state.cell(b, x, y)[0]), `${id}: agent on ${state.cell(b, x, y)}`).toBe(true);
        if (!/GoToDoor|MultiRoom/.test(id)) {
          for (let i = 0; i < w; i++) for (const j of [0, h - 1]) expect([WALL, DOOR].includes(state.cell(b, i, j)[0]), id).toBe(true);
          for (let j = 0; j < h; j++) for (const i of [0, w - 1]) expect([WALL, DOOR].includes(state.cell(b, i, j)[0]), id).toBe(true);
        }
      }
    }
  });

  it("hold as many objects, goals, lava cells and doors as MiniGrid's own layouts", () => {
    for (const { id, env } of all) {
      const recorded = episodes.find((e) => e.env_id === id);
      if (!recorded) continue;
      const values = decodeHex(recorded.grid);
      const expected = counts((x, y) => [...values.subarray((x * recorded.height + y) * 3, (x * recorded.height + y) * 3 + 3)], recorded.width, recorded.height, id);
      // ObstructedMaze v0 lets a blocking ball overwrite a key or box placed before it (v1 fixes
      // that), so its object count varies: at most v1's, never more than v1 holds.
      const overwrites = /ObstructedMaze-(2Dlhb|1Q|2Q|Full)-v0/.test(id);
      for (let b = 0; b < B; b++) {
        const actual = counts((x, y) => env.state.cell(b, x, y), env.state.get(b, "width"), env.state.get(b, "height"), id);
        if (overwrites) {
          expect({ ...actual, objects: 0 }, `${id} env ${b}`).toEqual({ ...expected, objects: 0 });
          const v1 = envSpec(id.replace(/-v0$/, "-v1"));
          expect(actual.objects, id).toBeLessThanOrEqual(1 + 4 * v1.params[1]); // the target, and a ball and a box per locked door
        } else {
          expect(actual, `${id} env ${b}`).toEqual(expected);
        }
      }
    }
  });

  it("puts DoorKey's locked yellow door on the split column with the key on the agent's side", () => {
    const { env } = all.find(({ id }) => id === "MiniGrid-DoorKey-8x8-v0")!;
    for (let b = 0; b < B; b++) {
      let door: [number, number] | null = null;
      let key: [number, number] | null = null;
      for (let x = 0; x < 8; x++) {
        for (let y = 0; y < 8; y++) {
          const cell = env.state.cell(b, x, y);
          if (cell[0] === DOOR) door = [x, y];
          if (cell[0] === KEY) key = [x, y];
        }
      }
      expect(env.state.cell(b, door![0], door![1])).toEqual([DOOR, 4, 2]);
      expect(key![0]).toBeLessThan(door![0]);
      expect(env.state.get(b, "agentX")).toBeLessThan(door![0]);
      for (let y = 0; y < 8; y++) if (y !== door![1]) expect(env.state.cell(b, door![0], y)[0]).toBe(WALL);
    }
  });

  it("never leaves a RoomGrid agent facing an object", () => {
    for (const { id, env } of all.filter(({ id }) => /Unlock|KeyCorridor/.test(id))) {
      for (let b = 0; b < B; b++) {
        const dir = env.state.get(b, "agentDir");
        const fx = env.state.get(b, "agentX") + [1, 0, -1, 0][dir]!;
        const fy = env.state.get(b, "agentY") + [0, 1, 0, -1][dir]!;
        // Empty or wall when placed; connect_all may add a door there afterwards, as in MiniGrid.
        expect([KEY, BALL, BOX].includes(env.state.cell(b, fx, fy)[0]), id).toBe(false);
      }
    }
  });

  it("draws DoorKey's split column over its whole range", () => {
    const env = makeVecEnv("MiniGrid-DoorKey-8x8-v0", { numEnvs: 600, seed: 1 });
    env.reset();
    const seen = new Map<number, number>();
    for (let b = 0; b < 600; b++) {
      for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) if (env.state.cell(b, x, y)[0] === DOOR) seen.set(x, (seen.get(x) ?? 0) + 1);
    }
    // randint(2, W - 2) = 2..5: each column about a quarter of the time.
    for (const x of [2, 3, 4, 5]) expect(seen.get(x) ?? 0, `column ${x}`).toBeGreaterThan(100);
  });
});
