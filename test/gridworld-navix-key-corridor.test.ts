// NAVIX 0.11.0's KeyCorridor (navix/environments/key_corridor.py) on the Navix ids: its rooms and
// corridor, its door sampling (a closed door from every left room into the corridor and into the
// next left room, one from the corridor into every right room, only the goal room's locked with the
// key's colour), its object placement (RoomsGrid.position_in_room never uses a room's last interior
// row or column), and its goal: walking onto it ends the episode with NAVIX's reward.
import { describe, expect, it } from "vitest";
import { envSpec, makeVecEnv, type VecEnv } from "../lib/gridworld/index.js";

const [LEFT, RIGHT, FORWARD, PICKUP, , TOGGLE] = [0, 1, 2, 3, 4, 5];
const EMPTY = 1, WALL = 2, DOOR = 4, KEY = 5, BALL = 6, GOAL = 8;
const OPEN = 0, CLOSED = 1, LOCKED = 2;
const SIZES = [[3, 1], [3, 2], [3, 3], [4, 3], [5, 3], [6, 3]] as const;
const DX = [1, 0, -1, 0], DY = [0, 1, 0, -1];

type Cell = [number, number];

function cellsOf(env: VecEnv, b: number, type: number): Cell[] {
  const found: Cell[] = [];
  for (let x = 0; x < env.state.get(b, "width"); x++) for (let y = 0; y < env.state.get(b, "height"); y++) if (env.state.cell(b, x, y)[0] === type) found.push([x, y]);
  return found;
}

// Room column/row of a cell strictly inside a room, and its offset from the room's corner.
function roomOf([x, y]: Cell, stride: number) {
  return { col: Math.floor(x / stride), row: Math.floor(y / stride), dx: x % stride, dy: y % stride };
}

/** Cells reachable from the agent's cell; locked doors pass only when `unlocked`. */
function reachable(env: VecEnv, b: number, unlocked: boolean): Set<string> {
  const start: Cell = [env.state.get(b, "agentX"), env.state.get(b, "agentY")];
  const seen = new Set([start.join()]);
  const queue = [start];
  while (queue.length > 0) {
    const [x, y] = queue.shift()!;
    for (let d = 0; d < 4; d++) {
      const next: Cell = [x + DX[d]!, y + DY[d]!];
      const [type, , state] = env.state.cell(b, next[0], next[1]);
      if (seen.has(next.join()) || type === WALL || (type === DOOR && state === LOCKED && !unlocked)) continue;
      seen.add(next.join());
      if (type === EMPTY || type === DOOR) queue.push(next);
    }
  }
  return seen;
}

