// Generators of the single-room task families and the fixed-plan layouts (spec §7): Fetch, GoToDoor,
// GoToObject, PutNear, RedBlueDoors, Memory, LockedRoom, Playground. Each fills the task slots its
// step rule reads (gridworld_step.h) plus the mission's slots.
#pragma once
#include "gridworld_layout.h"

namespace tansaku::gridworld {

GW_FN void set_task(const EnvView& e, int slot, int value) { e.info[kTask0 + slot] = value; }

// Fetch: N keys or balls of random colours; the target is one of them (matched on type and colour).
// Slot 2 = mission template (0..4).
GW_FN bool generate_fetch(const EnvView& e, Rng& rng) {
  border(e);
  const int count = e.info[kParam0];
  uint8_t types[8], colours[8];
  for (int i = 0; i < count && i < 8; ++i) {
    types[i] = random_object(rng, 2);
    colours[i] = random_colour(rng);
    Pos pos{0, 0};
    if (!place_anywhere(e, rng, types[i], colours[i], pos)) return false;
  }
  if (!place_agent(e, rng, 0, 0, e.info[kWidth], e.info[kHeight])) return false;
  const int target = rng.below(count < 8 ? count : 8);
  set_task(e, 0, types[target]);
  set_task(e, 1, colours[target]);
  set_task(e, 2, rng.below(5));
  return true;
}

// GoToDoor: a room of random size with four closed doors of distinct colours. Slot 2 = target colour.
GW_FN bool generate_go_to_door(const EnvView& e, Rng& rng) {
  // NAVIX draws the side from randint(5, n), one value for both sides of a square grid.
  const bool navix = (e.info[kDeviations] & kNavixGoToDoor) != 0;
  const int w = rng.randint(5, e.info[kWidth] + (navix ? 0 : 1));
  const int h = navix && e.info[kWidth] == e.info[kHeight] ? w : rng.randint(5, e.info[kHeight] + (navix ? 0 : 1));
  wall_rect(e, 0, 0, w, h);
  const Pos doors[4] = {{rng.randint(2, w - 2), 0}, {rng.randint(2, w - 2), h - 1}, {0, rng.randint(2, h - 2)},
                        {w - 1, rng.randint(2, h - 2)}};
  uint8_t colours[4];
  for (int n = 0; n < 4;) {
    const uint8_t colour = random_colour(rng);
    bool used = false;
    for (int i = 0; i < n; ++i) used = used || colours[i] == colour;
    if (!used) colours[n++] = colour;
  }
  for (int i = 0; i < 4; ++i) set_cell(e, doors[i].x, doors[i].y, kDoor, colours[i], kClosed);
  if (!place_agent(e, rng, 0, 0, w, h)) return false;
  const int target = rng.below(4);
  set_task(e, 0, doors[target].x);
  set_task(e, 1, doors[target].y);
  set_task(e, 2, colours[target]);
  return true;
}

// N objects with distinct (type, colour) pairs; PutNear also keeps them apart (Chebyshev > 1).
GW_FN bool place_distinct_objects(const EnvView& e, Rng& rng, int count, bool apart, uint8_t* types, uint8_t* colours,
                                  Pos* positions) {
  for (int n = 0, guard = 0; n < count; ++guard) {
    if (guard > kPlaceTries) return false;
    const uint8_t type = random_object(rng), colour = random_colour(rng);
    bool used = false;
    for (int i = 0; i < n; ++i) used = used || (types[i] == type && colours[i] == colour);
    if (used) continue;
    auto near_earlier = [&](int x, int y) {
      if (!apart) return false;
      for (int i = 0; i < n; ++i) {
        if (abs_int(x - positions[i].x) <= 1 && abs_int(y - positions[i].y) <= 1) return true;
      }
      return false;
    };
    if (!find_empty(e, rng, 0, 0, e.info[kWidth], e.info[kHeight], kPlaceTries, positions[n], near_earlier)) return false;
    set_cell(e, positions[n].x, positions[n].y, type, colour, 0);
    types[n] = type;
    colours[n] = colour;
    ++n;
  }
  return true;
}

// GoToObject: slots 0, 1 target position; 2, 3 its type and colour.
GW_FN bool generate_go_to_object(const EnvView& e, Rng& rng) {
  border(e);
  const int count = e.info[kParam0] < 8 ? e.info[kParam0] : 8;
  uint8_t types[8], colours[8];
  Pos positions[8];
  if (!place_distinct_objects(e, rng, count, false, types, colours, positions)) return false;
  if (!place_agent(e, rng, 0, 0, e.info[kWidth], e.info[kHeight])) return false;
  const int target = rng.below(count);
  set_task(e, 0, positions[target].x);
  set_task(e, 1, positions[target].y);
  set_task(e, 2, types[target]);
  set_task(e, 3, colours[target]);
  return true;
}

// PutNear: slots 0, 1 move type/colour; 2, 3 target position; 4, 5 target type/colour.
GW_FN bool generate_put_near(const EnvView& e, Rng& rng) {
  border(e);
  const int count = e.info[kParam0] < 8 ? e.info[kParam0] : 8;
  uint8_t types[8], colours[8];
  Pos positions[8];
  if (!place_distinct_objects(e, rng, count, true, types, colours, positions)) return false;
  if (!place_agent(e, rng, 0, 0, e.info[kWidth], e.info[kHeight])) return false;
  const int move = rng.below(count);
  int target = move;
  for (int guard = 0; target == move; ++guard) {
    if (guard > kPlaceTries) return false;
    target = rng.below(count);
  }
  set_task(e, 0, types[move]);
  set_task(e, 1, colours[move]);
  set_task(e, 2, positions[target].x);
  set_task(e, 3, positions[target].y);
  set_task(e, 4, types[target]);
  set_task(e, 5, colours[target]);
  return true;
}

// RedBlueDoors: a 2n x n border, an n x n room in the middle, a red door on its west wall and a blue
// door on its east wall.
GW_FN bool generate_red_blue_doors(const EnvView& e, Rng& rng) {
  const int n = e.info[kHeight];
  wall_rect(e, 0, 0, 2 * n, n);
  wall_rect(e, n / 2, 0, n, n);
  if (!place_agent(e, rng, n / 2, 0, n, n)) return false;
  const Pos red{n / 2, rng.randint(1, n - 1)};
  set_cell(e, red.x, red.y, kDoor, kRed, kClosed);
  const Pos blue{n / 2 + n - 1, rng.randint(1, n - 1)};
  set_cell(e, blue.x, blue.y, kDoor, kBlue, kClosed);
  set_task(e, 0, red.x);
  set_task(e, 1, red.y);
  set_task(e, 2, blue.x);
  set_task(e, 3, blue.y);
  return true;
}

// Memory: a start room with a green key or ball, a hallway, and both objects at its far end; the
// success cell is next to the one that matches. param0 = random hallway length.
GW_FN bool generate_memory(const EnvView& e, Rng& rng) {
  const int w = e.info[kWidth], h = e.info[kHeight], m = h / 2;
  border(e);
  const int upper = m - 2, lower = m + 2;
  const int end = e.info[kParam0] != 0 ? rng.randint(4, w - 2) : w - 3;
  for (int i = 1; i < 5; ++i) {
    set_cell(e, i, upper, kWall, kGrey, 0);
    set_cell(e, i, lower, kWall, kGrey, 0);
  }
  set_cell(e, 4, upper + 1, kWall, kGrey, 0);
  set_cell(e, 4, lower - 1, kWall, kGrey, 0);
  for (int i = 5; i < end; ++i) {
    set_cell(e, i, upper + 1, kWall, kGrey, 0);
    set_cell(e, i, lower - 1, kWall, kGrey, 0);
  }
  for (int j = 0; j < h; ++j) {
    if (j != m) set_cell(e, end, j, kWall, kGrey, 0);
    set_cell(e, end + 2, j, kWall, kGrey, 0);
  }
  set_agent(e, rng.randint(1, end + 1), m, 0);
  const uint8_t start_object = rng.coin() ? kBall : kKey;
  set_cell(e, 1, m - 1, start_object, kGreen, 0);
  const bool ball_first = rng.coin();
  const uint8_t top = ball_first ? kBall : kKey, bottom = ball_first ? kKey : kBall;
  set_cell(e, end + 1, m - 2, top, kGreen, 0);
  set_cell(e, end + 1, m + 2, bottom, kGreen, 0);
  const Pos above{end + 1, m - 1}, below{end + 1, m + 1};
  const Pos success = start_object == top ? above : below, failure = start_object == top ? below : above;
  set_task(e, 0, success.x);
  set_task(e, 1, success.y);
  set_task(e, 2, failure.x);
  set_task(e, 3, failure.y);
  return true;
}

// LockedRoom: six side rooms off a corridor, one locked with the goal inside, its key in another
// room. Slots 0, 1 = locked room colour, key room colour (mission).
GW_FN bool generate_locked_room(const EnvView& e, Rng& rng) {
  const int w = e.info[kWidth], h = e.info[kHeight];
  border(e);
  const int left = w / 2 - 2, right = w / 2 + 2;
  vert_wall(e, left, 0, h);
  vert_wall(e, right, 0, h);
  Pos tops[6], doors[6];
  for (int n = 0; n < 3; ++n) {
    const int j = n * (h / 3);
    for (int i = 0; i < left; ++i) set_cell(e, i, j, kWall, kGrey, 0);
    for (int i = right; i < w; ++i) set_cell(e, i, j, kWall, kGrey, 0);
    tops[2 * n] = Pos{0, j};
    doors[2 * n] = Pos{left, j + 3};
    tops[2 * n + 1] = Pos{right, j};
    doors[2 * n + 1] = Pos{right, j + 3};
  }
  const int room_w = left + 1, room_h = h / 3 + 1;
  const int locked = rng.below(6);
  set_cell(e, rng.randint(tops[locked].x + 1, tops[locked].x + room_w - 1),
           rng.randint(tops[locked].y + 1, tops[locked].y + room_h - 1), kGoal, kGreen, 0);
  // Distinct colours: each room draws from the sorted list of colours still unused.
  uint8_t remaining[6] = {kBlue, kGreen, kGrey, kPurple, kRed, kYellow};
  uint8_t colours[6];
  for (int r = 0; r < 6; ++r) {
    const int pick = rng.below(6 - r);
    colours[r] = remaining[pick];
    for (int i = pick; i < 5 - r; ++i) remaining[i] = remaining[i + 1];
    set_cell(e, doors[r].x, doors[r].y, kDoor, colours[r], r == locked ? kLocked : kClosed);
  }
  int key_room = locked;
  while (key_room == locked) key_room = rng.below(6);
  set_cell(e, rng.randint(tops[key_room].x + 1, tops[key_room].x + room_w - 1),
           rng.randint(tops[key_room].y + 1, tops[key_room].y + room_h - 1), kKey, colours[locked], 0);
  if (!place_agent(e, rng, left, 0, right - left, h)) return false;
  set_task(e, 0, colours[locked]);
  set_task(e, 1, colours[key_room]);
  return true;
}

// Playground: a 3 x 3 grid of rooms joined by closed doors of random colours, 12 random objects.
GW_FN bool generate_playground(const EnvView& e, Rng& rng) {
  const int w = e.info[kWidth], h = e.info[kHeight];
  border(e);
  const int room_w = w / 3, room_h = h / 3;
  for (int j = 0; j < 3; ++j) {
    for (int i = 0; i < 3; ++i) {
      const int left = i * room_w, top = j * room_h, right = left + room_w, bottom = top + room_h;
      if (i + 1 < 3) {
        vert_wall(e, right, top, room_h);
        const int y = rng.randint(top + 1, bottom - 1);
        set_cell(e, right, y, kDoor, random_colour(rng), kClosed);
      }
      if (j + 1 < 3) {
        horz_wall(e, left, bottom, room_w);
        const int x = rng.randint(left + 1, right - 1);
        set_cell(e, x, bottom, kDoor, random_colour(rng), kClosed);
      }
    }
  }
  if (!place_agent(e, rng, 0, 0, w, h)) return false;
  for (int i = 0; i < 12; ++i) {
    const uint8_t type = random_object(rng);
    Pos pos{0, 0};
    if (!place_anywhere(e, rng, type, random_colour(rng), pos)) return false;
  }
  return true;
}

}  // namespace tansaku::gridworld
