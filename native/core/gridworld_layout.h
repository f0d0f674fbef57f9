// Layout-building helpers shared by the generators (MiniGrid's Grid.wall_rect, place_obj,
// place_agent), as host/device code. Rejection loops are bounded: a helper that runs out of tries
// returns false and the generator reseeds (spec §8).
#pragma once
#include "gridworld_cell.h"
#include "gridworld_rng.h"

namespace tansaku::gridworld {

constexpr int kPlaceTries = 10000;

struct Pos {
  int x, y;
};

// Empties the environment's W x H and zeroes the padding beyond it.
GW_FN void clear_layout(const EnvView& e, int padded_width) {
  const int32_t* info = e.info;
  for (int x = 0; x < padded_width; ++x) {
    for (int y = 0; y < e.pitch; ++y) {
      const bool in = x < info[kWidth] && y < info[kHeight];
      uint8_t* p = cell_ptr(e, x, y);
      p[0] = in ? kEmpty : kUnseen;
      p[1] = p[2] = 0;
      uint8_t* c = contents_ptr(e, x, y);
      c[0] = c[1] = 0;
    }
  }
}

GW_FN void horz_wall(const EnvView& e, int x, int y, int length, uint8_t type = kWall, uint8_t colour = kGrey) {
  for (int i = 0; i < length; ++i) set_cell(e, x + i, y, type, type == kWall ? uint8_t(kGrey) : colour, 0);
}

GW_FN void vert_wall(const EnvView& e, int x, int y, int length, uint8_t type = kWall, uint8_t colour = kGrey) {
  for (int i = 0; i < length; ++i) set_cell(e, x, y + i, type, type == kWall ? uint8_t(kGrey) : colour, 0);
}

GW_FN void wall_rect(const EnvView& e, int x, int y, int w, int h) {
  horz_wall(e, x, y, w);
  horz_wall(e, x, y + h - 1, w);
  vert_wall(e, x, y, h);
  vert_wall(e, x + w - 1, y, h);
}

GW_FN void set_agent(const EnvView& e, int x, int y, int dir) {
  e.info[kAgentX] = x;
  e.info[kAgentY] = y;
  e.info[kAgentDir] = dir;
}

struct AcceptAll {
  GW_FN bool operator()(int, int) const { return false; }
};

// A uniform empty cell of the rectangle (top, size) clipped to the grid, not under the agent and
// not refused by reject(x, y) (MiniGrid's place_obj with its reject_fn).
template <typename Reject = AcceptAll>
GW_FN bool find_empty(const EnvView& e, Rng& rng, int top_x, int top_y, int size_x, int size_y, int tries, Pos& pos,
                      Reject reject = Reject()) {
  const int32_t* info = e.info;
  if (top_x < 0) top_x = 0;
  if (top_y < 0) top_y = 0;
  const int end_x = top_x + size_x < info[kWidth] ? top_x + size_x : info[kWidth];
  const int end_y = top_y + size_y < info[kHeight] ? top_y + size_y : info[kHeight];
  if (end_x <= top_x || end_y <= top_y) return false;
  for (int attempt = 0; attempt < tries; ++attempt) {
    const int x = rng.randint(top_x, end_x), y = rng.randint(top_y, end_y);
    if (!is_empty(get_cell(e, x, y)) || (x == info[kAgentX] && y == info[kAgentY]) || reject(x, y)) continue;
    pos = Pos{x, y};
    return true;
  }
  return false;
}

GW_FN bool place_obj(const EnvView& e, Rng& rng, uint8_t type, uint8_t colour, uint8_t state, int top_x, int top_y,
                     int size_x, int size_y, Pos& pos, int tries = kPlaceTries) {
  if (!find_empty(e, rng, top_x, top_y, size_x, size_y, tries, pos)) return false;
  set_cell(e, pos.x, pos.y, type, colour, state);
  return true;
}

GW_FN bool place_anywhere(const EnvView& e, Rng& rng, uint8_t type, uint8_t colour, Pos& pos) {
  return place_obj(e, rng, type, colour, 0, 0, 0, e.info[kWidth], e.info[kHeight], pos);
}

GW_FN bool place_agent(const EnvView& e, Rng& rng, int top_x, int top_y, int size_x, int size_y) {
  Pos pos{0, 0};
  e.info[kAgentX] = e.info[kAgentY] = -1;
  if (!find_empty(e, rng, top_x, top_y, size_x, size_y, kPlaceTries, pos)) return false;
  set_agent(e, pos.x, pos.y, rng.below(4));
  return true;
}

GW_FN int abs_int(int v) { return v < 0 ? -v : v; }

// MiniGrid's COLOR_NAMES order (alphabetical): random colours are drawn from this list.
GW_FN uint8_t random_colour(Rng& rng) {
  const uint8_t by_name[6] = {kBlue, kGreen, kGrey, kPurple, kRed, kYellow};
  return by_name[rng.below(6)];
}

// A random key, ball or box type (MiniGrid's ["key", "ball", "box"]); `kinds` = 2 drops the box.
GW_FN uint8_t random_object(Rng& rng, int kinds = 3) {
  const uint8_t types[3] = {kKey, kBall, kBox};
  return types[rng.below(kinds)];
}

// MiniGrid's Grid.wall_rect drawn with explicit walls (the outer border of most layouts).
GW_FN void border(const EnvView& e) { wall_rect(e, 0, 0, e.info[kWidth], e.info[kHeight]); }

}  // namespace tansaku::gridworld