describe("NAVIX KeyCorridor layouts", () => {
  for (const [s, r] of SIZES) {
    const id = `Navix-KeyCorridorS${s}R${r}-v0`;
    it(`${id}: NAVIX's rooms, doors, key, agent and goal`, () => {
      const n = 300;
      const env = makeVecEnv(id, { numEnvs: n, seed: 21, observation: "none" });
      env.reset();
      const stride = s - 1;
      const [w, h] = [3 * stride + 1, r * stride + 1];
      expect([envSpec(id).width, envSpec(id).height]).toEqual([w, h]);
      // position_in_room draws offsets from randint(1, S - 2): [1, S - 3], or 1 when that is empty.
      const offsets = Array.from({ length: Math.max(1, s - 3) }, (_, i) => i + 1);
      const seen = { keyRows: new Set<number>(), goalRows: new Set<number>(), agentRows: new Set<number>(), dirs: new Set<number>(), doorOffsets: new Set<number>(), goalOffsets: new Set<number>() };
      for (let b = 0; b < n; b++) {
        expect(env.state.get(b, "generationRetries")).toBe(0);
        const keys = cellsOf(env, b, KEY), goals = cellsOf(env, b, GOAL);
        expect([keys.length, goals.length, cellsOf(env, b, BALL).length]).toEqual([1, 1, 0]);
        const key = roomOf(keys[0]!, stride), goal = roomOf(goals[0]!, stride);
        const agent = roomOf([env.state.get(b, "agentX"), env.state.get(b, "agentY")], stride);
        expect([key.col, goal.col, agent.col]).toEqual([0, 2, 1]);
        for (const place of [key, goal, agent]) expect([offsets.includes(place.dx), offsets.includes(place.dy)], id).toEqual([true, true]);
        seen.keyRows.add(key.row);
        seen.goalRows.add(goal.row);
        seen.agentRows.add(agent.row);
        seen.dirs.add(env.state.get(b, "agentDir"));
        seen.goalOffsets.add(goal.dx);
        const keyColour = env.state.cell(b, keys[0]![0], keys[0]![1])[1];
        // Every wall line cell: wall, a door where NAVIX puts one, or the corridor's opening.
        const doorsPerLine = new Map<string, number>();
        for (let x = 0; x < w; x++) {
          for (let y = 0; y < h; y++) {
            const [type, colour, state] = env.state.cell(b, x, y);
            const onVertical = x % stride === 0, onHorizontal = y % stride === 0;
            if (!onVertical && !onHorizontal) {
              if (type !== KEY && type !== GOAL) expect(type, `${id} env ${b} (${x}, ${y})`).toBe(EMPTY);
              continue;
            }
            const border = x === 0 || y === 0 || x === w - 1 || y === h - 1;
            const corridorOpening = onHorizontal && !onVertical && !border && x > stride && x < 2 * stride;
            if (border || (onVertical && onHorizontal)) expect(type, `${id} env ${b} (${x}, ${y})`).toBe(WALL);
            else if (corridorOpening) expect(type, `${id} env ${b} (${x}, ${y})`).toBe(EMPTY);
            else if (onHorizontal && x > 2 * stride) expect(type, `${id} env ${b} (${x}, ${y})`).toBe(WALL);
            else expect([WALL, DOOR], `${id} env ${b} (${x}, ${y})`).toContain(type);
            if (type !== DOOR) continue;
            const line = onVertical ? `x${x} row ${Math.floor(y / stride)}` : `y${y}`;
            doorsPerLine.set(line, (doorsPerLine.get(line) ?? 0) + 1);
            const lockedHere = x === 2 * stride && Math.floor(y / stride) === goal.row;
            expect(state, `${id} env ${b} door (${x}, ${y})`).toBe(lockedHere ? LOCKED : CLOSED);
            if (lockedHere) expect(colour).toBe(keyColour);
            if (x === 2 * stride) seen.doorOffsets.add(y % stride);
          }
        }
        // One door per left room into the corridor, per right room from it, per pair of left rooms.
        const expected = [...Array.from({ length: r }, (_, j) => [`x${stride} row ${j}`, `x${2 * stride} row ${j}`]).flat(), ...Array.from({ length: r - 1 }, (_, k) => `y${(k + 1) * stride}`)];
        expect([...doorsPerLine.keys()].sort(), `${id} env ${b}`).toEqual(expected.sort());
        expect([...doorsPerLine.values()].every((count) => count === 1)).toBe(true);
        // The key is reachable without the locked door; the goal only through it.
        const before = reachable(env, b, false);
        expect([before.has(keys[0]!.join()), before.has(goals[0]!.join())], `${id} env ${b}`).toEqual([true, false]);
        expect(reachable(env, b, true).has(goals[0]!.join())).toBe(true);
      }
      // The random choices all occur: rows of key, goal and agent, directions, door offsets.
      const rows = Array.from({ length: r }, (_, j) => j);
      expect([[...seen.keyRows].sort(), [...seen.goalRows].sort(), [...seen.agentRows].sort()]).toEqual([rows, rows, rows]);
      expect([...seen.dirs].sort()).toEqual([0, 1, 2, 3]);
      expect([...seen.doorOffsets].sort()).toEqual(Array.from({ length: stride - 1 }, (_, i) => i + 1));
      expect([...seen.goalOffsets].sort()).toEqual(offsets);
    });
  }
});

// Turns to face the neighbouring cell, opens it if it is a closed door, then steps onto it unless
// `stop` (then it only faces it). Returns each move's reward, termination and step type (copied: a
// step's arrays are overwritten by the next).
function walk(env: VecEnv, path: Cell[], stop: boolean) {
  const results: { reward: number; terminated: number; stepType: number }[] = [];
  for (const [i, [x, y]] of path.entries()) {
    const d = [0, 1, 2, 3].find((k) => env.state.get(0, "agentX") + DX[k]! === x && env.state.get(0, "agentY") + DY[k]! === y)!;
    while (env.state.get(0, "agentDir") !== d) expect(env.step(Int32Array.of(RIGHT)).terminated[0]).toBe(0);
    if (i === path.length - 1 && stop) break;
    const [type, , state] = env.state.cell(0, x, y);
    if (type === DOOR && state !== OPEN) expect(env.step(Int32Array.of(TOGGLE)).terminated[0]).toBe(0);
    const r = env.step(Int32Array.of(FORWARD));
    results.push({ reward: r.reward[0]!, terminated: r.terminated[0]!, stepType: r.stepType[0]! });
  }
  return results;
}

// Shortest path from the agent to `target` (inclusive), through empty cells and doors that are not locked.
function pathTo(env: VecEnv, target: Cell): Cell[] {
  const start: Cell = [env.state.get(0, "agentX"), env.state.get(0, "agentY")];
  const previous = new Map<string, Cell | null>([[start.join(), null]]);
  const queue = [start];
  while (queue.length > 0) {
    const cell = queue.shift()!;
    if (cell.join() === target.join()) break;
    for (let d = 0; d < 4; d++) {
      const next: Cell = [cell[0] + DX[d]!, cell[1] + DY[d]!];
      const [type, , state] = env.state.cell(0, next[0], next[1]);
      const passable = type === EMPTY || (type === DOOR && state !== LOCKED) || next.join() === target.join();
      if (previous.has(next.join()) || !passable) continue;
      previous.set(next.join(), cell);
      queue.push(next);
    }
  }
  const path: Cell[] = [];
  for (let cell: Cell | null | undefined = target; cell && cell.join() !== start.join(); cell = previous.get(cell.join())) path.unshift(cell);
  expect(path.length).toBeGreaterThan(0);
  return path;
}

