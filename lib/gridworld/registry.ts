// Every MiniGrid id this package knows (spec §7): its family, size, max_steps, see-through default
// and the generator's parameters. Ids follow MiniGrid exactly (MiniGrid-DoorKey-8x8-v0).
export type KindName =
  | "empty"
  | "door-key"
  | "four-rooms"
  | "lava-gap"
  | "crossing"
  | "dist-shift"
  | "dynamic-obstacles"
  | "fetch"
  | "go-to-door"
  | "go-to-object"
  | "put-near"
  | "red-blue-doors"
  | "memory"
  | "locked-room"
  | "unlock"
  | "unlock-pickup"
  | "blocked-unlock-pickup"
  | "key-corridor"
  | "obstructed-maze"
  | "multi-room"
  | "playground";

export interface EnvSpec {
  id: string;
  kind: KindName;
  width: number;
  height: number;
  /** MiniGrid's max_steps for the family at this size; NAVIX semantics use 100 unless maxSteps is passed. */
  maxSteps: number;
  seeThroughWalls: boolean;
  /** The generator's parameters (param0..param3 in the native state). */
  params: [number, number, number, number];
  /** Actions the environment accepts under its default semantics: 7, or 3 for MiniGrid's
   * Dynamic-Obstacles (NAVIX's keeps all 7). VecEnv.actionCounts has the count for the options used. */
  actions: number;
  /** Where the id comes from, and so its default semantics: MiniGrid's registry and rules, or NAVIX's
   * (spec §9: the same family, run with NAVIX's rules unless `semantics: "minigrid"` is asked for). */
  source: "minigrid" | "navix";
}

const specs = new Map<string, EnvSpec>();

function add(
  name: string,
  kind: KindName,
  width: number,
  height: number,
  maxSteps: number,
  seeThroughWalls: boolean,
  params: number[] = [],
  version = "v0",
): void {
  const id = `MiniGrid-${name}-${version}`;
  const p: [number, number, number, number] = [params[0] ?? 0, params[1] ?? 0, params[2] ?? 0, params[3] ?? 0];
  specs.set(id, { id, kind, width, height, maxSteps, seeThroughWalls, params: p, actions: kind === "dynamic-obstacles" ? 3 : 7, source: "minigrid" });
}

for (const n of [5, 6, 8, 16]) add(`Empty-${n}x${n}`, "empty", n, n, 4 * n * n, true, [0]);
for (const n of [5, 6]) add(`Empty-Random-${n}x${n}`, "empty", n, n, 4 * n * n, true, [1]);
for (const n of [5, 6, 8, 16]) add(`DoorKey-${n}x${n}`, "door-key", n, n, 10 * n * n, false);
add("FourRooms", "four-rooms", 19, 19, 100, false);
for (const n of [5, 6, 7]) add(`LavaGapS${n}`, "lava-gap", n, n, 4 * n * n, false);
for (const [n, k] of [[9, 1], [9, 2], [9, 3], [11, 5]] as const) {
  add(`LavaCrossingS${n}N${k}`, "crossing", n, n, 4 * n * n, false, [k, 1]);
  add(`SimpleCrossingS${n}N${k}`, "crossing", n, n, 4 * n * n, false, [k, 0]);
}
add("DistShift1", "dist-shift", 9, 7, 4 * 9 * 7, true, [2]);
add("DistShift2", "dist-shift", 9, 7, 4 * 9 * 7, true, [5]);
for (const [name, n, balls, random] of [
  ["5x5", 5, 2, 0],
  ["Random-5x5", 5, 2, 1],
  ["6x6", 6, 3, 0],
  ["Random-6x6", 6, 3, 1],
  ["8x8", 8, 4, 0],
  ["16x16", 16, 8, 0],
] as const) {
  // MiniGrid caps the ball count at n/2 when it exceeds n/2 + 1.
  const count = balls <= n / 2 + 1 ? balls : Math.floor(n / 2);
  add(`Dynamic-Obstacles-${name}`, "dynamic-obstacles", n, n, 4 * n * n, true, [count, random]);
}
for (const [n, k] of [[5, 2], [6, 2], [8, 3]] as const) add(`Fetch-${n}x${n}-N${k}`, "fetch", n, n, 5 * n * n, true, [k]);
for (const n of [5, 6, 8]) add(`GoToDoor-${n}x${n}`, "go-to-door", n, n, 4 * n * n, true);
for (const n of [6, 8]) add(`GoToObject-${n}x${n}-N2`, "go-to-object", n, n, 5 * n * n, true, [2]);
for (const [n, k] of [[6, 2], [8, 3]] as const) add(`PutNear-${n}x${n}-N${k}`, "put-near", n, n, 5 * n, true, [k]);
for (const n of [6, 8]) add(`RedBlueDoors-${n}x${n}`, "red-blue-doors", 2 * n, n, 20 * n * n, false);
for (const n of [7, 9, 11, 13]) add(`MemoryS${n}`, "memory", n, n, 5 * n * n, false, [0]);
for (const n of [13, 17]) add(`MemoryS${n}Random`, "memory", n, n, 5 * n * n, false, [1]);
add("LockedRoom", "locked-room", 19, 19, 10 * 19, false);
add("Unlock", "unlock", 11, 6, 8 * 36, false);
add("UnlockPickup", "unlock-pickup", 11, 6, 8 * 36, false);
add("BlockedUnlockPickup", "blocked-unlock-pickup", 11, 6, 16 * 36, false);
for (const [s, r] of [[3, 1], [3, 2], [3, 3], [4, 3], [5, 3], [6, 3]] as const) {
  add(`KeyCorridorS${s}R${r}`, "key-corridor", 3 * (s - 1) + 1, r * (s - 1) + 1, 30 * s * s, false, [s, r]);
}
// ObstructedMaze: params = agent room code (+4 for v1, which fixes v0's placement order), quarters,
// key in box, blocked.
for (const [name, w, h, steps, p] of [
  ["1Dl", 11, 6, 288, [0, 0, 0, 0]],
  ["1Dlh", 11, 6, 288, [0, 0, 1, 0]],
  ["1Dlhb", 11, 6, 288, [0, 0, 1, 1]],
  ["2Dl", 16, 16, 576, [1, 1, 0, 0]],
  ["2Dlh", 16, 16, 576, [1, 1, 1, 0]],
  ["2Dlhb", 16, 16, 576, [1, 1, 1, 1]],
  ["1Q", 16, 16, 720, [2, 1, 1, 1]],
  ["2Q", 16, 16, 1584, [1, 2, 1, 1]],
  ["Full", 16, 16, 3600, [2, 4, 1, 1]],
] as const) {
  add(`ObstructedMaze-${name}`, "obstructed-maze", w, h, steps, false, [...p]);
  if (["2Dlhb", "1Q", "2Q", "Full"].includes(name)) {
    add(`ObstructedMaze-${name}`, "obstructed-maze", w, h, steps, false, [p[0] + 4, p[1], p[2], p[3]], "v1");
  }
}
for (const [name, min, max, size, version] of [
  ["N2-S4", 2, 2, 4, "v0"],
  ["N4-S5", 6, 6, 5, "v0"],
  ["N4-S5", 4, 4, 5, "v1"],
  ["N6", 6, 6, 10, "v0"],
] as const) {
  add(`MultiRoom-${name}`, "multi-room", 25, 25, name === "N4-S5" && version === "v1" ? 80 : 20 * max, false, [min, max, size], version);
}
add("Playground", "playground", 19, 19, 100, false);

