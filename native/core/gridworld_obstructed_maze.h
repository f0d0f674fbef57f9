// ObstructedMaze (spec §7): RoomGrid rooms of side 6 whose locked doors have their keys in the same
// room, optionally hidden in a grey box ("h") and with a green ball blocking the door ("b"); the blue
// ball to find sits in a corner room. param0 = agent room (0: (0,0) of a 1x2 grid, 1: (2,1), 2: (1,1))
// plus 4 for -v1, param1 = quarters (0 for the 1D ids), param2 = key in box, param3 = blocked.
#pragma once
#include "gridworld_roomgrid.h"

namespace tansaku::gridworld {

// The key of a locked door, in a grey box when key_in_box, placed in room (i, j).
GW_FN bool add_key(const EnvView& e, Rng& rng, const RoomGrid& g, int i, int j, uint8_t colour, bool key_in_box) {
  Pos pos{0, 0};
  if (!key_in_box) return add_object(e, rng, g, i, j, kKey, colour, pos);
  if (!add_object(e, rng, g, i, j, kBox, kGrey, pos)) return false;
  uint8_t* contents = contents_ptr(e, pos.x, pos.y);
  contents[0] = kKey;
  contents[1] = colour;
  return true;
}

// ObstructedMazeEnv.add_door without the key: the door, then the blocking ball inside room (i, j).
GW_FN void add_obstructed_door(const EnvView& e, RoomGrid& g, int i, int j, int k, uint8_t colour, bool locked, bool blocked) {
  const Pos pos = add_door(e, g, i, j, k, colour, locked);
  if (blocked) set_cell(e, pos.x - dir_dx(k), pos.y - dir_dy(k), kBall, kGreen, 0);
}

GW_FN bool generate_obstructed_maze(const EnvView& e, Rng& rng) {
  const int agent_room = e.info[kParam0] & 3, quarters = e.info[kParam1];
  const bool v1 = (e.info[kParam0] & 4) != 0, key_in_box = e.info[kParam2] != 0, blocked = e.info[kParam3] != 0;
  RoomGrid g;
  const bool one_door = quarters == 0;
  room_grid_init(e, rng, g, one_door ? 1 : 3, one_door ? 2 : 3, 6);
  // A random permutation of the colour names.
  uint8_t remaining[6] = {kBlue, kGreen, kGrey, kPurple, kRed, kYellow}, colours[6];
  for (int n = 0; n < 6; ++n) {
    const int pick = rng.below(6 - n);
    colours[n] = remaining[pick];
    for (int i = pick; i < 5 - n; ++i) remaining[i] = remaining[i + 1];
  }
  Pos ball{0, 0};
  if (one_door) {
    add_obstructed_door(e, g, 0, 0, 0, colours[0], true, blocked);
    if (!add_key(e, rng, g, 0, 0, colours[0], key_in_box)) return false;
    if (!add_object(e, rng, g, 1, 0, kBall, kBlue, ball)) return false;
    if (!room_place_agent(e, rng, g, 0, 0)) return false;
  } else {
    const int side_i[4] = {2, 1, 0, 1}, side_j[4] = {1, 2, 1, 0};
    for (int q = 0; q < quarters; ++q) {
      add_door(e, g, 1, 1, q, colours[q], false);
      for (int k = -1; k <= 1; k += 2) {
        const int side = (q + k + 4) % 4;
        add_obstructed_door(e, g, side_i[q], side_j[q], side, colours[side % 6], true, blocked);
        // v0 places each key right after its door, so the next door's ball may overwrite it.
        if (!v1 && !add_key(e, rng, g, side_i[q], side_j[q], colours[side % 6], key_in_box)) return false;
      }
      for (int k = -1; v1 && k <= 1; k += 2) {
        const int side = (q + k + 4) % 4;
        if (!add_key(e, rng, g, side_i[q], side_j[q], colours[side % 6], key_in_box)) return false;
      }
    }
    const int corner_i[4] = {2, 2, 0, 0}, corner_j[4] = {0, 2, 2, 0};
    const int corner = rng.below(quarters);
    if (!add_object(e, rng, g, corner_i[corner], corner_j[corner], kBall, kBlue, ball)) return false;
    const int ai = agent_room == 1 ? 2 : 1, aj = 1;
    if (!room_place_agent(e, rng, g, ai, aj)) return false;
  }
  e.info[kTask0] = kBall;
  e.info[kTask0 + 1] = kBlue;
  return true;
}

}  // namespace tansaku::gridworld
