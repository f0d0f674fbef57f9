// MiniGrid's RoomGrid (spec §6) and the families built on it: Unlock, UnlockPickup,
// BlockedUnlockPickup and KeyCorridor. Rooms of side S share walls; each room keeps its candidate
// door positions (E, S, W, N), which sides are connected, and whether it is locked.
#pragma once
#include "gridworld_layout.h"

namespace tansaku::gridworld {

constexpr int kMaxRoomRows = 4, kMaxRoomCols = 4;

struct Room {
  Pos top;
  Pos door_pos[4];
  bool has_neighbour[4];
  bool connected[4];  // a door or a removed wall on that side
  bool locked;
};

struct RoomGrid {
  int rows, cols, size;
  Room rooms[kMaxRoomRows][kMaxRoomCols];  // [j][i]

  GW_FN Room& at(int i, int j) { return rooms[j][i]; }
};

GW_FN int neighbour_i(int i, int k) { return k == 0 ? i + 1 : (k == 2 ? i - 1 : i); }
GW_FN int neighbour_j(int j, int k) { return k == 1 ? j + 1 : (k == 3 ? j - 1 : j); }

// Walls of every room, candidate doors drawn in row-major room order, the agent provisionally in
// the middle room facing east.
GW_FN void room_grid_init(const EnvView& e, Rng& rng, RoomGrid& g, int rows, int cols, int size) {
  g.rows = rows;
  g.cols = cols;
  g.size = size;
  for (int j = 0; j < rows; ++j) {
    for (int i = 0; i < cols; ++i) {
      Room& room = g.at(i, j);
      room.top = Pos{i * (size - 1), j * (size - 1)};
      room.locked = false;
      for (int k = 0; k < 4; ++k) {
        room.has_neighbour[k] = false;
        room.connected[k] = false;
        room.door_pos[k] = Pos{-1, -1};
      }
      wall_rect(e, room.top.x, room.top.y, size, size);
    }
  }
  for (int j = 0; j < rows; ++j) {
    for (int i = 0; i < cols; ++i) {
      Room& room = g.at(i, j);
      const int xl = room.top.x + 1, yl = room.top.y + 1, xm = room.top.x + size - 1, ym = room.top.y + size - 1;
      if (i < cols - 1) {
        room.has_neighbour[0] = true;
        room.door_pos[0] = Pos{xm, rng.randint(yl, ym)};
      }
      if (j < rows - 1) {
        room.has_neighbour[1] = true;
        room.door_pos[1] = Pos{rng.randint(xl, xm), ym};
      }
      if (i > 0) {
        room.has_neighbour[2] = true;
        room.door_pos[2] = g.at(i - 1, j).door_pos[0];
      }
      if (j > 0) {
        room.has_neighbour[3] = true;
        room.door_pos[3] = g.at(i, j - 1).door_pos[1];
      }
    }
  }
  set_agent(e, (cols / 2) * (size - 1) + size / 2, (rows / 2) * (size - 1) + size / 2, 0);
}

// add_door with its side, colour and lock given; marks the room locked (or unlocked) as MiniGrid does.
GW_FN Pos add_door(const EnvView& e, RoomGrid& g, int i, int j, int k, uint8_t colour, bool locked) {
  Room& room = g.at(i, j);
  room.locked = locked;
  const Pos pos = room.door_pos[k];
  set_cell(e, pos.x, pos.y, kDoor, colour, locked ? kLocked : kClosed);
  room.connected[k] = true;
  g.at(neighbour_i(i, k), neighbour_j(j, k)).connected[(k + 2) % 4] = true;
  return pos;
}

GW_FN void remove_wall(const EnvView& e, RoomGrid& g, int i, int j, int k) {
  Room& room = g.at(i, j);
  const int tx = room.top.x, ty = room.top.y, s = g.size;
  for (int n = 1; n < s - 1; ++n) {
    if (k == 0) clear_cell(e, tx + s - 1, ty + n);
    if (k == 1) clear_cell(e, tx + n, ty + s - 1);
    if (k == 2) clear_cell(e, tx, ty + n);
    if (k == 3) clear_cell(e, tx + n, ty);
  }
  room.connected[k] = true;
  g.at(neighbour_i(i, k), neighbour_j(j, k)).connected[(k + 2) % 4] = true;
}

// place_in_room: inside the room's rectangle, at Manhattan distance >= 2 from the agent, <= 1000 tries.
GW_FN bool add_object(const EnvView& e, Rng& rng, const RoomGrid& g, int i, int j, uint8_t type, uint8_t colour, Pos& pos) {
  const Room& room = g.rooms[j][i];
  const int ax = e.info[kAgentX], ay = e.info[kAgentY];
  auto next_to_agent = [ax, ay](int x, int y) { return abs_int(ax - x) + abs_int(ay - y) < 2; };
  if (!find_empty(e, rng, room.top.x, room.top.y, g.size, g.size, 1000, pos, next_to_agent)) return false;
  set_cell(e, pos.x, pos.y, type, colour, 0);
  return true;
}

// RoomGrid.place_agent: a random cell of room (i, j) and direction, until the cell ahead is empty or a wall.
GW_FN bool room_place_agent(const EnvView& e, Rng& rng, const RoomGrid& g, int i, int j) {
  const Room& room = g.rooms[j][i];
  for (int attempt = 0; attempt < 1000; ++attempt) {
    if (!place_agent(e, rng, room.top.x, room.top.y, g.size, g.size)) return false;
    const int dir = e.info[kAgentDir];
    const Cell front = get_cell(e, e.info[kAgentX] + dir_dx(dir), e.info[kAgentY] + dir_dy(dir));
    if (is_empty(front) || front.type == kWall) return true;
  }
  return false;
}

// connect_all: random unlocked closed doors until every room is reachable from the agent's room.
GW_FN bool connect_all(const EnvView& e, Rng& rng, RoomGrid& g) {
  const int start_i = e.info[kAgentX] / (g.size - 1), start_j = e.info[kAgentY] / (g.size - 1);
  for (int iteration = 0; iteration <= 5000; ++iteration) {
    bool reached[kMaxRoomRows][kMaxRoomCols] = {};
    int stack_i[kMaxRoomRows * kMaxRoomCols * 4 + 1], stack_j[kMaxRoomRows * kMaxRoomCols * 4 + 1];
    int top = 0, count = 0;
    stack_i[top] = start_i;
    stack_j[top++] = start_j;
    while (top > 0) {
      const int i = stack_i[--top], j = stack_j[top];
      if (reached[j][i]) continue;
      reached[j][i] = true;
      ++count;
      for (int k = 0; k < 4; ++k) {
        if (g.at(i, j).connected[k]) {
          stack_i[top] = neighbour_i(i, k);
          stack_j[top++] = neighbour_j(j, k);
        }
      }
    }
    if (count == g.rows * g.cols) return true;
    const int i = rng.below(g.cols), j = rng.below(g.rows), k = rng.below(4);
    Room& room = g.at(i, j);
    if (!room.has_neighbour[k] || room.connected[k]) continue;
    if (room.locked || g.at(neighbour_i(i, k), neighbour_j(j, k)).locked) continue;
    add_door(e, g, i, j, k, random_colour(rng), false);
  }
  return false;
}

// Unlock (kind kUnlockKind), UnlockPickup and BlockedUnlockPickup: rooms 1 x 2 of side 6.
GW_FN bool generate_unlock_family(const EnvView& e, Rng& rng) {
  const int kind = e.info[kKindField];
  RoomGrid g;
  room_grid_init(e, rng, g, 1, 2, 6);
  Pos box{0, 0};
  uint8_t box_colour = 0;
  if (kind != kUnlockKind) {
    box_colour = random_colour(rng);
    if (!add_object(e, rng, g, 1, 0, kBox, box_colour, box)) return false;
  }
  const uint8_t door_colour = random_colour(rng);
  const Pos door = add_door(e, g, 0, 0, 0, door_colour, true);
  if (kind == kBlockedUnlockPickupKind) set_cell(e, door.x - 1, door.y, kBall, random_colour(rng), 0);
  Pos key{0, 0};
  if (!add_object(e, rng, g, 0, 0, kKey, door_colour, key)) return false;
  if (!room_place_agent(e, rng, g, 0, 0)) return false;
  if (kind == kUnlockKind) {
    e.info[kTask0] = door.x;
    e.info[kTask0 + 1] = door.y;
  } else {
    e.info[kTask0] = kBox;
    e.info[kTask0 + 1] = box_colour;
  }
  return true;
}

// jax.random.randint(lo, hi) as NAVIX uses it: lo whenever hi <= lo (its span is clamped to 1).
GW_FN int navix_randint(Rng& rng, int lo, int hi) { return hi <= lo ? lo : rng.randint(lo, hi); }

// NAVIX's RoomsGrid.position_in_room: offsets drawn from randint(1, room interior), so the last
// interior row and column are never used (and a one-cell or two-cell interior gives offset 1).
GW_FN Pos navix_position_in_room(Rng& rng, int col, int row, int stride) {
  const int interior = stride - 1;
  const int dy = navix_randint(rng, 1, interior), dx = navix_randint(rng, 1, interior);
  return Pos{col * stride + dx, row * stride + dy};
}

// NAVIX 0.11.0's KeyCorridor (kNavixLayouts): the same R x 3 rooms and open corridor, but
//  - every left room has a closed door east into the corridor, and each left room a closed door south
//    into the next (NAVIX stacks two doors of random colours on that cell; one is kept here);
//  - every right room has a closed door west; only the goal room's is locked, with the key's colour;
//  - the key lies in a random left room, the agent in a random corridor section facing anywhere, and
//    a goal, not a ball, in a random right room: walking onto it ends the episode (NAVIX's reward).
// Door positions come from position_on_border (any interior row or column of that wall).
GW_FN bool generate_key_corridor_navix(const EnvView& e, Rng& rng) {
  const int size = e.info[kParam0], rows = e.info[kParam1];
  const int stride = size - 1;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < rows; ++j) wall_rect(e, i * stride, j * stride, size, size);
  }
  for (int j = 1; j < rows; ++j) {
    for (int x = stride + 1; x < 2 * stride; ++x) clear_cell(e, x, j * stride);
  }
  const int key_row = rng.below(rows);
  const Pos key = navix_position_in_room(rng, 0, key_row, stride);
  const uint8_t key_colour = random_colour(rng);
  set_cell(e, key.x, key.y, kKey, key_colour, 0);
  const int agent_row = rng.below(rows);
  const Pos agent = navix_position_in_room(rng, 1, agent_row, stride);
  set_agent(e, agent.x, agent.y, rng.below(4));
  const int goal_row = rng.below(rows);
  const Pos goal = navix_position_in_room(rng, 2, goal_row, stride);
  set_cell(e, goal.x, goal.y, kGoal, kGreen, 0);
  for (int j = 0; j < rows; ++j) {
    const int right_door_y = j * stride + rng.randint(1, stride);
    const bool locked = j == goal_row;
    set_cell(e, 2 * stride, right_door_y, kDoor, locked ? key_colour : random_colour(rng), locked ? kLocked : kClosed);
    const int left_door_y = j * stride + rng.randint(1, stride);
    set_cell(e, stride, left_door_y, kDoor, random_colour(rng), kClosed);
  }
  for (int j = 0; j + 1 < rows; ++j) {
    const int x = rng.randint(1, stride);
    set_cell(e, x, (j + 1) * stride, kDoor, random_colour(rng), kClosed);
  }
  e.info[kTask0] = kGoal;
  e.info[kTask0 + 1] = kGreen;
  return true;
}

