// Cell access for one environment of a batch: reads outside the environment's W x H see a grey wall,
// as MiniGrid's slice does, and writes keep the box-contents plane in step with the grid.
#pragma once
#include "gridworld.h"

namespace tansaku::gridworld {

struct Cell {
  uint8_t type, colour, state;
};

GW_FN bool inside(const EnvView& e, int x, int y) {
  return x >= 0 && y >= 0 && x < e.info[kWidth] && y < e.info[kHeight];
}

GW_FN uint8_t* cell_ptr(const EnvView& e, int x, int y) { return e.grid + 3 * (x * e.pitch + y); }
GW_FN uint8_t* contents_ptr(const EnvView& e, int x, int y) { return e.contents + 2 * (x * e.pitch + y); }

GW_FN GW_ALWAYS_INLINE Cell get_cell(const EnvView& e, int x, int y) {
  if (!inside(e, x, y)) return Cell{kWall, kGrey, 0};
  const uint8_t* p = cell_ptr(e, x, y);
  return Cell{p[0], p[1], p[2]};
}

GW_FN void set_cell(const EnvView& e, int x, int y, uint8_t type, uint8_t colour, uint8_t state) {
  uint8_t* p = cell_ptr(e, x, y);
  p[0] = type;
  p[1] = colour;
  p[2] = state;
  uint8_t* c = contents_ptr(e, x, y);
  c[0] = 0;
  c[1] = 0;
}

GW_FN void clear_cell(const EnvView& e, int x, int y) { set_cell(e, x, y, kEmpty, 0, 0); }

GW_FN bool is_empty(Cell c) { return c.type == kEmpty || c.type == kUnseen; }

// MiniGrid's can_overlap: the agent may stand there.
GW_FN bool can_enter(Cell c) {
  return is_empty(c) || c.type == kFloor || c.type == kGoal || c.type == kLava || (c.type == kDoor && c.state == kOpen);
}

GW_FN bool can_pick_up(Cell c) { return c.type == kKey || c.type == kBall || c.type == kBox; }

// MiniGrid's see_behind: walls and closed or locked doors block the view.
GW_FN bool transparent(Cell c) { return c.type != kWall && !(c.type == kDoor && c.state != kOpen); }

// The agent's cell of a first-person view: what it carries (MiniGrid shows it there), or empty.
GW_FN void write_agent_cell(const int32_t* info, uint8_t* agent) {
  const bool carrying = info[kCarryType] != 0;
  agent[0] = carrying ? uint8_t(info[kCarryType]) : uint8_t(kEmpty);
  agent[1] = carrying ? uint8_t(info[kCarryColour]) : 0;
  agent[2] = carrying ? uint8_t(info[kCarryState]) : 0;
}

GW_FN int dir_dx(int dir) { return dir == 0 ? 1 : (dir == 2 ? -1 : 0); }
GW_FN int dir_dy(int dir) { return dir == 1 ? 1 : (dir == 3 ? -1 : 0); }

// The agent's first-person frame for a view of side `view`: view cell (vx, vy) shows world cell
// (x(vx, vy), y(vx, vy)), the agent standing at (view / 2, view - 1) and facing towards vy = 0.
struct ViewFrame {
  int fx, fy;  // forward
  int rx, ry;  // the agent's right
  int ox, oy;  // the world cell of view (0, 0)
  GW_FN int x(int vx, int vy) const { return ox + vx * rx - vy * fx; }
  GW_FN int y(int vx, int vy) const { return oy + vx * ry - vy * fy; }
};

GW_FN ViewFrame view_frame(const int32_t* info, int view) {
  const int half = view / 2;
  const int fx = dir_dx(info[kAgentDir]), fy = dir_dy(info[kAgentDir]);
  const int rx = -fy, ry = fx;
  return ViewFrame{fx, fy, rx, ry, info[kAgentX] - half * rx + (view - 1) * fx, info[kAgentY] - half * ry + (view - 1) * fy};
}

}  // namespace tansaku::gridworld
