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
});

// Pearson's chi-squared statistic of observed counts against a uniform distribution.
function chiSquaredUniform(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

describe("gridworld layout marginals (chi-squared against MiniGrid's uniform draws)", () => {
  // 99.9% quantiles of chi-squared with k - 1 degrees of freedom, k = 3, 4, 5.
  const CRITICAL: Record<number, number> = { 3: 13.82, 4: 16.27, 5: 18.47 };
  const N = 4000;

  it("DoorKey-8x8's split column is uniform over randint(2, 6)", () => {
    const env = makeVecEnv("MiniGrid-DoorKey-8x8-v0", { numEnvs: N, seed: 77 });
    env.reset();
    const counts = [0, 0, 0, 0];
    for (let b = 0; b < N; b++) {
      for (let x = 2; x < 6; x++) for (let y = 0; y < 8; y++) if (env.state.cell(b, x, y)[0] === DOOR) counts[x - 2]! += 1;
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(N);
    expect(chiSquaredUniform(counts)).toBeLessThan(CRITICAL[4]!);
  });

  it("LavaGapS7's gap is uniform over columns randint(2, 5) and rows randint(1, 6)", () => {
    const env = makeVecEnv("MiniGrid-LavaGapS7-v0", { numEnvs: N, seed: 78 });
    env.reset();
    const columns = [0, 0, 0];
    const rows = [0, 0, 0, 0, 0];
    for (let b = 0; b < N; b++) {
      for (let x = 2; x < 5; x++) {
        const lava = [1, 2, 3, 4, 5].filter((y) => env.state.cell(b, x, y)[0] === LAVA);
        if (lava.length !== 4) continue;
        columns[x - 2]! += 1;
        rows[[1, 2, 3, 4, 5].find((y) => !lava.includes(y))! - 1]! += 1;
      }
    }
    expect(columns.reduce((a, b) => a + b, 0)).toBe(N);
    expect(chiSquaredUniform(columns)).toBeLessThan(CRITICAL[3]!);
    expect(chiSquaredUniform(rows)).toBeLessThan(CRITICAL[5]!);
  });

  it("GoToDoor picks each of its four doors as the target equally often", () => {
    const env = makeVecEnv("MiniGrid-GoToDoor-8x8-v0", { numEnvs: N, seed: 79 });
    env.reset();
    const counts = [0, 0, 0, 0]; // target on the top, bottom, left or right wall
    for (let b = 0; b < N; b++) {
      const doors: [number, number][] = [];
      for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) if (env.state.cell(b, x, y)[0] === DOOR) doors.push([x, y]);
      const tx = env.state.get(b, "task0", 0), ty = env.state.get(b, "task0", 1);
      const bottom = Math.max(...doors.map(([, y]) => y)), right = Math.max(...doors.map(([x]) => x));
      counts[ty === 0 ? 0 : ty === bottom ? 1 : tx === 0 ? 2 : tx === right ? 3 : -1]! += 1;
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(N);
    expect(chiSquaredUniform(counts)).toBeLessThan(CRITICAL[4]!);
  });
});
