// MultiRoom (spec §7): a chain of rooms, each hanging off a random wall of the previous one through
// a closed door whose colour differs from the previous door's; the agent in the first room, the
// goal in the last. MiniGrid's recursive placement never backtracks past a placed room, so it is a
// loop here: up to 8 tries per next room, and whole chains retried until one is long enough.
#pragma once
#include "gridworld_layout.h"

namespace tansaku::gridworld {

constexpr int kMaxChainRooms = 8;

struct ChainRoom {
  Pos top, size, entry;
};

// _placeRoom's checks for a room of `size` entered through `entry` on wall `entry_wall`.
GW_FN bool try_room(const EnvView& e, Rng& rng, ChainRoom* rooms, int count, int max_size, int entry_wall, Pos entry) {
  const int sx = rng.randint(4, max_size + 1), sy = rng.randint(4, max_size + 1);
  int tx = 0, ty = 0;
  if (count == 0) {
    tx = entry.x;
    ty = entry.y;
  } else if (entry_wall == 0) {
    tx = entry.x - sx + 1;
    ty = rng.randint(entry.y - sy + 2, entry.y);
  } else if (entry_wall == 1) {
    tx = rng.randint(entry.x - sx + 2, entry.x);
    ty = entry.y - sy + 1;
  } else if (entry_wall == 2) {
    tx = entry.x;
    ty = rng.randint(entry.y - sy + 2, entry.y);
  } else {
    tx = rng.randint(entry.x - sx + 2, entry.x);
    ty = entry.y;
  }
  if (tx < 0 || ty < 0 || tx + sx > e.info[kWidth] || ty + sy >= e.info[kHeight]) return false;
  for (int r = 0; r + 1 < count; ++r) {  // every earlier room but the predecessor
    const ChainRoom& o = rooms[r];
    const bool apart = tx + sx < o.top.x || o.top.x + o.size.x <= tx || ty + sy < o.top.y || o.top.y + o.size.y <= ty;
    if (!apart) return false;
  }
  rooms[count] = ChainRoom{Pos{tx, ty}, Pos{sx, sy}, entry};
  return true;
}

// One chain from a random first corner; returns its length (1..wanted).
GW_FN int build_chain(const EnvView& e, Rng& rng, ChainRoom* rooms, int wanted, int max_size) {
  const int w = e.info[kWidth];
  const Pos first{rng.randint(0, w - 2), rng.randint(0, w - 2)};
  if (!try_room(e, rng, rooms, 0, max_size, 2, first)) return 0;
  int count = 1, entry_wall = 2;
  while (count < wanted) {
    bool placed = false;
    for (int attempt = 0; attempt < 8 && !placed; ++attempt) {
      int walls[3], n = 0;
      for (int k = 0; k < 4; ++k) {
        if (k != entry_wall) walls[n++] = k;
      }
      const int exit_wall = walls[rng.below(3)];
      const ChainRoom& room = rooms[count - 1];
      Pos exit{0, 0};
      if (exit_wall == 0) exit = Pos{room.top.x + room.size.x - 1, room.top.y + rng.randint(1, room.size.y - 1)};
      if (exit_wall == 1) exit = Pos{room.top.x + rng.randint(1, room.size.x - 1), room.top.y + room.size.y - 1};
      if (exit_wall == 2) exit = Pos{room.top.x, room.top.y + rng.randint(1, room.size.y - 1)};
      if (exit_wall == 3) exit = Pos{room.top.x + rng.randint(1, room.size.x - 1), room.top.y};
      if (try_room(e, rng, rooms, count, max_size, (exit_wall + 2) % 4, exit)) {
        entry_wall = (exit_wall + 2) % 4;
        ++count;
        placed = true;
      }
    }
    if (!placed) break;
  }
  return count;
}

// param0, param1 = min and max room count, param2 = max room side.
GW_FN bool generate_multi_room(const EnvView& e, Rng& rng) {
  const int max_rooms = e.info[kParam1] < kMaxChainRooms ? e.info[kParam1] : kMaxChainRooms;
  const int wanted = rng.randint(e.info[kParam0], max_rooms + 1), max_size = e.info[kParam2];
  ChainRoom best[kMaxChainRooms], chain[kMaxChainRooms];
  int best_count = 0;
  for (int attempt = 0; best_count < wanted; ++attempt) {
    if (attempt > kPlaceTries) return false;
    const int count = build_chain(e, rng, chain, wanted, max_size);
    if (count > best_count) {
      best_count = count;
      for (int r = 0; r < count; ++r) best[r] = chain[r];
    }
  }
  uint8_t previous_colour = 255;
  for (int r = 0; r < best_count; ++r) {
    const ChainRoom& room = best[r];
    horz_wall(e, room.top.x, room.top.y, room.size.x);
    horz_wall(e, room.top.x, room.top.y + room.size.y - 1, room.size.x);
    vert_wall(e, room.top.x, room.top.y, room.size.y);
    vert_wall(e, room.top.x + room.size.x - 1, room.top.y, room.size.y);
    if (r > 0) {
      // A colour from the sorted names, minus the previous door's.
      uint8_t choices[6];
      int n = 0;
      const uint8_t by_name[6] = {kBlue, kGreen, kGrey, kPurple, kRed, kYellow};
      for (int i = 0; i < 6; ++i) {
        if (by_name[i] != previous_colour) choices[n++] = by_name[i];
      }
      previous_colour = choices[rng.below(n)];
      set_cell(e, room.entry.x, room.entry.y, kDoor, previous_colour, kClosed);
    }
  }
  if (!place_agent(e, rng, best[0].top.x, best[0].top.y, best[0].size.x, best[0].size.y)) return false;
  const ChainRoom& last = best[best_count - 1];
  Pos goal{0, 0};
  return place_obj(e, rng, kGoal, kGreen, 0, last.top.x, last.top.y, last.size.x, last.size.y, goal);
}

}  // namespace tansaku::gridworld
