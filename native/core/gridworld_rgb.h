// RGB observations (spec §5.3): MiniGrid's tile renderer as host/device code. Each tile is drawn at
// 3x resolution by testing MiniGrid's shapes at subpixel centres, highlighted, then averaged down the
// way numpy does it (mean of each subpixel row, then mean of the three means, truncated to u8).
// lib/gridworld/render.ts draws the same tiles in TypeScript with the same arithmetic, operation for
// operation, so the two agree byte for byte; the products go through mul() so the device compiler
// cannot fuse them into multiply-adds that would round differently. The drawing functions stay out
// of line on the device (GW_COLD_FN) so the symbolic step kernels do not carry them.
#pragma once
#include "gridworld_observe.h"

namespace tansaku::gridworld {

GW_FN double mul(double a, double b) {
#if defined(__CUDA_ARCH__)
  return __dmul_rn(a, b);
#else
  return a * b;
#endif
}

struct Rgb {
  uint8_t r, g, b;
};

// MiniGrid's colour table, in colour-code order.
GW_FN Rgb colour_rgb(int colour) {
  switch (colour) {
    case kRed: return Rgb{255, 0, 0};
    case kGreen: return Rgb{0, 255, 0};
    case kBlue: return Rgb{0, 0, 255};
    case kPurple: return Rgb{112, 39, 195};
    case kYellow: return Rgb{255, 255, 0};
    case kGrey: return Rgb{100, 100, 100};
    default: return Rgb{0, 0, 0};
  }
}

// A colour scaled by a factor and truncated, as numpy stores float colours into a u8 image.
GW_FN Rgb scaled(Rgb c, double f) { return Rgb{uint8_t(mul(c.r, f)), uint8_t(mul(c.g, f)), uint8_t(mul(c.b, f))}; }

GW_FN bool in_rect(double x, double y, double x0, double x1, double y0, double y1) {
  return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

GW_FN bool in_circle(double x, double y, double cx, double cy, double r) {
  return mul(x - cx, x - cx) + mul(y - cy, y - cy) <= mul(r, r);
}

// Distance from (x, y) to the segment (ax, ay)-(bx, by) at most r.
GW_FN bool in_segment(double x, double y, double ax, double ay, double bx, double by, double r) {
  const double dx = bx - ax, dy = by - ay;
  double t = (mul(x - ax, dx) + mul(y - ay, dy)) / (mul(dx, dx) + mul(dy, dy));
  t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
  const double ex = x - ax - mul(t, dx), ey = y - ay - mul(t, dy);
  return mul(ex, ex) + mul(ey, ey) <= mul(r, r);
}

// The agent's triangle (0.12,0.19), (0.87,0.50), (0.12,0.81) turned by dir quarter turns about the
// tile's centre: MiniGrid rotates the query point by -dir * 90 degrees (the cosines and sines below
// are the doubles Python's math module gives) and tests it with barycentric coordinates.
GW_FN bool in_agent(double x, double y, int dir) {
  const double cosines[4] = {1.0, 6.123233995736766e-17, -1.0, -1.8369701987210297e-16};
  const double sines[4] = {-0.0, -1.0, -1.2246467991473532e-16, 1.0};
  const double c = cosines[dir & 3], s = sines[dir & 3];
  const double px = x - 0.5, py = y - 0.5;
  const double qx = 0.5 + mul(px, c) - mul(py, s), qy = 0.5 + mul(py, c) + mul(px, s);
  const double v0x = 0.12 - 0.12, v0y = 0.81 - 0.19, v1x = 0.87 - 0.12, v1y = 0.5 - 0.19;
  const double v2x = qx - 0.12, v2y = qy - 0.19;
  const double dot00 = mul(v0x, v0x) + mul(v0y, v0y), dot01 = mul(v0x, v1x) + mul(v0y, v1y);
  const double dot02 = mul(v0x, v2x) + mul(v0y, v2y), dot11 = mul(v1x, v1x) + mul(v1y, v1y);
  const double dot12 = mul(v1x, v2x) + mul(v1y, v2y);
  const double inv = 1.0 / (mul(dot00, dot11) - mul(dot01, dot01));
  const double u = mul(mul(dot11, dot02) - mul(dot01, dot12), inv);
  const double v = mul(mul(dot00, dot12) - mul(dot01, dot02), inv);
  return u >= 0.0 && v >= 0.0 && u + v < 1.0;
}

// The colour of the object's last layer covering (x, y); false where no layer does.
GW_FN bool object_pixel(Cell cell, double x, double y, Rgb* out) {
  const Rgb c = colour_rgb(cell.colour), black{0, 0, 0};
  bool hit = false;
  auto paint = [&](bool inside_shape, Rgb colour) {
    if (inside_shape) {
      *out = colour;
      hit = true;
    }
  };
  switch (cell.type) {
    case kWall:
    case kGoal: paint(true, c); break;
    case kFloor: paint(in_rect(x, y, 0.031, 1, 0.031, 1), scaled(c, 0.5)); break;
    case kLava: {
      paint(true, Rgb{255, 128, 0});
      for (int i = 0; i < 3; ++i) {
        const double lo = 0.3 + mul(0.2, i), hi = 0.4 + mul(0.2, i);
        paint(in_segment(x, y, 0.1, lo, 0.3, hi, 0.03), black);
        paint(in_segment(x, y, 0.3, hi, 0.5, lo, 0.03), black);
        paint(in_segment(x, y, 0.5, lo, 0.7, hi, 0.03), black);
        paint(in_segment(x, y, 0.7, hi, 0.9, lo, 0.03), black);
      }
      break;
    }
    case kDoor:
      if (cell.state == kOpen) {
        paint(in_rect(x, y, 0.88, 1, 0, 1), c);
        paint(in_rect(x, y, 0.92, 0.96, 0.04, 0.96), black);
      } else if (cell.state == kLocked) {
        paint(true, c);
        paint(in_rect(x, y, 0.06, 0.94, 0.06, 0.94), scaled(c, 0.45));
        paint(in_rect(x, y, 0.52, 0.75, 0.5, 0.56), c);
      } else {
        paint(true, c);
        paint(in_rect(x, y, 0.04, 0.96, 0.04, 0.96), black);
        paint(in_rect(x, y, 0.08, 0.92, 0.08, 0.92), c);
        paint(in_rect(x, y, 0.12, 0.88, 0.12, 0.88), black);
        paint(in_circle(x, y, 0.75, 0.5, 0.08), c);
      }
      break;
    case kKey:
      paint(in_rect(x, y, 0.5, 0.63, 0.31, 0.88), c);
      paint(in_rect(x, y, 0.38, 0.5, 0.59, 0.66), c);
      paint(in_rect(x, y, 0.38, 0.5, 0.81, 0.88), c);
      paint(in_circle(x, y, 0.56, 0.28, 0.19), c);
      paint(in_circle(x, y, 0.56, 0.28, 0.064), black);
      break;
    case kBall: paint(in_circle(x, y, 0.5, 0.5, 0.31), c); break;
    case kBox:
      paint(in_rect(x, y, 0.12, 0.88, 0.12, 0.88), c);
      paint(in_rect(x, y, 0.18, 0.82, 0.18, 0.82), black);
      paint(in_rect(x, y, 0.16, 0.84, 0.47, 0.53), c);
      break;
    default: break;
  }
  return hit;
}

GW_FN uint8_t highlighted(uint8_t v) { return uint8_t(double(v) + mul(0.3, double(255 - v))); }

// One tile of tile x tile pixels at `out` (row pitch `stride` bytes): the cell's object, the agent
// (agent_dir < 0: none) and the highlight.
GW_COLD_FN void draw_tile_pixels(Cell cell, int agent_dir, bool highlight, int tile, uint8_t* out, int64_t stride) {
  const double big = 3.0 * tile;
  for (int ty = 0; ty < tile; ++ty) {
    for (int tx = 0; tx < tile; ++tx) {
      double means[3][3];  // [channel][subpixel row]
      for (int sy = 0; sy < 3; ++sy) {
        int sums[3] = {0, 0, 0};
        const double y = (3 * ty + sy + 0.5) / big;
        for (int sx = 0; sx < 3; ++sx) {
          const double x = (3 * tx + sx + 0.5) / big;
          Rgb p = (x <= 0.031 || y <= 0.031) ? Rgb{100, 100, 100} : Rgb{0, 0, 0};
          object_pixel(cell, x, y, &p);
          if (agent_dir >= 0 && in_agent(x, y, agent_dir)) p = Rgb{255, 0, 0};
          if (highlight) p = Rgb{highlighted(p.r), highlighted(p.g), highlighted(p.b)};
          sums[0] += p.r;
          sums[1] += p.g;
          sums[2] += p.b;
        }
        for (int ch = 0; ch < 3; ++ch) means[ch][sy] = sums[ch] / 3.0;
      }
      uint8_t* o = out + int64_t(ty) * stride + 3 * tx;
      for (int ch = 0; ch < 3; ++ch) o[ch] = uint8_t((means[ch][0] + means[ch][1] + means[ch][2]) / 3.0);
    }
  }
}

// The CPU build keeps every tile it has drawn (gridworld_tiles.cpp): a tile depends only on the
// cell, the agent's direction and the highlight, and drawing one costs 27 shape tests per pixel.
// CUDA translation units draw directly (no host symbol for the device library to link against).
#if !defined(__CUDACC__)
const uint8_t* cached_tile(Cell cell, int agent_dir, bool highlight, int tile);
#endif

GW_COLD_FN void draw_tile(Cell cell, int agent_dir, bool highlight, int tile, uint8_t* out, int64_t stride) {
#if !defined(__CUDACC__)
  if (const uint8_t* cached = cached_tile(cell, agent_dir, highlight, tile)) {
    for (int ty = 0; ty < tile; ++ty) {
      for (int i = 0; i < 3 * tile; ++i) out[int64_t(ty) * stride + i] = cached[ty * 3 * tile + i];
    }
    return;
  }
#endif
  draw_tile_pixels(cell, agent_dir, highlight, tile, out, stride);
}

// RGBImgPartialObsWrapper: u8[V*t][V*t][3] row-major. Occluded cells are blank, visible ones
// highlighted, and the agent (facing up at (V/2, V-1)) is drawn over the object it carries.
template <int MaxView = kMaxView>
GW_COLD_FN void observe_rgb_partial(const EnvView& e, int view, int tile, uint8_t* out) {
  Cell cells[MaxView * MaxView];
  uint32_t rows[MaxView];
  view_cells<MaxView>(e, view, cells, rows);
  const int half = view / 2;
  const int32_t* info = e.info;
  cells[half * view + view - 1] =
      Cell{uint8_t(info[kCarryType]), uint8_t(info[kCarryColour]), uint8_t(info[kCarryState])};
  const int64_t stride = int64_t(view) * tile * 3;
  for (int vy = 0; vy < view; ++vy) {
    for (int vx = 0; vx < view; ++vx) {
      const bool visible = (rows[vy] >> vx & 1u) != 0;
      const Cell c = visible ? cells[vx * view + vy] : Cell{kEmpty, 0, 0};
      const bool agent = vx == half && vy == view - 1;
      draw_tile(c, agent ? 3 : -1, visible, tile, out + int64_t(vy) * tile * stride + 3 * vx * tile, stride);
    }
  }
}

// RGBImgObsWrapper: u8[PH*t][PW*t][3] row-major over the padded size (cells beyond this
// environment's W x H stay black). The agent's triangle sits in its cell and the cells it sees are
// highlighted.
template <int MaxView = kMaxView>
GW_COLD_FN void observe_rgb_full(const EnvView& e, int padded_width, int view, int tile, uint8_t* out) {
  const int32_t* info = e.info;
  const int64_t stride = int64_t(padded_width) * tile * 3;
  const int64_t bytes = stride * e.pitch * tile;
  for (int64_t i = 0; i < bytes; ++i) out[i] = 0;
  Cell cells[MaxView * MaxView];
  uint32_t rows[MaxView];
  view_cells<MaxView>(e, view, cells, rows);
  // The seen cells as a bitmask per world row (kMaxSide <= 32 columns).
  uint32_t seen[kMaxSide];
  for (int y = 0; y < kMaxSide; ++y) seen[y] = 0;
  const ViewFrame f = view_frame(info, view);
  for (int vy = 0; vy < view; ++vy) {
    for (int vx = 0; vx < view; ++vx) {
      if (!(rows[vy] >> vx & 1u)) continue;
      const int x = f.x(vx, vy), y = f.y(vx, vy);
      if (inside(e, x, y)) seen[y] |= 1u << x;
    }
  }
  for (int y = 0; y < info[kHeight]; ++y) {
    for (int x = 0; x < info[kWidth]; ++x) {
      const uint8_t* p = cell_ptr(e, x, y);
      const bool agent = x == info[kAgentX] && y == info[kAgentY];
      draw_tile(Cell{p[0], p[1], p[2]}, agent ? info[kAgentDir] : -1, (seen[y] >> x & 1u) != 0, tile,
                out + int64_t(y) * tile * stride + 3 * x * tile, stride);
    }
  }
}

}  // namespace tansaku::gridworld
