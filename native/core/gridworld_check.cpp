#include "gridworld_check.h"

#include "gridworld_generate.h"

namespace tansaku::gridworld {

namespace {

std::string field(const char* name, int32_t value) { return std::string(name) + " = " + std::to_string(value); }

}  // namespace

bool kind_has_generator(int32_t kind) { return has_generator(kind); }

std::string check_env(const Batch& batch, int64_t b) {
  const int32_t* info = batch.info + b * kInfoFields;
  const int32_t kind = info[kKindField], w = info[kWidth], h = info[kHeight];
  if (kind < 0 || kind >= kKindCount) return field("kind", kind) + " is not a known kind";
  if (w < 1 || w > batch.width) return field("width", w) + " is outside [1, " + std::to_string(batch.width) + "]";
  if (h < 1 || h > batch.height) return field("height", h) + " is outside [1, " + std::to_string(batch.height) + "]";
  if (info[kPendingReset] != 0) return kind_has_generator(kind) ? "" : "an ended episode of a kind without a generator";
  if (info[kAgentX] < 0 || info[kAgentX] >= w || info[kAgentY] < 0 || info[kAgentY] >= h) {
    return "the agent (" + std::to_string(info[kAgentX]) + ", " + std::to_string(info[kAgentY]) + ") is outside the grid";
  }
  if (info[kAgentDir] < 0 || info[kAgentDir] > 3) return field("agent direction", info[kAgentDir]) + " is not 0..3";
  if (info[kMaxSteps] < 1) return field("max_steps", info[kMaxSteps]) + " must be >= 1";
  if ((info[kDeviations] & ~kDeviationMask) != 0) return field("deviations", info[kDeviations]) + " has unknown bits";
  if (kind == kDynamicObstaclesKind) {
    const int32_t balls = info[kTask0];
    if (balls < 0 || 2 * balls + 1 > kInfoFields - kTask0) return field("obstacle count", balls) + " is out of range";
    for (int i = 0; i < balls; ++i) {
      const int32_t x = info[kTask0 + 1 + 2 * i], y = info[kTask0 + 2 + 2 * i];
      if (x < 0 || x >= w || y < 0 || y >= h) return "obstacle " + std::to_string(i) + " is outside the grid";
    }
  }
  return "";
}

std::string check_generation(const Batch& batch, int64_t b) {
  const int32_t* info = batch.info + b * kInfoFields;
  const int32_t kind = info[kKindField], w = info[kWidth], h = info[kHeight];
  if (kind < 0 || kind >= kKindCount) return field("kind", kind) + " is not a known kind";
  if (!kind_has_generator(kind)) return field("kind", kind) + " has no layout generator in this build";
  const int32_t min_side = kind == kKeyCorridorKind ? 3 : 5;
  if (w < min_side || w > batch.width) return field("width", w) + " is outside [" + std::to_string(min_side) + ", " + std::to_string(batch.width) + "]";
  if (h < min_side || h > batch.height) return field("height", h) + " is outside [" + std::to_string(min_side) + ", " + std::to_string(batch.height) + "]";
  // Fixed plans write at fixed coordinates: their sizes must be the registered ones.
  const bool fixed_plan = kind == kLockedRoomKind || kind == kPlaygroundKind || kind == kUnlockKind ||
                          kind == kUnlockPickupKind || kind == kBlockedUnlockPickupKind || kind == kDistShiftKind;
  const int32_t plan_w = kind == kLockedRoomKind || kind == kPlaygroundKind ? 19 : (kind == kDistShiftKind ? 9 : 11);
  const int32_t plan_h = kind == kLockedRoomKind || kind == kPlaygroundKind ? 19 : (kind == kDistShiftKind ? 7 : 6);
  if (fixed_plan && (w != plan_w || h != plan_h)) {
    return "this kind is generated at " + std::to_string(plan_w) + "x" + std::to_string(plan_h) + " only";
  }
  if (kind == kKeyCorridorKind) {
    const int32_t s = info[kParam0], r = info[kParam1];
    if (s < 3 || s > 10 || r < 1 || r > 3 || w != 3 * (s - 1) + 1 || h != r * (s - 1) + 1) {
      return "key corridor needs 3 <= S <= 10, 1 <= R <= 3 and a (3(S-1)+1) x (R(S-1)+1) grid";
    }
  }
  if (kind == kObstructedMazeKind) {
    const int32_t quarters = info[kParam1];
    if (quarters < 0 || quarters > 4 || (quarters == 0 ? (w != 11 || h != 6) : (w != 16 || h != 16))) {
      return "obstructed maze needs 0..4 quarters and an 11x6 (1D) or 16x16 grid";
    }
  }
  if (kind == kRedBlueDoorsKind && w != 2 * h) return "red-blue doors needs width = 2 * height";
  if (kind == kMemoryKind && (w < 7 || h % 2 == 0)) return "memory needs width >= 7 and an odd height";
  if ((kind == kFetchKind || kind == kGoToObjectKind || kind == kPutNearKind) && (info[kParam0] < 1 || info[kParam0] > 8)) {
    return field("object count", info[kParam0]) + " is outside [1, 8]";
  }
  if (kind == kPutNearKind && info[kParam0] < 2) return "put-near needs at least 2 objects";
  if (kind == kMultiRoomKind && (info[kParam0] < 1 || info[kParam1] < info[kParam0] || info[kParam1] > 8 ||
                                 info[kParam2] < 4 || info[kParam2] > 12 || w != h)) {
    return "multi-room needs 1 <= min rooms <= max rooms <= 8, 4 <= max room side <= 12 and a square grid";
  }
  if (info[kMaxSteps] < 1) return field("max_steps", info[kMaxSteps]) + " must be >= 1";
  if ((info[kDeviations] & ~kDeviationMask) != 0) return field("deviations", info[kDeviations]) + " has unknown bits";
  if (kind == kDynamicObstaclesKind && (info[kParam0] < 0 || 2 * info[kParam0] + 1 > kInfoFields - kTask0)) {
    return field("obstacle count", info[kParam0]) + " is out of range";
  }
  if (kind == kDistShiftKind && (info[kParam0] < 1 || info[kParam0] > h - 2)) return field("strip row", info[kParam0]) + " is out of range";
  if (kind == kCrossingKind && info[kParam0] < 0) return field("crossings", info[kParam0]) + " must be >= 0";
  return "";
}

}  // namespace tansaku::gridworld