describe("NAVIX KeyCorridor episodes", () => {
  it("key, locked door, goal: walking onto the goal ends the episode with NAVIX's +1", () => {
    for (const [s, r] of SIZES) {
      for (const seed of [0, 1, 2, 3]) {
        const env = makeVecEnv(`Navix-KeyCorridorS${s}R${r}-v0`, { numEnvs: 1, seed, observation: "none", maxSteps: 1000 });
        env.reset();
        expect(env.mission(0)).toBe("get to the green goal square");
        const [key] = cellsOf(env, 0, KEY), [goal] = cellsOf(env, 0, GOAL);
        const door = cellsOf(env, 0, DOOR).find(([x, y]) => env.state.cell(0, x, y)[2] === LOCKED)!;
        walk(env, pathTo(env, key!), true);
        expect(env.step(Int32Array.of(PICKUP)).terminated[0]).toBe(0);
        expect(env.state.get(0, "carryType")).toBe(KEY);
        walk(env, pathTo(env, door), true);
        expect(env.step(Int32Array.of(TOGGLE)).terminated[0]).toBe(0);
        expect([env.state.cell(0, door[0], door[1])[2], env.state.get(0, "carryType")]).toEqual([OPEN, 0]); // NAVIX uses the key up
        const moves = walk(env, pathTo(env, goal!), false);
        const last = moves.at(-1)!;
        expect(moves.slice(0, -1).every((m) => m.terminated === 0 && m.reward === 0)).toBe(true);
        expect([last.reward, last.terminated, last.stepType], `S${s}R${r} seed ${seed}`).toEqual([1, 1, 2]);
      }
    }
  });

  it("facing the goal and picking it up does nothing; under MiniGrid's rewards the goal pays 1 - 0.9 t/T", () => {
    for (const options of [{}, { semantics: "minigrid" as const, navixLayouts: true }]) {
      const env = makeVecEnv("Navix-KeyCorridorS4R3-v0", { numEnvs: 1, seed: 3, observation: "none", ...options });
      env.reset();
      const [[gx, gy]] = cellsOf(env, 0, GOAL) as [Cell];
      // Just south of the goal, facing north: a free cell, as offsets stop short of the room's edge.
      expect(env.state.cell(0, gx, gy + 1)[0]).toBe(EMPTY);
      env.state.set(0, "agentX", gx);
      env.state.set(0, "agentY", gy + 1);
      env.state.set(0, "agentDir", 3);
      const pickup = env.step(Int32Array.of(PICKUP));
      expect([pickup.reward[0], pickup.terminated[0], env.state.get(0, "carryType")]).toEqual([0, 0, 0]);
      const arrive = env.step(Int32Array.of(FORWARD));
      const maxSteps = env.state.get(0, "maxSteps");
      expect(maxSteps).toBe("semantics" in options ? 480 : 100);
      expect([arrive.reward[0], arrive.terminated[0]]).toEqual(["semantics" in options ? Math.fround(1 - 0.9 * (2 / maxSteps)) : 1, 1]);
    }
  });
});

describe("MiniGrid KeyCorridor unchanged", () => {
  it("MiniGrid ids (and Navix ids under semantics minigrid) keep MiniGrid's ball and layout", () => {
    for (const [s, r] of SIZES) {
      const miniGrid = makeVecEnv(`MiniGrid-KeyCorridorS${s}R${r}-v0`, { numEnvs: 40, seed: 5, observation: "none" });
      const navix = makeVecEnv(`Navix-KeyCorridorS${s}R${r}-v0`, { numEnvs: 40, seed: 5, observation: "none", semantics: "minigrid" });
      miniGrid.reset();
      navix.reset();
      expect(navix.state.grid).toEqual(miniGrid.state.grid);
      expect(navix.state.info).toEqual(miniGrid.state.info);
      for (let b = 0; b < 40; b++) {
        expect([cellsOf(miniGrid, b, BALL).length, cellsOf(miniGrid, b, GOAL).length, miniGrid.state.get(b, "task0")]).toEqual([1, 0, BALL]);
        expect(miniGrid.mission(b)).toMatch(/^pick up the \w+ ball$/);
      }
    }
  });

  it("MiniGrid's ball pickup still ends the episode; the ball is what pays", () => {
    const env = makeVecEnv("MiniGrid-KeyCorridorS3R1-v0", { numEnvs: 1, seed: 2, observation: "none" });
    env.reset();
    const [[bx, by]] = cellsOf(env, 0, BALL) as [Cell];
    // Stand west of the ball facing it (the right room of S3R1 is one cell; open its door first).
    env.state.grid.set([EMPTY, 0, 0], env.state.cellIndex(0, bx - 1, by));
    env.state.set(0, "agentX", bx - 1);
    env.state.set(0, "agentY", by);
    env.state.set(0, "agentDir", 0);
    const r = env.step(Int32Array.of(PICKUP));
    expect([r.terminated[0], r.reward[0]]).toEqual([1, Math.fround(1 - 0.9 * (1 / env.state.get(0, "maxSteps")))]);
  });
});
