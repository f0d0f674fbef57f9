// Layout generators, one per family, following each MiniGrid environment's _gen_grid (spec §7) with
// tansaku's own seeded stream (layouts match MiniGrid in distribution, not bit for bit). Each returns
// false when a bounded rejection loop gives up; generate_env then reseeds and counts the retry.
#pragma once
#include "gridworld_generate_tasks.h"
#include "gridworld_layout.h"
#include "gridworld_multiroom.h"
#include "gridworld_obstructed_maze.h"
#include "gridworld_roomgrid.h"

namespace tansaku::gridworld {

GW_FN bool navix_layouts(const EnvView& e) { return (e.info[kDeviations] & kNavixLayouts) != 0; }

GW_FN bool generate_empty(const EnvView& e, Rng& rng) {
  const int w = e.info[kWidth], h = e.info[kHeight];
  wall_rect(e, 0, 0, w, h);
  if (e.info[kParam0] != 0 && navix_layouts(e)) {
    // NAVIX's Empty-Random draws the goal too: two distinct random cells, then a direction.
    Pos goal{0, 0};
    return place_anywhere(e, rng, kGoal, kGreen, goal) && place_agent(e, rng, 0, 0, w, h);
  }
  set_cell(e, w - 2, h - 2, kGoal, kGreen, 0);
  if (e.info[kParam0] == 0) {
    set_agent(e, 1, 1, 0);
    return true;
  }
  return place_agent(e, rng, 0, 0, w, h);
}

// NAVIX's DoorKey: the same split column; the door row from randint(1, H-1); the plain ids start at
// (1, 1) facing east with the goal in the corner, the Random ids (param0 1) place the agent in the
// left room and the goal anywhere in the right one; the key goes in the left room.
GW_FN bool generate_door_key_navix(const EnvView& e, Rng& rng) {
  const int w = e.info[kWidth], h = e.info[kHeight];
  wall_rect(e, 0, 0, w, h);
  const int split = rng.randint(2, w - 2);
  vert_wall(e, split, 0, h);
  set_cell(e, split, rng.randint(1, h - 1), kDoor, kYellow, kLocked);
  Pos goal{w - 2, h - 2};
  if (e.info[kParam0] == 0) {
    set_cell(e, goal.x, goal.y, kGoal, kGreen, 0);
    set_agent(e, 1, 1, 0);
  } else {
    if (!place_obj(e, rng, kGoal, kGreen, 0, split + 1, 0, w - split - 1, h, goal)) return false;
    if (!place_agent(e, rng, 0, 0, split, h)) return false;
  }
  Pos key{0, 0};
  return place_obj(e, rng, kKey, kYellow, 0, 0, 0, split, h, key);
}

GW_FN bool generate_door_key(const EnvView& e, Rng& rng) {
  if (navix_layouts(e)) return generate_door_key_navix(e, rng);
  const int w = e.info[kWidth], h = e.info[kHeight];
  wall_rect(e, 0, 0, w, h);
  set_cell(e, w - 2, h - 2, kGoal, kGreen, 0);
  const int split = rng.randint(2, w - 2);
  vert_wall(e, split, 0, h);
  if (!place_agent(e, rng, 0, 0, split, h)) return false;
  set_cell(e, split, rng.randint(1, w - 2), kDoor, kYellow, kLocked);
  Pos key{0, 0};
  return place_obj(e, rng, kKey, kYellow, 0, 0, 0, split, h, key);
}

GW_FN bool generate_four_rooms(const EnvView& e, Rng& rng) {
  const int w = e.info[kWidth], h = e.info[kHeight];
  const int room_w = w / 2, room_h = h / 2;
  horz_wall(e, 0, 0, w);
  horz_wall(e, 0, h - 1, w);
  vert_wall(e, 0, 0, h);
  vert_wall(e, w - 1, 0, h);
  for (int j = 0; j < 2; ++j) {
    for (int i = 0; i < 2; ++i) {
      const int left = i * room_w, top = j * room_h, right = left + room_w, bottom = top + room_h;
      if (i + 1 < 2) {
        vert_wall(e, right, top, room_h);
        clear_cell(e, right, rng.randint(top + 1, bottom));
      }
      if (j + 1 < 2) {
        horz_wall(e, left, bottom, room_w);
        clear_cell(e, rng.randint(left + 1, right), bottom);
      }
    }
  }
  if (!place_agent(e, rng, 0, 0, w, h)) return false;
  Pos goal{0, 0};
  return place_anywhere(e, rng, kGoal, kGreen, goal);
}

GW_FN bool generate_lava_gap(const EnvView& e, Rng& rng) {
  const int w = e.info[kWidth], h = e.info[kHeight];
  wall_rect(e, 0, 0, w, h);
  set_agent(e, 1, 1, 0);
  set_cell(e, w - 2, h - 2, kGoal, kGreen, 0);
  const int gap_x = rng.randint(2, w - 2), gap_y = rng.randint(1, h - 1);
  vert_wall(e, gap_x, 1, h - 2, kLava, kRed);
  clear_cell(e, gap_x, gap_y);
  return true;
}

// SimpleCrossing (walls) and LavaCrossing (lava): N rivers with gaps on a monotone path to the goal.
GW_FN bool generate_crossing(const EnvView& e, Rng& rng) {
  const int w = e.info[kWidth], h = e.info[kHeight], crossings = e.info[kParam0];
  const uint8_t river = e.info[kParam1] != 0 ? kLava : kWall;
  wall_rect(e, 0, 0, w, h);
  set_agent(e, 1, 1, 0);
  set_cell(e, w - 2, h - 2, kGoal, kGreen, 0);
  // Candidates: +x = a vertical river at column x, -y = a horizontal river at row y.
  int candidates[kMaxSide];
  int count = 0;
  for (int x = 2; x < h - 2; x += 2) candidates[count++] = x;
  for (int y = 2; y < w - 2; y += 2) candidates[count++] = -y;
  for (int i = count - 1; i > 0; --i) {
    const int j = rng.below(i + 1);
    const int t = candidates[i];
    candidates[i] = candidates[j];
    candidates[j] = t;
  }
  const int chosen = crossings < count ? crossings : count;
  int limits_v[kMaxSide], limits_h[kMaxSide];  // sorted river columns / rows, framed by 0 and the far wall
  int nv = 0, nh = 0;
  limits_v[nv++] = 0;
  limits_h[nh++] = 0;
  for (int pos = 1; pos < kMaxSide; ++pos) {
    for (int i = 0; i < chosen; ++i) {
      if (candidates[i] == pos) limits_v[nv++] = pos;
      if (candidates[i] == -pos) limits_h[nh++] = pos;
    }
  }
  for (int i = 1; i < nh; ++i) horz_wall(e, 1, limits_h[i], w - 2, river, kRed);
  for (int i = 1; i < nv; ++i) vert_wall(e, limits_v[i], 1, h - 2, river, kRed);
  const int rivers_v = nv - 1, rivers_h = nh - 1;
  limits_v[nv] = h - 1;
  limits_h[nh] = w - 1;
  // The path: one "h" step per vertical river and one "v" step per horizontal river, shuffled.
  bool path[2 * kMaxSide];
  for (int i = 0; i < rivers_v + rivers_h; ++i) path[i] = i < rivers_v;
  for (int i = rivers_v + rivers_h - 1; i > 0; --i) {
    const int j = rng.below(i + 1);
    const bool t = path[i];
    path[i] = path[j];
    path[j] = t;
  }
  int room_i = 0, room_j = 0;
  for (int k = 0; k < rivers_v + rivers_h; ++k) {
    if (path[k]) {
      clear_cell(e, limits_v[room_i + 1], rng.randint(limits_h[room_j] + 1, limits_h[room_j + 1]));
      ++room_i;
    } else {
      clear_cell(e, rng.randint(limits_v[room_i] + 1, limits_v[room_i + 1]), limits_h[room_j + 1]);
      ++room_j;
    }
  }
  return true;
}

GW_FN bool generate_dist_shift(const EnvView& e, Rng&) {
  const int w = e.info[kWidth], h = e.info[kHeight], strip_row = e.info[kParam0];
  wall_rect(e, 0, 0, w, h);
  set_cell(e, w - 2, 1, kGoal, kGreen, 0);
  for (int i = 0; i < w - 6; ++i) {
    set_cell(e, 3 + i, 1, kLava, kRed, 0);
    set_cell(e, 3 + i, strip_row, kLava, kRed, 0);
  }
  set_agent(e, 1, 1, 0);
  return true;
}

GW_FN bool generate_dynamic_obstacles(const EnvView& e, Rng& rng) {
  const int w = e.info[kWidth], h = e.info[kHeight], balls = e.info[kParam0];
  wall_rect(e, 0, 0, w, h);
  set_cell(e, w - 2, h - 2, kGoal, kGreen, 0);
  if (e.info[kParam1] == 0) {
    set_agent(e, 1, 1, 0);
  } else if (!place_agent(e, rng, 0, 0, w, h)) {
    return false;
  }
  e.info[kTask0] = balls;
  for (int i = 0; i < balls; ++i) {
    Pos pos{0, 0};
    if (!place_obj(e, rng, kBall, kBlue, 0, 0, 0, w, h, pos, kObstacleTries)) return false;
    e.info[kTask0 + 1 + 2 * i] = pos.x;
    e.info[kTask0 + 2 + 2 * i] = pos.y;
  }
  return true;
}

// Whether this build can generate layouts of the kind (the others load recorded layouts only).
GW_FN bool has_generator(int kind) {
  return kind >= 0 && kind < kKindCount;
}

GW_FN bool generate_kind(const EnvView& e, Rng& rng) {
  switch (e.info[kKindField]) {
    case kEmptyKind: return generate_empty(e, rng);
    case kDoorKeyKind: return generate_door_key(e, rng);
    case kFourRoomsKind: return generate_four_rooms(e, rng);
    case kLavaGapKind: return generate_lava_gap(e, rng);
    case kCrossingKind: return generate_crossing(e, rng);
    case kDistShiftKind: return generate_dist_shift(e, rng);
    case kDynamicObstaclesKind: return generate_dynamic_obstacles(e, rng);
    case kFetchKind: return generate_fetch(e, rng);
    case kGoToDoorKind: return generate_go_to_door(e, rng);
    case kGoToObjectKind: return generate_go_to_object(e, rng);
    case kPutNearKind: return generate_put_near(e, rng);
    case kRedBlueDoorsKind: return generate_red_blue_doors(e, rng);
    case kMemoryKind: return generate_memory(e, rng);
    case kLockedRoomKind: return generate_locked_room(e, rng);
    case kPlaygroundKind: return generate_playground(e, rng);
    case kUnlockKind:
    case kUnlockPickupKind:
    case kBlockedUnlockPickupKind: return generate_unlock_family(e, rng);
    case kKeyCorridorKind: return generate_key_corridor(e, rng);
    case kMultiRoomKind: return generate_multi_room(e, rng);
    case kObstructedMazeKind: return generate_obstructed_maze(e, rng);
    default: return false;
  }
}

// Starts the next episode of one environment: a fresh stream, then generation until a layout passes
// its bounds (at most 64 reseeds, each counted in kGenerationRetries).
GW_COLD_FN void generate_env(const EnvView& e, int padded_width) {
  int32_t* info = e.info;
  info[kEpisode] += 1;
  seed_episode(info);
  Rng rng{load_rng(info)};
  for (int attempt = 0; attempt < 64; ++attempt) {
    clear_layout(e, padded_width);
    for (int i = kCarryType; i <= kCarryContentColour; ++i) info[i] = 0;
    info[kPocketDropped] = 0;
    for (int i = 0; i < kInfoFields - kTask0; ++i) info[kTask0 + i] = 0;
    info[kAgentX] = info[kAgentY] = -1;
    info[kAgentDir] = 0;
    if (generate_kind(e, rng)) break;
    info[kGenerationRetries] += 1;
  }
  store_rng(info, rng.state);
  info[kStepCount] = 0;
  info[kPendingReset] = 0;
}

}  // namespace tansaku::gridworld
