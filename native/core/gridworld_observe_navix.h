// NAVIX 0.11.0's observations (spec §9), offered next to MiniGrid's, all row-major (y, x) where
// MiniGrid's are x-major:
// - symbolic shows the agent as (10, 0, dir) only on an otherwise empty cell (see below);
// - symbolic_first_person has no occlusion, keeps the agent's cell empty (1, 0, 0) whatever it
//   carries or stands on, and reads off-map cells as grey walls;
// - categorical writes i32 type tags over NAVIX's base map: floor 0, border walls -1, but 2 for the
//   walls NAVIX builds as entities (DoorKey's and FourRooms' inner walls), the agent 10 unless it
//   shares its cell with an object (NAVIX lists the player first, so a later entity overwrites it);
// - categorical_first_person multiplies those tags by NAVIX's flood-fill visibility (view_cone:
//   6 steps of 3x3 spread through transparent cells, wrapping around the grid edges as jnp.roll
//   does, plus the opaque cells bordering what was reached) and pads off-map cells with 100.
#pragma once
#include "gridworld_cell.h"

namespace tansaku::gridworld {

// out: u8[V][V][3], out[(vy * V + vx) * 3]: the agent at row V-1, column V/2, facing up (row 0).
GW_FN void observe_navix_first_person(const EnvView& e, int view, uint8_t* out) {
  const int half = view / 2;
  const ViewFrame f = view_frame(e.info, view);
  for (int vy = 0; vy < view; ++vy) {
    for (int vx = 0; vx < view; ++vx) {
      const Cell c = get_cell(e, f.x(vx, vy), f.y(vx, vy));
      uint8_t* o = out + 3 * (vy * view + vx);
      const bool empty = is_empty(c) || (vx == half && vy == view - 1);
      o[0] = empty ? uint8_t(kEmpty) : c.type;
      o[1] = empty ? uint8_t(0) : c.colour;
      o[2] = empty ? uint8_t(0) : c.state;
    }
  }
}

// out: u8[PH][PW][3], out[(y * PW + x) * 3], the agent as (10, 0, dir) unless it shares its cell with
// an object (an open door, DistShift's lava under NAVIX's rules), which NAVIX draws over the player;
// padding cells read (0, 0, 0).
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
  if (!is_empty(Cell{agent[0], agent[1], agent[2]})) return;
  agent[0] = kAgent;
  agent[1] = kRed;
  agent[2] = uint8_t(info[kAgentDir]);
}

// NAVIX's tag of a cell, the agent aside.
GW_FN int32_t navix_tag(const EnvView& e, int x, int y) {
  const Cell c = get_cell(e, x, y);
  if (c.type == kWall) {
    const int kind = e.info[kKindField];
    const bool inner = x > 0 && y > 0 && x < e.info[kWidth] - 1 && y < e.info[kHeight] - 1;
    return inner && (kind == kDoorKeyKind || kind == kFourRoomsKind) ? 2 : -1;
  }
  if (is_empty(c) || c.type == kFloor) return 0;
  return c.type;
}

GW_FN int32_t navix_tag_with_agent(const EnvView& e, int x, int y) {
  const int32_t tag = navix_tag(e, x, y);
  return tag == 0 && x == e.info[kAgentX] && y == e.info[kAgentY] ? int32_t(kAgent) : tag;
}

GW_FN void put_i32(uint8_t* out, int index, int32_t value) {
  const uint32_t v = uint32_t(value);
  uint8_t* p = out + 4 * index;  // little-endian, as the host reads it
  p[0] = uint8_t(v);
  p[1] = uint8_t(v >> 8);
  p[2] = uint8_t(v >> 16);
  p[3] = uint8_t(v >> 24);
}

// out: i32[PH][PW] (bytes), padding cells 0.
GW_FN void observe_navix_categorical(const EnvView& e, int padded_width, uint8_t* out) {
  for (int y = 0; y < e.pitch; ++y) {
    for (int x = 0; x < padded_width; ++x) put_i32(out, y * padded_width + x, inside(e, x, y) ? navix_tag_with_agent(e, x, y) : 0);
  }
}

// NAVIX's view_cone as row bitmasks (bit x of visible[y]) over the environment's W x H.
GW_FN void navix_view_cone(const EnvView& e, uint32_t* visible) {
  const int w = e.info[kWidth], h = e.info[kHeight];
  const uint32_t all = w == 32 ? 0xffffffffu : (1u << w) - 1;
  uint32_t open[kMaxSide], view[kMaxSide], next[kMaxSide];
  for (int y = 0; y < h; ++y) {
    open[y] = 0;
    for (int x = 0; x < w; ++x) open[y] |= uint32_t(transparent(get_cell(e, x, y))) << x;
    view[y] = 0;
  }
  view[e.info[kAgentY]] = 1u << e.info[kAgentX];
  // The 3-wide spread of a row, wrapping at the grid's edges.
  auto spread = [&](uint32_t r) {
    const uint32_t left = ((r << 1) | (r >> (w - 1))) & all, right = ((r >> 1) | (r << (w - 1))) & all;
    return r | left | right;
  };
  for (int step = 0; step < 6; ++step) {
    for (int y = 0; y < h; ++y) {
      const uint32_t rows = view[(y + h - 1) % h] | view[y] | view[(y + 1) % h];
      next[y] = spread(rows) & open[y];
    }
    for (int y = 0; y < h; ++y) view[y] = next[y];
  }
  for (int y = 0; y < h; ++y) {
    const uint32_t near = spread(view[(y + h - 1) % h] | view[y] | view[(y + 1) % h]);
    visible[y] = view[y] | (near & ~open[y] & all);
  }
  visible[e.info[kAgentY]] |= 1u << e.info[kAgentX];
}

// out: i32[V][V] (bytes), row-major, oriented as observe_navix_first_person.
GW_FN void observe_navix_categorical_first_person(const EnvView& e, int view, uint8_t* out) {
  uint32_t visible[kMaxSide];
  navix_view_cone(e, visible);
  const ViewFrame f = view_frame(e.info, view);
  for (int vy = 0; vy < view; ++vy) {
    for (int vx = 0; vx < view; ++vx) {
      const int x = f.x(vx, vy), y = f.y(vx, vy);
      int32_t value = 100;
      if (inside(e, x, y)) value = (visible[y] >> x & 1u) != 0 ? navix_tag_with_agent(e, x, y) : 0;
      put_i32(out, vy * view + vx, value);
    }
  }
}

}  // namespace tansaku::gridworld
