// Batched MiniGrid-compatible gridworld: codes, the per-environment state layout over flat buffers,
// and the batch API. The per-environment functions (step, observations, generation) live in
// gridworld_env.h / gridworld_generate.h as host/device inline code, so the CUDA kernels reuse them.
//
// State of a batch of B environments, every buffer caller-allocated:
//   grid     u8[B][PW][PH][3]  (type, colour, state) per cell, x-major as MiniGrid's grid.encode(),
//                              padded to the batch's largest width PW and height PH
//   contents u8[B][PW][PH][2]  (type, colour) inside the box at that cell; type 0 = empty box
//   info     i32[B][kInfoFields] the scalars below (agent, carried object, counters, task slots, RNG)
#pragma once
#include <cstdint>

#if defined(__CUDACC__)
#define GW_FN __host__ __device__ inline
// Generation is rare next to stepping: kept out of line on the device so the step kernel's hot path
// does not carry the generators' scratch state.
#define GW_COLD_FN __host__ __device__ __noinline__
#else
#define GW_FN inline
#define GW_COLD_FN inline
#endif
// For tiny accessors on the step path that the host compiler would otherwise call out of line (the
// device compiler inlines them on its own).
#if defined(__CUDACC__)
#define GW_ALWAYS_INLINE
#else
#define GW_ALWAYS_INLINE __attribute__((always_inline))
#endif

