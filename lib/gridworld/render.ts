// MiniGrid's renderer (spec §5.3) for a person to look at: each tile drawn at 3x resolution with
// MiniGrid's shapes, then averaged down; the agent as a red triangle; cells the agent sees
// highlighted. Works from the batch state, so it draws generated and loaded layouts alike.
import { encodePng } from "./png.js";
import type { GridBatchState } from "./state.js";

const COLOURS: Rgb[] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [112, 39, 195],
  [255, 255, 0],
  [100, 100, 100],
];

type Rgb = [number, number, number];
type Shape = (x: number, y: number) => boolean;

// The arithmetic below matches native/core/gridworld_rgb.h operation for operation (doubles, same
// order), so the native RGB observations and this renderer agree byte for byte.
const rect = (x0: number, x1: number, y0: number, y1: number): Shape => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const circle = (cx: number, cy: number, r: number): Shape => (x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;

function segment(ax: number, ay: number, bx: number, by: number, r: number): Shape {
  return (x, y) => {
    const dx = bx - ax, dy = by - ay;
    let t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = x - ax - t * dx, ey = y - ay - t * dy;
    return ex * ex + ey * ey <= r * r;
  };
}

// MiniGrid rotates the query point by -dir quarter turns (these are Python's math.cos/sin values)
// and tests the triangle (0.12,0.19), (0.87,0.50), (0.12,0.81) with barycentric coordinates.
const COSINES = [1, 6.123233995736766e-17, -1, -1.8369701987210297e-16];
const SINES = [-0, -1, -1.2246467991473532e-16, 1];

function inAgent(x: number, y: number, dir: number): boolean {
  const c = COSINES[dir & 3]!, s = SINES[dir & 3]!;
  const px = x - 0.5, py = y - 0.5;
  const qx = 0.5 + px * c - py * s, qy = 0.5 + py * c + px * s;
  const v0x = 0.12 - 0.12, v0y = 0.81 - 0.19, v1x = 0.87 - 0.12, v1y = 0.5 - 0.19;
  const v2x = qx - 0.12, v2y = qy - 0.19;
  const dot00 = v0x * v0x + v0y * v0y, dot01 = v0x * v1x + v0y * v1y;
  const dot02 = v0x * v2x + v0y * v2y, dot11 = v1x * v1x + v1y * v1y;
  const dot12 = v1x * v2x + v1y * v2y;
  const inv = 1 / (dot00 * dot11 - dot01 * dot01);
  const u = (dot11 * dot02 - dot01 * dot12) * inv;
  const v = (dot00 * dot12 - dot01 * dot02) * inv;
  return u >= 0 && v >= 0 && u + v < 1;
}

// A colour scaled and truncated, as numpy stores float colours into a u8 image.
const scaled = (c: Rgb, f: number): Rgb => c.map((v) => Math.trunc(v * f)) as Rgb;

// The object's layers in drawing order: [shape, colour] (later layers paint over earlier ones).
function objectLayers(type: number, colourCode: number, state: number): [Shape, Rgb][] {
  const colour = COLOURS[colourCode] ?? [0, 0, 0];
  const black: Rgb = [0, 0, 0];
  const all: Shape = () => true;
  switch (type) {
    case 2: // wall
    case 8: // goal
      return [[all, colour]];
    case 3: // floor
      return [[rect(0.031, 1, 0.031, 1), scaled(colour, 0.5)]];
    case 9: { // lava
      const layers: [Shape, Rgb][] = [[all, [255, 128, 0]]];
      for (let i = 0; i < 3; i++) {
        const lo = 0.3 + 0.2 * i, hi = 0.4 + 0.2 * i;
        const xs = [0.1, 0.3, 0.5, 0.7, 0.9], ys = [lo, hi, lo, hi, lo];
        for (let k = 0; k < 4; k++) layers.push([segment(xs[k]!, ys[k]!, xs[k + 1]!, ys[k + 1]!, 0.03), black]);
      }
      return layers;
    }
    case 4: // door
      if (state === 0) return [[rect(0.88, 1, 0, 1), colour], [rect(0.92, 0.96, 0.04, 0.96), black]];
      if (state === 2) return [[all, colour], [rect(0.06, 0.94, 0.06, 0.94), scaled(colour, 0.45)], [rect(0.52, 0.75, 0.5, 0.56), colour]];
      return [[all, colour], [rect(0.04, 0.96, 0.04, 0.96), black], [rect(0.08, 0.92, 0.08, 0.92), colour], [rect(0.12, 0.88, 0.12, 0.88), black], [circle(0.75, 0.5, 0.08), colour]];
    case 5: // key
      return [
        [rect(0.5, 0.63, 0.31, 0.88), colour],
        [rect(0.38, 0.5, 0.59, 0.66), colour],
        [rect(0.38, 0.5, 0.81, 0.88), colour],
        [circle(0.56, 0.28, 0.19), colour],
        [circle(0.56, 0.28, 0.064), black],
      ];
    case 6: // ball
      return [[circle(0.5, 0.5, 0.31), colour]];
    case 7: // box
      return [[rect(0.12, 0.88, 0.12, 0.88), colour], [rect(0.18, 0.82, 0.18, 0.82), black], [rect(0.16, 0.84, 0.47, 0.53), colour]];
    default:
      return [];
  }
}

const highlighted = (v: number) => Math.trunc(v + 0.3 * (255 - v));

/**
 * One tile of `tile` pixels at pixel (px, py) of `out` (`stride` pixels per row): the cell's object
 * (type, colour, state), the agent when agentDir >= 0, the highlight; 3x supersampled, then averaged
 * as numpy does (the mean of each subpixel row, then the mean of the three means, truncated).
 */
export function drawTile(out: Uint8Array, stride: number, px: number, py: number, tile: number, cell: Rgb, agentDir: number, highlight: boolean): void {
  const layers = objectLayers(cell[0], cell[1], cell[2]);
  const big = 3 * tile;
  const means = [new Float64Array(3), new Float64Array(3), new Float64Array(3)];
  for (let ty = 0; ty < tile; ty++) {
    for (let tx = 0; tx < tile; tx++) {
      for (let sy = 0; sy < 3; sy++) {
        const sums = [0, 0, 0];
        const y = (3 * ty + sy + 0.5) / big;
        for (let sx = 0; sx < 3; sx++) {
          const x = (3 * tx + sx + 0.5) / big;
          let p: Rgb = x <= 0.031 || y <= 0.031 ? [100, 100, 100] : [0, 0, 0];
          for (const [shape, colour] of layers) if (shape(x, y)) p = colour;
          if (agentDir >= 0 && inAgent(x, y, agentDir)) p = [255, 0, 0];
          if (highlight) p = [highlighted(p[0]), highlighted(p[1]), highlighted(p[2])];
          for (let ch = 0; ch < 3; ch++) sums[ch]! += p[ch]!;
        }
        for (let ch = 0; ch < 3; ch++) means[ch]![sy] = sums[ch]! / 3;
      }
      const o = ((py + ty) * stride + px + tx) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const m = means[ch]!;
        out[o + ch] = Math.trunc((m[0]! + m[1]! + m[2]!) / 3);
      }
    }
  }
}

