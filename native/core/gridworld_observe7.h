// MiniGrid's default 7 x 7 first-person view on the host, byte-identical to observe_partial<7>
// (gridworld_observe.h) but shaped for the CPU: the environment's bounds as a rectangle of the view
// instead of a test per cell, the view built in output order with one overlapping 4-byte store a cell,
// process_vis as one table lookup per row, and the visibility applied a column (21 bytes) at a time
// with table masks instead of a branch per cell. CPUs with AVX-512 VBMI take the whole-register
// version in gridworld_observe7_avx512.cpp instead (gridworld_batch.h picks), which shares the row table.
// The CUDA kernels keep observe_partial<7>: this one relies on unaligned host loads and stores.
#pragma once
#include <cstddef>
#include <cstring>

#include "gridworld_cell.h"

namespace tansaku::gridworld {

constexpr uint32_t kRow7 = 0x7F;

// One process_vis pass along a row: a visible open cell makes its neighbour in the pass direction
// visible, so visibility runs from each visible open cell through the open cells after it and onto the
// first closed one. Left to right (towards bit 6) that is carry arithmetic: adding the seeds to `open`
// carries through each run of open cells above a seed and sets the cell that ends it, so the sum differs
// from `open` on exactly the cells reached (a second seed in the same run can drop out, but it is
// visible already). Right to left has no carry that runs downwards: doubling steps (1, 2, 4) cover the
// longest chain of 6.
constexpr uint32_t spread_left_to_right(uint32_t m, uint32_t open) {
  return m | (((open + (m & open)) ^ open) & kRow7);
}

constexpr uint32_t spread_right_to_left(uint32_t m, uint32_t open) {
  uint32_t run = open;  // bit i: cells i - d + 1 .. i are all open
  m |= (m & run) >> 1;
  run &= run << 1;
  m |= (m & run) >> 2;
  run &= run << 2;
  m |= (m & run) >> 4;
  return m;
}

// One row of process_vis for view 7 as a table: given the cells of a row made visible from below
// (`seen`) and its open cells, both passes together make every run of open cells that holds a seen
// cell visible, with the closed cell at each end of the run; the cells those runs open in the row
// above are the same extended runs. kRowSpread[seen][open] = that union; the row's visibility is
// seen | it. (Checked against the two passes run cell by cell, for all 2^14 inputs, in ctest.)
struct RowSpread7 {
  uint8_t reach[128][128];
  constexpr RowSpread7() : reach{} {
    for (int seen = 0; seen < 128; ++seen) {
      for (int open = 0; open < 128; ++open) {
        uint32_t m1 = spread_left_to_right(uint32_t(seen), uint32_t(open));
        uint32_t m2 = spread_right_to_left(m1, uint32_t(open));
        const uint32_t l = m1 & open & 0x3Fu, r = m2 & open & 0x7Eu;
        reach[seen][open] = uint8_t(l | (l << 1) | r | (r >> 1));
      }
    }
  }
};
inline constexpr RowSpread7 kRowSpread7{};

// occlusion_mask for view 7: rows[vy] bit vx = visible, from the agent's row upwards.
inline void occlusion_rows7(const uint32_t* open, uint32_t* rows) {
  uint32_t seen = 1u << 3;  // the agent's cell
  for (int vy = 6; vy >= 0; --vy) {
    const uint32_t reach = kRowSpread7.reach[seen][open[vy]];
    rows[vy] = seen | reach;
    seen = reach;
  }
}

// Bit vx of a 7-bit row moved to bit 7 * vx: a row of the visibility mask placed into x-major order.
struct SpreadRow7 {
  uint64_t bits[128];
  constexpr SpreadRow7() : bits{} {
    for (int r = 0; r < 128; ++r) {
      uint64_t v = 0;
      for (int vx = 0; vx < 7; ++vx) v |= uint64_t(r >> vx & 1) << (7 * vx);
      bits[r] = v;
    }
  }
};
inline constexpr SpreadRow7 kSpreadRow7{};

// Byte masks of one view column (7 cells, 21 bytes, padded to 24): cell k's three bytes kept when bit k
// is set.
struct ColumnMask7 {
  uint8_t bytes[128][24];
  constexpr ColumnMask7() : bytes{} {
    for (int r = 0; r < 128; ++r) {
      for (int k = 0; k < 7; ++k) {
        const uint8_t keep = (r >> k & 1) != 0 ? 0xFF : 0;
        bytes[r][3 * k] = bytes[r][3 * k + 1] = bytes[r][3 * k + 2] = keep;
      }
    }
  }
};
inline constexpr ColumnMask7 kColumnMask7{};

// The view before occlusion: every cell grey wall (what MiniGrid's slice reads outside the grid).
struct GreyWallView7 {
  uint8_t bytes[152];
  constexpr GreyWallView7() : bytes{} {
    for (int i = 0; i < 49; ++i) {
      bytes[3 * i] = kWall;
      bytes[3 * i + 1] = kGrey;
    }
  }
};
inline constexpr GreyWallView7 kGreyWallView7{};

inline uint64_t load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline bool in_range(int v, int n) { return unsigned(v) < unsigned(n); }

inline void observe_partial7(const EnvView& e, uint8_t* out) {
  constexpr int V = 7, half = 3;
  const int32_t* info = e.info;
  // One view index moves x, the other y.
  const ViewFrame f = view_frame(info, V);
  const int fx = f.fx, fy = f.fy, rx = f.rx, ry = f.ry, ox = f.ox, oy = f.oy;
  const int width = info[kWidth], height = info[kHeight];
  uint32_t in_vx = 0, in_vy = 0;  // bit k: view column / row k lies inside along the coordinate it moves
  for (int k = 0; k < V; ++k) {
    const bool a = fx == 0 ? in_range(ox + k * rx, width) : in_range(oy + k * ry, height);
    const bool b = fx == 0 ? in_range(oy - k * fy, height) : in_range(ox - k * fx, width);
    in_vx |= uint32_t(a) << k;
    in_vy |= uint32_t(b) << k;
  }
  const ptrdiff_t pitch = e.pitch;
  const ptrdiff_t step_x = 3 * (rx * pitch + ry), step_y = -3 * (fx * pitch + fy);
  const ptrdiff_t origin = 3 * (ptrdiff_t(ox) * pitch + oy);
  const uint8_t* grid = e.grid;

  // Pass 1: the view in output order (x-major, 3 bytes a cell), starting as grey wall; the cells inside,
  // a rectangle since each index moves one coordinate, are encoded (unseen and empty both as (1, 0, 0))
  // and the open (see-through) cells of each view row collected. Each cell is one 4-byte store whose
  // fourth byte, the next cell's type, is kWall: right if that cell is outside, rewritten if inside.
  uint8_t view[sizeof(kGreyWallView7.bytes)];
  std::memcpy(view, kGreyWallView7.bytes, sizeof(view));
  uint32_t open[V] = {0, 0, 0, 0, 0, 0, 0};
  const int vx_begin = __builtin_ctz(in_vx), vx_end = 32 - __builtin_clz(in_vx);
  const int vy_begin = __builtin_ctz(in_vy), vy_end = 32 - __builtin_clz(in_vy);
  for (int vx = vx_begin; vx < vx_end; ++vx) {
    const uint8_t* p = grid + origin + vx * step_x + vy_begin * step_y;
    uint8_t* q = view + 3 * (vx * V + vy_begin);
    for (int vy = vy_begin; vy < vy_end; ++vy, p += step_y, q += 3) {
      const uint32_t type = p[0], state = p[2];
      const uint32_t c = type <= kEmpty ? uint32_t(kEmpty) : (type | uint32_t(p[1]) << 8 | state << 16);
      const uint32_t word = c | uint32_t(kWall) << 24;
      std::memcpy(q, &word, 4);
      const bool opaque = type == kWall || (type == kDoor && state != kOpen);
      open[vy] |= uint32_t(!opaque) << vx;
    }
  }
  // Pass 2: visibility as one x-major 49-bit mask (bit vx * 7 + vy), applied a column (21 bytes) at a
  // time with three overlapping 8-byte masks.
  uint64_t visible;
  if (info[kSeeThrough] != 0) {
    visible = (uint64_t(1) << (V * V)) - 1;
  } else {
    uint32_t rows[V];
    occlusion_rows7(open, rows);
    visible = 0;
    for (int vy = 0; vy < V; ++vy) visible |= kSpreadRow7.bits[rows[vy]] << vy;
  }
  for (int vx = 0; vx < V; ++vx) {
    const uint8_t* mask = kColumnMask7.bytes[visible >> (V * vx) & kRow7];
    const uint8_t* from = view + 3 * V * vx;
    uint8_t* to = out + 3 * V * vx;
    const uint64_t a = load64(from) & load64(mask), b = load64(from + 8) & load64(mask + 8),
                   c = load64(from + 13) & load64(mask + 13);
    std::memcpy(to, &a, 8);
    std::memcpy(to + 8, &b, 8);
    std::memcpy(to + 13, &c, 8);
  }
  write_agent_cell(info, out + 3 * (half * V + V - 1));
}

}  // namespace tansaku::gridworld
