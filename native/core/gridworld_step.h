// One MiniGrid step of one environment (minigrid_env.py's step, then the family's own rule), as
// host/device code over the flat state. Task slots (info[kTask0 + i]) per kind:
//   Fetch, UnlockPickup, BlockedUnlockPickup, KeyCorridor, ObstructedMaze: 0 target type, 1 colour
//   GoToDoor, GoToObject: 0, 1 target position        PutNear: 0, 1 move type/colour; 2, 3 target position
//   RedBlueDoors: 0, 1 red door; 2, 3 blue door      Memory: 0, 1 success cell; 2, 3 failure cell
//   Unlock: 0, 1 door position                        Dynamic-Obstacles: 0 ball count, then x, y per ball
#pragma once
#include "gridworld_cell.h"
#include "gridworld_rng.h"

namespace tansaku::gridworld {

struct StepResult {
  float reward;
  bool terminated;
  bool truncated;
};

GW_FN int task(const EnvView& e, int slot) { return e.info[kTask0 + slot]; }

// The device build uses --use_fast_math (approximate division, fused multiply-adds): the explicitly
// rounded intrinsics keep this IEEE float expression equal to the host's, bit for bit.
GW_FN float success_reward(const int32_t* info) {
#if defined(__CUDA_ARCH__)
  return __fsub_rn(1.0f, __fmul_rn(0.9f, __fdiv_rn(float(info[kStepCount]), float(info[kMaxSteps]))));
#else
  return 1.0f - 0.9f * (float(info[kStepCount]) / float(info[kMaxSteps]));
#endif
}

GW_FN bool door_open_at(const EnvView& e, int x, int y) {
  const Cell c = get_cell(e, x, y);
  return c.type == kDoor && c.state == kOpen;
}

// Dynamic-Obstacles: each ball in turn moves to a random empty, non-agent cell of its 3x3 block
// (place_obj with max_tries 100, the block clipped at the grid's top-left only as MiniGrid clamps
// `top`); when no try succeeds it stays. Runs before the agent's action, against the agent's old cell.
GW_FN void move_obstacles(const EnvView& e) {
  int32_t* info = e.info;
  Rng rng{load_rng(info)};
  const int balls = task(e, 0);
  for (int i = 0; i < balls; ++i) {
    const int ox = task(e, 1 + 2 * i), oy = task(e, 2 + 2 * i);
    const int tx = ox - 1 < 0 ? 0 : ox - 1, ty = oy - 1 < 0 ? 0 : oy - 1;
    const int hx = tx + 3 < info[kWidth] ? tx + 3 : info[kWidth];
    const int hy = ty + 3 < info[kHeight] ? ty + 3 : info[kHeight];
    if (get_cell(e, ox, oy).type != kBall) continue;  // a corrupted slot: leave the grid alone
    // The block lies inside the grid (clipped above), so its cells are read without bounds checks.
    for (int attempt = 0; attempt < kObstacleTries; ++attempt) {
      const int x = rng.randint(tx, hx), y = rng.randint(ty, hy);
      if (cell_ptr(e, x, y)[0] > kEmpty || (x == info[kAgentX] && y == info[kAgentY])) continue;
      const uint8_t* ball = cell_ptr(e, ox, oy);
      set_cell(e, x, y, ball[0], ball[1], ball[2]);
      clear_cell(e, ox, oy);
      info[kTask0 + 1 + 2 * i] = x;
      info[kTask0 + 2 + 2 * i] = y;
      break;
    }
  }
  store_rng(info, rng.state);
}

// NAVIX's Dynamic-Obstacles, after the agent's action: every ball draws one of the 4 directions and
// steps there if that cell is empty, judged on the positions before any ball moves (NAVIX vmaps the
// balls). A ball whose step meets the agent stays and reports the hit. NAVIX would let two balls
// step into one cell; one cell holds one object here, so the later ball stays instead.
GW_FN bool move_obstacles_navix(const EnvView& e) {
  int32_t* info = e.info;
  Rng rng{load_rng(info)};
  const int balls = task(e, 0);
  bool hit = false;
  int8_t step_dir[(kInfoFields - kTask0 - 1) / 2];
  for (int i = 0; i < balls; ++i) {
    const int ox = task(e, 1 + 2 * i), oy = task(e, 2 + 2 * i);
    const int d = rng.below(4);
    const int x = ox + dir_dx(d), y = oy + dir_dy(d);
    step_dir[i] = -1;
    if (x == info[kAgentX] && y == info[kAgentY]) {
      hit = true;
    } else if (inside(e, x, y) && is_empty(get_cell(e, x, y))) {
      step_dir[i] = int8_t(d);
    }
  }
  for (int i = 0; i < balls; ++i) {
    if (step_dir[i] < 0) continue;
    const int ox = task(e, 1 + 2 * i), oy = task(e, 2 + 2 * i);
    const int x = ox + dir_dx(step_dir[i]), y = oy + dir_dy(step_dir[i]);
    const Cell ball = get_cell(e, ox, oy);
    if (ball.type != kBall || !is_empty(get_cell(e, x, y))) continue;
    set_cell(e, x, y, ball.type, ball.colour, ball.state);
    clear_cell(e, ox, oy);
    info[kTask0 + 1 + 2 * i] = x;
    info[kTask0 + 2 + 2 * i] = y;
  }
  store_rng(info, rng.state);
  return hit;
}

// Moves the carried object into cell (x, y), contents included.
GW_FN void put_carried(const EnvView& e, int x, int y) {
  int32_t* info = e.info;
  set_cell(e, x, y, uint8_t(info[kCarryType]), uint8_t(info[kCarryColour]), uint8_t(info[kCarryState]));
  uint8_t* contents = contents_ptr(e, x, y);
  contents[0] = uint8_t(info[kCarryContentType]);
  contents[1] = uint8_t(info[kCarryContentColour]);
  if ((info[kDeviations] & kNavixDrop) != 0) {
    // NAVIX moves the object out of its discard pile but never clears the pocket.
    info[kPocketDropped] = 1;
    return;
  }
  info[kCarryType] = info[kCarryColour] = info[kCarryState] = 0;
  info[kCarryContentType] = info[kCarryContentColour] = 0;
}

GW_FN void pick_up(const EnvView& e, int x, int y, Cell c) {
  int32_t* info = e.info;
  const uint8_t* contents = contents_ptr(e, x, y);
  info[kCarryType] = c.type;
  info[kCarryColour] = c.colour;
  info[kCarryState] = c.state;
  info[kCarryContentType] = contents[0];
  info[kCarryContentColour] = contents[1];
  info[kPocketDropped] = 0;
  clear_cell(e, x, y);
}

GW_FN void toggle(const EnvView& e, int x, int y, Cell c) {
  int32_t* info = e.info;
  const bool key_consumed = (info[kDeviations] & kKeyConsumed) != 0;
  if (c.type == kDoor) {
    if (c.state == kLocked) {
      // Only a key of the door's colour unlocks it; the key stays carried (NAVIX: it is used up).
      if (info[kCarryType] == kKey && info[kCarryColour] == c.colour) {
        cell_ptr(e, x, y)[2] = kOpen;
        if (key_consumed) info[kCarryType] = info[kCarryColour] = info[kCarryState] = info[kPocketDropped] = 0;
      }
    } else if (c.state == kOpen && key_consumed) {
      // NAVIX: doors never close.
    } else {
      cell_ptr(e, x, y)[2] = c.state == kOpen ? kClosed : kOpen;
    }
  } else if (c.type == kBox && (info[kDeviations] & kNavixNoBoxToggle) == 0) {
    const uint8_t* contents = contents_ptr(e, x, y);
    const uint8_t type = contents[0], colour = contents[1];
    if (type == 0) {
      clear_cell(e, x, y);
    } else {
      set_cell(e, x, y, type, colour, 0);
    }
  }
}

GW_FN bool carrying_target(const EnvView& e) {
  return e.info[kCarryType] != 0 && e.info[kCarryType] == task(e, 0) && e.info[kCarryColour] == task(e, 1);
}

GW_FN bool adjacent(int ax, int ay, int tx, int ty) {
  return (ax == tx && (ay - ty == 1 || ty - ay == 1)) || (ay == ty && (ax - tx == 1 || tx - ax == 1));
}

GW_FN StepResult step_env(const EnvView& e, int action) {
  int32_t* info = e.info;
  const int kind = info[kKindField];
  if (kind == kMemoryKind && action == kPickup) action = kToggle;
  info[kStepCount] += 1;
  StepResult result{0.0f, false, false};

  const int32_t deviations = info[kDeviations];
  const bool navix_obstacles = kind == kDynamicObstaclesKind && (deviations & kNavixDynamicObstacles) != 0;
  // NAVIX picks up keys only; its Dynamic-Obstacles has no keys, so the balls stay on the floor.
  const bool navix_pickup = (deviations & kNavixPickup) != 0 || navix_obstacles;
  bool front_blocked = false;
  if (kind == kDynamicObstaclesKind && !navix_obstacles) {
    const Cell front = get_cell(e, info[kAgentX] + dir_dx(info[kAgentDir]), info[kAgentY] + dir_dy(info[kAgentDir]));
    front_blocked = !is_empty(front) && front.type != kGoal;
    move_obstacles(e);
  }
  bool red_before = false, blue_before = false;
  if (kind == kRedBlueDoorsKind) {
    red_before = door_open_at(e, task(e, 0), task(e, 1));
    blue_before = door_open_at(e, task(e, 2), task(e, 3));
  }
  const bool carried_before = info[kCarryType] != 0;

  const int ax = info[kAgentX], ay = info[kAgentY], dir = info[kAgentDir];
  const int fx = ax + dir_dx(dir), fy = ay + dir_dy(dir);
  const Cell front = get_cell(e, fx, fy);
  bool dropped = false;
  switch (action) {
    case kLeft: info[kAgentDir] = (dir + 3) & 3; break;
    case kRight: info[kAgentDir] = (dir + 1) & 3; break;
    case kForward:
      if (can_enter(front)) {
        info[kAgentX] = fx;
        info[kAgentY] = fy;
      }
      if (front.type == kGoal) {
        result.terminated = true;
        result.reward = success_reward(info);
      }
      if (front.type == kLava && !(kind == kDistShiftKind && (info[kDeviations] & kDistShiftLavaNonTerminal) != 0)) {
        result.terminated = true;
      }
      break;
    case kPickup:
      if (navix_pickup ? front.type == kKey : (can_pick_up(front) && info[kCarryType] == 0)) pick_up(e, fx, fy, front);
      break;
    case kDrop:
      if (inside(e, fx, fy) && is_empty(front) && info[kCarryType] != 0 && info[kPocketDropped] == 0) {
        put_carried(e, fx, fy);
        dropped = true;
      }
      break;
    case kToggle:
      if (inside(e, fx, fy)) toggle(e, fx, fy, front);
      break;
    default: break;
  }
  result.truncated = info[kStepCount] >= info[kMaxSteps];

  switch (kind) {
    case kDynamicObstaclesKind:
      if (navix_obstacles) {
        // Walking into a ball or being stepped on by one ends the episode; only the goal pays.
        const bool walked_into_ball = action == kForward && front.type == kBall;
        if (move_obstacles_navix(e) || walked_into_ball) result.terminated = true;
      } else if (action == kForward && front_blocked) {
        result.reward = -1.0f;
        result.terminated = true;
      }
      break;
    case kFetchKind:
      if (info[kCarryType] != 0) {
        result.reward = carrying_target(e) ? success_reward(info) : 0.0f;
        result.terminated = true;
      }
      break;
    case kGoToDoorKind:
      if ((deviations & kNavixGoToDoor) != 0) {
        // NAVIX: facing the target door is enough, whatever the action.
        const int tx = info[kAgentX] + dir_dx(info[kAgentDir]), ty = info[kAgentY] + dir_dy(info[kAgentDir]);
        if (tx == task(e, 0) && ty == task(e, 1)) {
          result.reward = success_reward(info);
          result.terminated = true;
        }
        break;
      }
      [[fallthrough]];
    case kGoToObjectKind:
      if (action == kToggle) result.terminated = true;
      if (action == kDone) {
        if (adjacent(info[kAgentX], info[kAgentY], task(e, 0), task(e, 1))) result.reward = success_reward(info);
        result.terminated = true;
      }
      break;
    case kPutNearKind: {
      if (action == kPickup && info[kCarryType] != 0 &&
          (info[kCarryType] != task(e, 0) || info[kCarryColour] != task(e, 1))) {
        result.terminated = true;
      }
      if (action == kDrop && carried_before) {
        const int dx = fx - task(e, 2), dy = fy - task(e, 3);
        if (dropped && dx <= 1 && dx >= -1 && dy <= 1 && dy >= -1) result.reward = success_reward(info);
        result.terminated = true;
      }
      break;
    }
    case kRedBlueDoorsKind: {
      const bool red_after = door_open_at(e, task(e, 0), task(e, 1));
      const bool blue_after = door_open_at(e, task(e, 2), task(e, 3));
      if (blue_after) {
        result.reward = red_before ? success_reward(info) : 0.0f;
        result.terminated = true;
      } else if (red_after && blue_before) {
        result.reward = 0.0f;
        result.terminated = true;
      }
      break;
    }
    case kMemoryKind:
      if (info[kAgentX] == task(e, 0) && info[kAgentY] == task(e, 1)) {
        result.reward = success_reward(info);
        result.terminated = true;
      }
      if (info[kAgentX] == task(e, 2) && info[kAgentY] == task(e, 3)) {
        result.reward = 0.0f;
        result.terminated = true;
      }
      break;
    case kUnlockKind:
      if (action == kToggle && door_open_at(e, task(e, 0), task(e, 1))) {
        result.reward = success_reward(info);
        result.terminated = true;
      }
      break;
    case kUnlockPickupKind:
    case kBlockedUnlockPickupKind:
    case kKeyCorridorKind:
    case kObstructedMazeKind:
      if (action == kPickup && carrying_target(e)) {
        result.reward = success_reward(info);
        result.terminated = true;
      }
      break;
    default: break;
  }
  return result;
}

}  // namespace tansaku::gridworld