// KeyCorridor: param0 = room side S, param1 = rows R. Slots 0, 1 = the ball's type and colour (the
// goal's under NAVIX layouts, which nothing can pick up: only walking onto it succeeds).
GW_FN bool generate_key_corridor(const EnvView& e, Rng& rng) {
  if ((e.info[kDeviations] & kNavixLayouts) != 0) return generate_key_corridor_navix(e, rng);
  const int size = e.info[kParam0], rows = e.info[kParam1];
  RoomGrid g;
  room_grid_init(e, rng, g, rows, 3, size);
  for (int j = 1; j < rows; ++j) remove_wall(e, g, 1, j, 3);
  const int room = rng.below(rows);
  const uint8_t door_colour = random_colour(rng);
  add_door(e, g, 2, room, 2, door_colour, true);
  const uint8_t ball_colour = random_colour(rng);
  Pos pos{0, 0};
  if (!add_object(e, rng, g, 2, room, kBall, ball_colour, pos)) return false;
  if (!add_object(e, rng, g, 0, rng.below(rows), kKey, door_colour, pos)) return false;
  if (!room_place_agent(e, rng, g, 1, rows / 2)) return false;
  if (!connect_all(e, rng, g)) return false;
  e.info[kTask0] = kBall;
  e.info[kTask0 + 1] = ball_colour;
  return true;
}

}  // namespace tansaku::gridworld
