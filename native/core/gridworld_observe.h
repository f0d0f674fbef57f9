// Observations of one environment: MiniGrid's first-person view (gen_obs_grid: slice, rotate,
// process_vis occlusion unless see-through, carried object in the agent's cell) and the full
// symbolic grid (FullyObsWrapper: grid.encode() with the agent as (10, 0, dir)). Both x-major.
#pragma once
#include "gridworld_cell.h"

namespace tansaku::gridworld {

// out: u8[V][V][3], x-major, the agent at (V/2, V-1) facing towards vy = 0.
GW_FN void observe_partial(const EnvView& e, int view, uint8_t* out) {
  const int32_t* info = e.info;
  const int half = view / 2;
  const int fx = dir_dx(info[kAgentDir]), fy = dir_dy(info[kAgentDir]);
  const int rx = -fy, ry = fx;  // the agent's right
  Cell cells[kMaxView * kMaxView];
  for (int vx = 0; vx < view; ++vx) {
    for (int vy = 0; vy < view; ++vy) {
      const int ahead = view - 1 - vy, side = vx - half;
      cells[vx * view + vy] = get_cell(e, info[kAgentX] + side * rx + ahead * fx, info[kAgentY] + side * ry + ahead * fy);
    }
  }
  bool mask[kMaxView * kMaxView];
  const bool see_through = info[kSeeThrough] != 0;
  for (int i = 0; i < view * view; ++i) mask[i] = see_through;
  mask[half * view + view - 1] = true;
  if (!see_through) {
    // process_vis: rows from the agent's outwards; visibility spreads along a row within one pass.
    for (int vy = view - 1; vy >= 0; --vy) {
      for (int vx = 0; vx < view - 1; ++vx) {
        if (!mask[vx * view + vy] || !transparent(cells[vx * view + vy])) continue;
        mask[(vx + 1) * view + vy] = true;
        if (vy > 0) {
          mask[(vx + 1) * view + vy - 1] = true;
          mask[vx * view + vy - 1] = true;
        }
      }
      for (int vx = view - 1; vx >= 1; --vx) {
        if (!mask[vx * view + vy] || !transparent(cells[vx * view + vy])) continue;
        mask[(vx - 1) * view + vy] = true;
        if (vy > 0) {
          mask[(vx - 1) * view + vy - 1] = true;
          mask[vx * view + vy - 1] = true;
        }
      }
    }
  }
  for (int i = 0; i < view * view; ++i) {
    uint8_t* o = out + 3 * i;
    if (!mask[i]) {
      o[0] = o[1] = o[2] = 0;
    } else if (is_empty(cells[i])) {
      o[0] = kEmpty;
      o[1] = o[2] = 0;
    } else {
      o[0] = cells[i].type;
      o[1] = cells[i].colour;
      o[2] = cells[i].state;
    }
  }
  uint8_t* agent = out + 3 * (half * view + view - 1);
  if (info[kCarryType] != 0) {
    agent[0] = uint8_t(info[kCarryType]);
    agent[1] = uint8_t(info[kCarryColour]);
    agent[2] = uint8_t(info[kCarryState]);
  } else {
    agent[0] = kEmpty;
    agent[1] = agent[2] = 0;
  }
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
