// render(): a PNG of the right size whose tiles show MiniGrid's colours.
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { makeVecEnv } from "../lib/gridworld/index.js";
import { renderRgb } from "../lib/gridworld/render.js";

describe("gridworld render", () => {
  it("writes a PNG of W x H tiles", () => {
    const env = makeVecEnv("MiniGrid-Empty-6x6-v0", { numEnvs: 2 });
    env.reset();
    const png = env.render(1, { tile: 8 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(48);
    expect(png.readUInt32BE(20)).toBe(48);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString("ascii")).toBe("IDAT");
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(48 * (48 * 3 + 1));
    expect(() => env.render(2)).toThrow(RangeError);
  });

  it("draws walls grey, the goal green and the agent red, highlighting what the agent sees", () => {
    const env = makeVecEnv("MiniGrid-Empty-6x6-v0", { numEnvs: 1 });
    const view = env.reset().obs;
    const tile = 8;
    const { rgb, width } = renderRgb(env.state, 0, tile, view);
    const pixel = (cx: number, cy: number) => {
      const o = ((cy * tile + tile / 2) * width + cx * tile + tile / 2) * 3;
      return [rgb[o], rgb[o + 1], rgb[o + 2]];
    };
    const lit = (v: number) => Math.floor(v + 0.3 * (255 - v));
    expect(pixel(4, 4)).toEqual([lit(0), 255, lit(0)]); // goal, seen from (1, 1) facing east in a see-through room
    expect(pixel(1, 1)[0]).toBe(255); // the agent's triangle
    expect(pixel(1, 1)[1]).toBe(lit(0));
    const unlit = renderRgb(env.state, 0, tile, null);
    const o = ((0 * tile + tile / 2) * width + 0 * tile + tile / 2) * 3;
    expect([unlit.rgb[o], unlit.rgb[o + 1], unlit.rgb[o + 2]]).toEqual([100, 100, 100]);
  });
});
