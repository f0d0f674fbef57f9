// NAVIX 0.11.0's symbolic observations (spec §9), offered next to MiniGrid's: both row-major (y, x)
// where MiniGrid's are x-major, and the first-person one has no occlusion, keeps the agent's cell
// empty (1, 0, 0) whatever it carries or stands on, and reads off-map cells as grey walls.
#pragma once
#include "gridworld_cell.h"

namespace tansaku::gridworld {

// out: u8[V][V][3], out[(vy * V + vx) * 3]: the agent at row V-1, column V/2, facing up (row 0).
template <int MaxView = kMaxView>
GW_FN void observe_navix_first_person(const EnvView& e, int view, uint8_t* out) {
  const int32_t* info = e.info;
  const int half = view / 2;
  const int fx = dir_dx(info[kAgentDir]), fy = dir_dy(info[kAgentDir]);
  const int rx = -fy, ry = fx;
  const int ox = info[kAgentX] - half * rx + (view - 1) * fx, oy = info[kAgentY] - half * ry + (view - 1) * fy;
  for (int vy = 0; vy < view; ++vy) {
    for (int vx = 0; vx < view; ++vx) {
      const Cell c = get_cell(e, ox + vx * rx - vy * fx, oy + vx * ry - vy * fy);
      uint8_t* o = out + 3 * (vy * view + vx);
      const bool empty = is_empty(c) || (vx == half && vy == view - 1);
      o[0] = empty ? uint8_t(kEmpty) : c.type;
      o[1] = empty ? uint8_t(0) : c.colour;
      o[2] = empty ? uint8_t(0) : c.state;
    }
  }
}

// out: u8[PH][PW][3], out[(y * PW + x) * 3], the agent as (10, 0, dir); padding cells read (0, 0, 0).
GW_FN void observe_navix_symbolic(const EnvView& e, int padded_width, uint8_t* out) {
  const int32_t* info = e.info;
  for (int y = 0; y < e.pitch; ++y) {
    for (int x = 0; x < padded_width; ++x) {
      const uint8_t* p = cell_ptr(e, x, y);
      uint8_t* o = out + 3 * (y * padded_width + x);
      o[0] = p[0];
      o[1] = p[1];
      o[2] = p[2];
    }
  }
  uint8_t* agent = out + 3 * (info[kAgentY] * padded_width + info[kAgentX]);
  agent[0] = kAgent;
  agent[1] = kRed;
  agent[2] = uint8_t(info[kAgentDir]);
}

}  // namespace tansaku::gridworld