// NAVIX 0.11.0's 47 ids (spec §9) on the same families, NAVIX semantics by default (its rules for
// the 7 actions, rewards, doors and layouts; vec-env.ts). Sizes MiniGrid does not register
// (Empty-Random-8x8, FourRooms-7x7, ...) follow MiniGrid's rules for that family at that size.
function addNavix(name: string, kind: KindName, width: number, height: number, maxSteps: number, seeThroughWalls: boolean, params: number[] = []): void {
  const id = `Navix-${name}-v0`;
  const p: [number, number, number, number] = [params[0] ?? 0, params[1] ?? 0, params[2] ?? 0, params[3] ?? 0];
  specs.set(id, { id, kind, width, height, maxSteps, seeThroughWalls, params: p, actions: 7, source: "navix" });
}
function navixAlias(name: string, miniGrid: string): void {
  const spec = specs.get(`MiniGrid-${miniGrid}-v0`) as EnvSpec;
  addNavix(name, spec.kind, spec.width, spec.height, spec.maxSteps, spec.seeThroughWalls, spec.params);
}
for (const n of [5, 6, 8, 16]) {
  navixAlias(`Empty-${n}x${n}`, `Empty-${n}x${n}`);
  addNavix(`Empty-Random-${n}x${n}`, "empty", n, n, 4 * n * n, true, [1]);
  navixAlias(`DoorKey-${n}x${n}`, `DoorKey-${n}x${n}`);
  // param0 1: NAVIX's random start and goal, used only under its layouts (navixLayouts).
  addNavix(`DoorKey-Random-${n}x${n}`, "door-key", n, n, 10 * n * n, false, [1]);
  navixAlias(`Dynamic-Obstacles-${n}x${n}`, `Dynamic-Obstacles-${n}x${n}`);
}
for (const n of [5, 6]) navixAlias(`Dynamic-Obstacles-${n}x${n}-Random`, `Dynamic-Obstacles-Random-${n}x${n}`);
navixAlias("FourRooms", "FourRooms");
for (const n of [7, 9, 11, 13, 15, 17]) addNavix(`FourRooms-${n}x${n}`, "four-rooms", n, n, 100, false);
for (const [s, r] of [[3, 1], [3, 2], [3, 3], [4, 3], [5, 3], [6, 3]] as const) navixAlias(`KeyCorridorS${s}R${r}`, `KeyCorridorS${s}R${r}`);
for (const n of [5, 6, 7]) navixAlias(`LavaGapS${n}`, `LavaGapS${n}`);
for (const name of ["S9N1", "S9N2", "S9N3", "S11N5"]) navixAlias(`SimpleCrossing${name}`, `SimpleCrossing${name}`);
for (const n of [1, 2]) navixAlias(`DistShift${n}`, `DistShift${n}`);
for (const n of [5, 6, 8]) navixAlias(`GoToDoor-${n}x${n}`, `GoToDoor-${n}x${n}`);

/** Every known id, in registration order. */
export function envIds(): string[] {
  return [...specs.keys()];
}

export function envSpec(id: string): EnvSpec {
  const spec = specs.get(id);
  if (!spec) {
    throw new RangeError(`unknown gridworld id "${id}"; known ids look like MiniGrid-DoorKey-8x8-v0 or Navix-DoorKey-8x8-v0 (${specs.size} in all)`);
  }
  return spec;
}
