// RGB observations (spec §5.3): the native images equal the TypeScript renderer's byte for byte on
// states with every object kind, and NAVIX's step_type follows the flags.
import { describe, expect, it } from "vitest";
import { makeVecEnv, renderRgb, renderViewRgb, type VecEnv } from "../lib/gridworld/index.js";
import { loadNative } from "../lib/native/index.js";
import { Random } from "../lib/random.js";

const native = loadNative();

function nativeObservation(env: VecEnv, observation: "partial" | "rgb-partial" | "rgb-full", tile: number): Uint8Array {
  const { state } = env;
  const size = {
    partial: 7 * 7 * 3,
    "rgb-partial": 7 * tile * 7 * tile * 3,
    "rgb-full": state.width * tile * state.height * tile * 3,
  }[observation];
  const out = new Uint8Array(state.numEnvs * size);
  native.gridworldObserve(...state.args(), observation, 7, out, tile);
  return out;
}

// The full image of env b cropped from the padded batch image to its own W x H.
function cropFull(full: Uint8Array, env: VecEnv, b: number, tile: number): Uint8Array {
  const { state } = env;
  const pw = state.width * tile, ph = state.height * tile;
  const w = state.get(b, "width") * tile, h = state.get(b, "height") * tile;
  const image = full.subarray(b * pw * ph * 3, (b + 1) * pw * ph * 3);
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) out.set(image.subarray(y * pw * 3, (y * pw + w) * 3), y * w * 3);
  expect(image.subarray(h * pw * 3).every((v) => v === 0)).toBe(true);
  return out;
}

function expectParity(env: VecEnv, tile: number): void {
  const partial = nativeObservation(env, "partial", tile);
  const rgbPartial = nativeObservation(env, "rgb-partial", tile);
  const rgbFull = nativeObservation(env, "rgb-full", tile);
  const viewBytes = 7 * tile * 7 * tile * 3;
  for (let b = 0; b < env.numEnvs; b++) {
    const view = partial.subarray(b * 147, (b + 1) * 147);
    expect(Buffer.from(rgbPartial.subarray(b * viewBytes, (b + 1) * viewBytes)).equals(Buffer.from(renderViewRgb(view, 7, tile)))).toBe(true);
    const reference = renderRgb(env.state, b, tile, view).rgb;
    expect(Buffer.from(cropFull(rgbFull, env, b, tile)).equals(Buffer.from(reference))).toBe(true);
  }
}

describe("gridworld RGB observations", () => {
  // Together these show walls, floor, lava, open/closed/locked doors, keys, balls, boxes and goals,
  // mixed sizes (padding) and carried objects after random play.
  const ids = [
    "MiniGrid-DoorKey-8x8-v0",
    "MiniGrid-LavaGapS7-v0",
    "MiniGrid-ObstructedMaze-Full-v0",
    "MiniGrid-KeyCorridorS3R3-v0",
    "MiniGrid-Playground-v0",
    "MiniGrid-DistShift1-v0",
  ];

  it("native rgb-partial and rgb-full equal the TypeScript renderer (tile 8) through random play", () => {
    const env = makeVecEnv(ids, { numEnvs: ids.length, seed: 3 });
    env.reset();
    const random = new Random(11);
    const actions = new Int32Array(ids.length);
    for (let t = 0; t < 40; t++) {
      if (t % 10 === 0) expectParity(env, 8);
      for (let b = 0; b < ids.length; b++) actions[b] = random.int(7);
      env.step(actions);
    }
    expectParity(env, 8);
  });

  it("equals the TypeScript renderer at tile 32", () => {
    const env = makeVecEnv(["MiniGrid-ObstructedMaze-1Dlhb-v0", "MiniGrid-LavaGapS5-v0"], { numEnvs: 2, seed: 5 });
    env.reset();
    expectParity(env, 32);
  });

  it("reset and step write the images a caller asked for, shaped (V*t, V*t, 3) and (H*t, W*t, 3)", () => {
    const env = makeVecEnv("MiniGrid-DoorKey-5x5-v0", { numEnvs: 3, observation: "rgb-full", tile: 8 });
    const obs = env.reset().obs!;
    expect(obs.length).toBe(3 * 40 * 40 * 3);
    expect(Buffer.from(obs).equals(Buffer.from(nativeObservation(env, "rgb-full", 8)))).toBe(true);
    // The top-left tile is a grey wall (lit where the agent sees it): its interior pixels are 100 or lit 100.
    const centre = (20 * 40 + 4) * 3; // row 20, column 4: a border wall on the left
    expect([100, Math.trunc(100 + 0.3 * 155)]).toContain(obs[centre]);
    const step = env.step(new Int32Array([0, 1, 2]));
    expect(Buffer.from(step.obs!).equals(Buffer.from(nativeObservation(env, "rgb-full", 8)))).toBe(true);

    const pov = makeVecEnv("MiniGrid-Empty-6x6-v0", { numEnvs: 1, observation: "rgb-partial", tile: 32 });
    const image = pov.reset().obs!;
    expect(image.length).toBe(224 * 224 * 3);
    // The agent's tile (3, 6) holds the red triangle pointing up, highlighted.
    const o = ((6 * 32 + 16) * 224 + 3 * 32 + 16) * 3;
    expect([image[o], image[o + 1], image[o + 2]]).toEqual([255, Math.trunc(0.3 * 255), Math.trunc(0.3 * 255)]);
  });

  it("rejects a bad tile", () => {
    expect(() => makeVecEnv("MiniGrid-Empty-5x5-v0", { numEnvs: 1, observation: "rgb-full", tile: 0 })).toThrow(RangeError);
    const env = makeVecEnv("MiniGrid-Empty-5x5-v0", { numEnvs: 1 });
    expect(() => native.gridworldObserve(...env.state.args(), "rgb-full", 7, new Uint8Array(5 * 5 * 64 * 3), 65)).toThrow(RangeError);
  });
});

describe("gridworld step_type", () => {
  it("is clip(truncated + 2 terminated, 0, 2) on every step, 0 on autoreset steps", () => {
    const env = makeVecEnv("MiniGrid-LavaGapS5-v0", { numEnvs: 16, maxSteps: 6, observation: "none" });
    env.reset();
    const random = new Random(2);
    const actions = new Int32Array(16);
    const seen = new Set<number>();
    for (let t = 0; t < 60; t++) {
      for (let b = 0; b < 16; b++) actions[b] = random.int(3);
      const r = env.step(actions);
      for (let b = 0; b < 16; b++) {
        expect(r.stepType[b]).toBe(Math.min(2, r.truncated[b]! + 2 * r.terminated[b]!));
        seen.add(r.stepType[b]!);
      }
    }
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
});
