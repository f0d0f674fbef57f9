// MiniGrid's renderer (spec §5.3) for a person to look at: each tile drawn at 3x resolution with
// MiniGrid's shapes, then averaged down; the agent as a red triangle; cells the agent sees
// highlighted. Works from the batch state, so it draws generated and loaded layouts alike.
import { encodePng } from "./png.js";
import type { GridBatchState } from "./state.js";

const COLOURS: [number, number, number][] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [112, 39, 195],
  [255, 255, 0],
  [100, 100, 100],
];

type Paint = (x: number, y: number) => [number, number, number] | null;

const rect = (x0: number, x1: number, y0: number, y1: number) => (x: number, y: number) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const circle = (cx: number, cy: number, r: number) => (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

function segment(ax: number, ay: number, bx: number, by: number, r: number) {
  return (x: number, y: number) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= r * r;
  };
}

function triangle(points: [number, number][]) {
  return (x: number, y: number) => {
    const [a, b, c] = points as [[number, number], [number, number], [number, number]];
    const side = (p: [number, number], q: [number, number]) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
    const s1 = side(a, b), s2 = side(b, c), s3 = side(c, a);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };
}

// The object's layers in drawing order: [shape, colour] (later layers paint over earlier ones).
function objectLayers(type: number, colourCode: number, state: number): [(x: number, y: number) => boolean, [number, number, number]][] {
  const colour = COLOURS[colourCode] ?? [0, 0, 0];
  const black: [number, number, number] = [0, 0, 0];
  const all = rect(0, 1, 0, 1);
  switch (type) {
    case 2: // wall
    case 8: // goal
      return [[all, colour]];
    case 3: // floor
      return [[rect(0.031, 1, 0.031, 1), colour.map((v) => v / 2) as [number, number, number]]];
    case 9: { // lava
      const layers: [(x: number, y: number) => boolean, [number, number, number]][] = [[all, [255, 128, 0]]];
      for (let i = 0; i < 3; i++) {
        const lo = 0.3 + 0.2 * i, hi = 0.4 + 0.2 * i;
        const xs = [0.1, 0.3, 0.5, 0.7, 0.9], ys = [lo, hi, lo, hi, lo];
        for (let k = 0; k < 4; k++) layers.push([segment(xs[k]!, ys[k]!, xs[k + 1]!, ys[k + 1]!, 0.03), black]);
      }
      return layers;
    }
    case 4: // door
      if (state === 0) return [[rect(0.88, 1, 0, 1), colour], [rect(0.92, 0.96, 0.04, 0.96), black]];
      if (state === 2) {
        return [[all, colour], [rect(0.06, 0.94, 0.06, 0.94), colour.map((v) => 0.45 * v) as [number, number, number]], [rect(0.52, 0.75, 0.5, 0.56), colour]];
      }
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

function agentShape(dir: number) {
  const angle = (dir * Math.PI) / 2;
  const rotate = ([x, y]: [number, number]): [number, number] => [
    0.5 + (x - 0.5) * Math.cos(angle) - (y - 0.5) * Math.sin(angle),
    0.5 + (x - 0.5) * Math.sin(angle) + (y - 0.5) * Math.cos(angle),
  ];
  return triangle([rotate([0.12, 0.19]), rotate([0.87, 0.5]), rotate([0.12, 0.81])]);
}

// One tile of `tile` pixels: 3x supersampled, then each 3x3 block averaged and truncated.
function drawTile(out: Uint8Array, stride: number, px: number, py: number, tile: number, paint: Paint, highlight: boolean) {
  const big = 3 * tile;
  for (let ty = 0; ty < tile; ty++) {
    for (let tx = 0; tx < tile; tx++) {
      let r = 0, g = 0, b = 0;
      for (let sy = 0; sy < 3; sy++) {
        for (let sx = 0; sx < 3; sx++) {
          const x = (3 * tx + sx + 0.5) / big, y = (3 * ty + sy + 0.5) / big;
          let c: [number, number, number] = x <= 0.031 || y <= 0.031 ? [100, 100, 100] : [0, 0, 0];
          c = paint(x, y) ?? c;
          if (highlight) c = c.map((v) => Math.floor(v + 0.3 * (255 - v))) as [number, number, number];
          r += c[0];
          g += c[1];
          b += c[2];
        }
      }
      const o = ((py + ty) * stride + px + tx) * 3;
      out[o] = Math.floor(r / 9);
      out[o + 1] = Math.floor(g / 9);
      out[o + 2] = Math.floor(b / 9);
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
      const [type, colour, doorState] = state.cell(env, x, y);
      const layers = objectLayers(type, colour, doorState);
      const agent = x === state.get(env, "agentX") && y === state.get(env, "agentY") ? agentShape(state.get(env, "agentDir")) : null;
      const paint: Paint = (px, py) => {
        let c: [number, number, number] | null = null;
        for (const [shape, colourOf] of layers) if (shape(px, py)) c = colourOf;
        if (agent?.(px, py)) c = [255, 0, 0];
        return c;
      };
      drawTile(rgb, width * tile, x * tile, y * tile, tile, paint, seen.has(`${x},${y}`));
    }
  }
  return { rgb, width: width * tile, height: height * tile };
}

export function renderPng(state: GridBatchState, env: number, tile = 32, view: Uint8Array | null = null, viewSize = 7): Buffer {
  const { rgb, width, height } = renderRgb(state, env, tile, view, viewSize);
  return encodePng(rgb, width, height);
}