/** The cells agent `env` sees (MiniGrid's highlight), from its partial observation. */
function visibleCells(state: GridBatchState, env: number, view: Uint8Array | null, viewSize: number): Set<string> {
  const seen = new Set<string>();
  if (!view) return seen;
  const dir = state.get(env, "agentDir");
  const fx = [1, 0, -1, 0][dir]!, fy = [0, 1, 0, -1][dir]!;
  const half = Math.floor(viewSize / 2);
  for (let vx = 0; vx < viewSize; vx++) {
    for (let vy = 0; vy < viewSize; vy++) {
      if (view[(vx * viewSize + vy) * 3] === 0) continue;
      const ahead = viewSize - 1 - vy, side = vx - half;
      seen.add(`${state.get(env, "agentX") + side * -fy + ahead * fx},${state.get(env, "agentY") + side * fx + ahead * fy}`);
    }
  }
  return seen;
}

/** u8[H * tile][W * tile][3] of environment `env`; `view` is its 7x7 observation for the highlight. */
export function renderRgb(state: GridBatchState, env: number, tile = 32, view: Uint8Array | null = null, viewSize = 7) {
  const width = state.get(env, "width"), height = state.get(env, "height");
  const rgb = new Uint8Array(width * tile * height * tile * 3);
  const seen = visibleCells(state, env, view, viewSize);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const agent = x === state.get(env, "agentX") && y === state.get(env, "agentY") ? state.get(env, "agentDir") : -1;
      drawTile(rgb, width * tile, x * tile, y * tile, tile, state.cell(env, x, y), agent, seen.has(`${x},${y}`));
    }
  }
  return { rgb, width: width * tile, height: height * tile };
}

/**
 * MiniGrid's first-person image (RGBImgPartialObsWrapper) drawn from a symbolic partial observation
 * u8[V][V][3] (x-major): unseen cells (type 0) blank, seen ones highlighted, the agent facing up at
 * (V/2, V-1) over the object it carries. u8[V * tile][V * tile][3].
 */
export function renderViewRgb(view: Uint8Array, viewSize = 7, tile = 8): Uint8Array {
  const side = viewSize * tile;
  const rgb = new Uint8Array(side * side * 3);
  const half = Math.floor(viewSize / 2);
  for (let vx = 0; vx < viewSize; vx++) {
    for (let vy = 0; vy < viewSize; vy++) {
      const i = (vx * viewSize + vy) * 3;
      const cell: Rgb = [view[i]!, view[i + 1]!, view[i + 2]!];
      const agent = vx === half && vy === viewSize - 1 ? 3 : -1;
      drawTile(rgb, side, vx * tile, vy * tile, tile, cell, agent, cell[0] !== 0);
    }
  }
  return rgb;
}

export function renderPng(state: GridBatchState, env: number, tile = 32, view: Uint8Array | null = null, viewSize = 7): Buffer {
  const { rgb, width, height } = renderRgb(state, env, tile, view, viewSize);
  return encodePng(rgb, width, height);
}