namespace tansaku::gridworld {

// NAVIX 0.11.0 behaviours (spec §9) an environment may opt into, as bits of info[kDeviations].
enum Deviation : int32_t {
  kKeyConsumed = 1,           // unlocking uses up the key, and an open door never closes again
  kDistShiftLavaNonTerminal = 2,  // DistShift: stepping on lava does not end the episode
  kNavixPickup = 4,           // pickup takes keys only and overwrites the pocket (a held object is lost)
  kNavixDrop = 8,             // drop puts the object down but the pocket still names it (kPocketDropped)
  kNavixNoBoxToggle = 16,     // toggling a box does nothing
  kNavixDynamicObstacles = 32,  // 7 actions; balls take one cardinal step after the agent; contact ends with 0
  kNavixGoToDoor = 64,        // success as soon as the agent faces the target door; room side randint(5, n)
  kNavixLayouts = 128,        // NAVIX's generators: Empty-Random goal, DoorKey start/door/goal, KeyCorridor
  kDeviationMask = 255,
};

// MiniGrid's object, colour and door-state codes.
enum Object : uint8_t { kUnseen = 0, kEmpty = 1, kWall = 2, kFloor = 3, kDoor = 4, kKey = 5, kBall = 6, kBox = 7,
                        kGoal = 8, kLava = 9, kAgent = 10 };
enum Colour : uint8_t { kRed = 0, kGreen = 1, kBlue = 2, kPurple = 3, kYellow = 4, kGrey = 5 };
enum DoorState : uint8_t { kOpen = 0, kClosed = 1, kLocked = 2 };
enum Action : int32_t { kLeft = 0, kRight = 1, kForward = 2, kPickup = 3, kDrop = 4, kToggle = 5, kDone = 6 };

// Environment families: each has its own reward/termination rule and generator.
enum Kind : int32_t {
  kEmptyKind = 0, kDoorKeyKind, kFourRoomsKind, kLavaGapKind, kCrossingKind, kDistShiftKind, kDynamicObstaclesKind,
  kFetchKind, kGoToDoorKind, kGoToObjectKind, kPutNearKind, kRedBlueDoorsKind, kMemoryKind, kLockedRoomKind,
  kUnlockKind, kUnlockPickupKind, kBlockedUnlockPickupKind, kKeyCorridorKind, kObstructedMazeKind, kMultiRoomKind,
  kPlaygroundKind, kKindCount
};

// Fields of info[b][*]. Task slots hold each family's targets (see gridworld_rules.h).
enum Field : int32_t {
  kKindField = 0,
  kWidth, kHeight,            // this environment's W x H (<= the batch's padded size)
  kAgentX, kAgentY, kAgentDir,
  kCarryType, kCarryColour, kCarryState, kCarryContentType, kCarryContentColour,  // kCarryType 0 = nothing
  kStepCount, kMaxSteps,
  kSeeThrough,                // 1: no occlusion
  kPendingReset,              // next-step autoreset: the previous step ended the episode
  kSeedLow, kSeedHigh,        // the environment's seed (two 32-bit halves)
  kEpisode,                   // episodes started, the counter of the per-episode RNG stream
  kRngLow, kRngHigh,          // the generator's 64-bit state
  kGenerationRetries,         // layouts rejected by a bound and regenerated (should stay ~0)
  kParam0, kParam1, kParam2, kParam3,  // the id's parameters (size, object count, random start, ...)
  kDeviations,                // NAVIX deviations turned on (Deviation bits); 0 = MiniGrid semantics
  kPocketDropped,             // kNavixDrop: the carried object was dropped but the pocket still names it
  kTask0,                     // 20 task slots follow (gridworld_step.h says what each kind keeps)
  kInfoFields = kTask0 + 20,
};

constexpr int kMaxView = 15;
constexpr int kMaxSide = 32;  // largest padded width or height
// Dynamic-Obstacles places and moves balls with place_obj(max_tries=100), which raises only once
// num_tries > 100: up to 101 sampled cells.
constexpr int kObstacleTries = 101;

struct Batch {
  int64_t count = 0;
  int32_t width = 0, height = 0;  // padded
  uint8_t* grid = nullptr;
  uint8_t* contents = nullptr;
  int32_t* info = nullptr;
};

// One environment's slice of a batch.
struct EnvView {
  uint8_t* grid;
  uint8_t* contents;
  int32_t* info;
  int32_t pitch;  // padded height: cell (x, y) is at x * pitch + y
};

GW_FN EnvView env_view(const Batch& batch, int64_t b) {
  const int64_t cells = int64_t(batch.width) * batch.height;
  return EnvView{batch.grid + b * cells * 3, batch.contents + b * cells * 2, batch.info + b * kInfoFields,
                 batch.height};
}

// kRgbPartial / kRgbFull: MiniGrid's RGBImgPartialObsWrapper / RGBImgObsWrapper images (gridworld_rgb.h).
// kNavix*: NAVIX 0.11.0's `symbolic` (u8[PH][PW][3] row-major, the agent as (10, 0, dir)),
// `symbolic_first_person` (u8[V][V][3] row-major, no occlusion, the agent's cell empty, nothing carried
// shown), `categorical` (i32[PH][PW]) and `categorical_first_person` (i32[V][V]); see
// gridworld_observe_navix.h.
enum class Observation : int32_t {
  kNone = 0, kPartial = 1, kFull = 2, kRgbPartial = 3, kRgbFull = 4, kNavixSymbolic = 5, kNavixFirstPerson = 6,
  kNavixCategorical = 7, kNavixCategoricalFirstPerson = 8
};
enum class Autoreset : int32_t { kNextStep = 0, kSameStep = 1, kDisabled = 2 };

struct StepOutputs {
  Observation observation = Observation::kNone;
  uint8_t* obs = nullptr;  // partial: [B][V][V][3]; full: [B][PW][PH][3]; rgb: [B][V*t][V*t][3] / [B][PH*t][PW*t][3]
  float* reward = nullptr;
  uint8_t* terminated = nullptr;
  uint8_t* truncated = nullptr;
  // Same-step autoreset: the observation of an ended episode's last state, before the reset (as
  // Gymnasium's final_obs); laid out like obs and written only for environments that ended.
  uint8_t* final_obs = nullptr;
  int32_t tile = 8;  // RGB pixels per cell
  // NAVIX's step_type per environment when set: 0 transition, 1 truncation, 2 termination.
  uint8_t* step_type = nullptr;
};

// Bytes of one environment's observation (tile: RGB pixels per cell).
int64_t observation_size(const Batch& batch, Observation observation, int32_t view_size, int32_t tile = 8);

// Generates a fresh layout for environments [0, count) whose info holds kind, size, params, seed and
// episode (set by the caller); writes the observation when out.obs is set. threads 0 = all.
void reset(const Batch& batch, const StepOutputs& out, int32_t view_size, int32_t threads);

// Steps every environment with actions[b]; rewards, flags and observations into out.
void step(const Batch& batch, const int32_t* actions, Autoreset autoreset, const StepOutputs& out, int32_t view_size,
          int32_t threads);

// Observations of the current state without stepping.
void observe(const Batch& batch, const StepOutputs& out, int32_t view_size, int32_t threads);

// The number of actions each kind accepts (7, or 3 for Dynamic-Obstacles).
GW_FN int32_t action_count(int32_t kind) { return kind == kDynamicObstaclesKind ? 3 : 7; }

// The same for one environment: NAVIX's Dynamic-Obstacles keeps all 7 actions.
GW_FN int32_t env_action_count(const int32_t* info) {
  if (info[kKindField] == kDynamicObstaclesKind && (info[kDeviations] & kNavixDynamicObstacles) != 0) return 7;
  return action_count(info[kKindField]);
}

}  // namespace tansaku::gridworld
