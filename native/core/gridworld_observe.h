// Observations of one environment: MiniGrid's first-person view (gen_obs_grid: slice, rotate,
// process_vis occlusion unless see-through, carried object in the agent's cell) and the full
// symbolic grid (FullyObsWrapper: grid.encode() with the agent as (10, 0, dir)). Both x-major.
#pragma once
#include "gridworld_cell.h"

namespace tansaku::gridworld {

// process_vis on row bitmasks (bit vx of rows[vy] = visible), spreading from the agent's row outwards:
// a left-to-right then a right-to-left pass per row, each visible transparent cell opening its
// neighbour in the pass direction and the two cells above. Within a pass visibility runs along the
// row, so the passes loop over bits; the cells above only collect.
GW_FN void occlusion_mask(const uint32_t* transparent_rows, int view, uint32_t* rows) {
  const int half = view / 2;
  for (int vy = 0; vy < view; ++vy) rows[vy] = 0;
  rows[view - 1] = 1u << half;
  for (int vy = view - 1; vy >= 0; --vy) {
    const uint32_t open = transparent_rows[vy];
    uint32_t m = rows[vy], up = 0;
    for (int vx = 0; vx < view - 1; ++vx) {
      if ((m & open) >> vx & 1u) {
        m |= 2u << vx;
        up |= 3u << vx;
      }
    }
    for (int vx = view - 1; vx >= 1; --vx) {
      if ((m & open) >> vx & 1u) {
        m |= 1u << (vx - 1);
        up |= 3u << (vx - 1);
      }
    }
    rows[vy] = m;
    if (vy > 0) rows[vy - 1] |= up;
  }
}

// The V x V view's cells (x-major, cells[vx * view + vy]) and its visibility rows (bit vx of
// rows[vy]), before the agent's cell is overwritten. Shared by the symbolic and RGB observations.
template <int MaxView = kMaxView>
GW_FN void view_cells(const EnvView& e, int view, Cell* cells, uint32_t* rows) {
  const ViewFrame f = view_frame(e.info, view);
  const bool all_inside = inside(e, f.ox, f.oy) && inside(e, f.x(view - 1, view - 1), f.y(view - 1, view - 1));
  uint32_t open[MaxView];
  for (int vy = 0; vy < view; ++vy) open[vy] = 0;
  for (int vx = 0; vx < view; ++vx) {
    for (int vy = 0; vy < view; ++vy) {
      const int x = f.x(vx, vy), y = f.y(vx, vy);
      Cell c;
      if (all_inside) {
        const uint8_t* p = cell_ptr(e, x, y);
        c = Cell{p[0], p[1], p[2]};
      } else {
        c = get_cell(e, x, y);
      }
      cells[vx * view + vy] = c;
      open[vy] |= uint32_t(transparent(c)) << vx;
    }
  }
  if (e.info[kSeeThrough] != 0) {
    for (int vy = 0; vy < view; ++vy) rows[vy] = (1u << view) - 1;
  } else {
    occlusion_mask(open, view, rows);
  }
}

// out: u8[V][V][3], x-major, the agent at (V/2, V-1) facing towards vy = 0. MaxView sizes the
// scratch arrays (registers or local memory on the device), so the common 7x7 view gets small ones.
template <int MaxView = kMaxView>
GW_FN void observe_partial(const EnvView& e, int view, uint8_t* out) {
  const int32_t* info = e.info;
  const int half = view / 2;
  Cell cells[MaxView * MaxView];
  uint32_t rows[MaxView];
  view_cells<MaxView>(e, view, cells, rows);
  for (int vx = 0; vx < view; ++vx) {
    for (int vy = 0; vy < view; ++vy) {
      const int i = vx * view + vy;
      uint8_t* o = out + 3 * i;
      const Cell c = cells[i];
      if (!(rows[vy] >> vx & 1u)) {
        o[0] = o[1] = o[2] = 0;
      } else if (is_empty(c)) {
        o[0] = kEmpty;
        o[1] = o[2] = 0;
      } else {
        o[0] = c.type;
        o[1] = c.colour;
        o[2] = c.state;
      }
    }
  }
  write_agent_cell(info, out + 3 * (half * view + view - 1));
}

// out: u8[PW][PH][3], the padded grid; cells beyond this environment's W x H read (0, 0, 0).
GW_FN void observe_full(const EnvView& e, int padded_width, uint8_t* out) {
  const int32_t* info = e.info;
  const int cells = padded_width * e.pitch;
  for (int i = 0; i < cells * 3; ++i) out[i] = e.grid[i];
  uint8_t* agent = out + 3 * (info[kAgentX] * e.pitch + info[kAgentY]);
  agent[0] = kAgent;
  agent[1] = kRed;
  agent[2] = uint8_t(info[kAgentDir]);
}

}  // namespace tansaku::gridworld
