// Argument parsing shared by the gridworld exports (gridworld_*addon.cc): the batch state
// buffers, the observation outputs, devices and thread counts, and the per-environment state
// checks that keep a corrupted state from reaching the core.
#pragma once
#include <string>

#include "args.h"
#include "device_arg.h"
#include "gpu.h"
#include "gridworld.h"
#include "gridworld_check.h"

namespace tansaku::addon::gridworld_args {

namespace gw = tansaku::gridworld;

constexpr int64_t kMaxEnvs = int64_t{1} << 26;

inline gw::Observation observation_arg(const Napi::CallbackInfo& info, size_t index) {
  const std::string kind = string_arg(info, index, "observation");
  if (kind == "partial") return gw::Observation::kPartial;
  if (kind == "symbolic") return gw::Observation::kFull;
  if (kind == "none") return gw::Observation::kNone;
  if (kind == "rgb-partial") return gw::Observation::kRgbPartial;
  if (kind == "rgb-full") return gw::Observation::kRgbFull;
  if (kind == "navix-symbolic") return gw::Observation::kNavixSymbolic;
  if (kind == "navix-symbolic-first-person") return gw::Observation::kNavixFirstPerson;
  if (kind == "navix-categorical") return gw::Observation::kNavixCategorical;
  if (kind == "navix-categorical-first-person") return gw::Observation::kNavixCategoricalFirstPerson;
  throw_range(info.Env(), "observation must be \"partial\", \"symbolic\", \"rgb-partial\", \"rgb-full\", \"navix-symbolic\", "
                          "\"navix-symbolic-first-person\", \"navix-categorical\", \"navix-categorical-first-person\" or \"none\", got \"" +
                              kind + "\"");
}

inline int32_t view_size_arg(const Napi::CallbackInfo& info, size_t index) {
  const int32_t view = static_cast<int32_t>(integer_arg(info, index, "viewSize", 3, gw::kMaxView));
  if (view % 2 == 0) throw_range(info.Env(), "viewSize must be odd, got " + std::to_string(view));
  return view;
}

// The leading (count, width, height, grid, contents, info) arguments.
struct StateArgs {
  gw::Batch batch;
  Napi::Uint8Array grid, contents;
  Napi::Int32Array info;
};

inline StateArgs state_args(const Napi::CallbackInfo& info) {
  const int64_t count = integer_arg(info, 0, "numEnvs", 1, kMaxEnvs);
  const int64_t width = integer_arg(info, 1, "width", 1, gw::kMaxSide);
  const int64_t height = integer_arg(info, 2, "height", 1, gw::kMaxSide);
  StateArgs args;
  args.grid = array_arg<uint8_t>(info, 3, "grid", count * width * height * 3);
  args.contents = array_arg<uint8_t>(info, 4, "contents", count * width * height * 2);
  args.info = array_arg<int32_t>(info, 5, "info", count * gw::kInfoFields);
  args.batch = gw::Batch{count, static_cast<int32_t>(width), static_cast<int32_t>(height), args.grid.Data(),
                         args.contents.Data(), args.info.Data()};
  return args;
}

struct OutputArgs {
  gw::StepOutputs out;
  int32_t view_size;
  Napi::Value obs, reward, terminated, truncated;
};

// RGB pixels per cell: 8 when absent (RGBImgObsWrapper's default), at most 64.
inline int32_t tile_arg(const Napi::CallbackInfo& info, size_t index) {
  if (is_absent(info, index)) return 8;
  return static_cast<int32_t>(integer_arg(info, index, "tile", 1, 64));
}

// (observation, viewSize, obsOut | null, rewardOut, terminatedOut, truncatedOut) from `index`;
// reset passes no reward or flag outputs (with_flags false). tile_index: the optional trailing tile.
inline OutputArgs output_args(const Napi::CallbackInfo& info, size_t index, const gw::Batch& batch, bool with_flags,
                              size_t tile_index) {
  const Napi::Env env = info.Env();
  OutputArgs args{};
  args.out.observation = observation_arg(info, index);
  args.view_size = view_size_arg(info, index + 1);
  args.out.tile = tile_arg(info, tile_index);
  const int64_t obs_size = gw::observation_size(batch, args.out.observation, args.view_size, args.out.tile);
  if (obs_size > 0) {
    auto obs = array_arg<uint8_t>(info, index + 2, "obsOut", batch.count * obs_size);
    args.out.obs = obs.Data();
    args.obs = obs;
  } else if (!is_absent(info, index + 2)) {
    throw_type(env, "obsOut must be null when observation is \"none\"");
  }
  if (with_flags) {
    auto reward = array_arg<float>(info, index + 3, "rewardOut", batch.count);
    auto terminated = array_arg<uint8_t>(info, index + 4, "terminatedOut", batch.count);
    auto truncated = array_arg<uint8_t>(info, index + 5, "truncatedOut", batch.count);
    args.out.reward = reward.Data();
    args.out.terminated = terminated.Data();
    args.out.truncated = truncated.Data();
    args.reward = reward;
    args.terminated = terminated;
    args.truncated = truncated;
  }
  return args;
}

inline void require_valid_state(Napi::Env env, const gw::Batch& batch, bool generation) {
  for (int64_t b = 0; b < batch.count; ++b) {
    const std::string problem = generation ? gw::check_generation(batch, b) : gw::check_env(batch, b);
    if (!problem.empty()) throw_range(env, "info of environment " + std::to_string(b) + ": " + problem);
  }
}

inline void require_valid_actions(Napi::Env env, const gw::Batch& batch, const int32_t* actions) {
  for (int64_t b = 0; b < batch.count; ++b) {
    const int32_t limit = gw::env_action_count(batch.info + b * gw::kInfoFields);
    if (actions[b] < 0 || actions[b] >= limit) {
      throw_range(env, "actions[" + std::to_string(b) + "] must be an integer in [0, " + std::to_string(limit - 1) +
                           "], got " + std::to_string(actions[b]));
    }
  }
}

inline gw::Autoreset autoreset_arg(const Napi::CallbackInfo& info, size_t index) {
  const std::string mode = string_arg(info, index, "autoreset");
  if (mode == "next-step") return gw::Autoreset::kNextStep;
  if (mode == "same-step") return gw::Autoreset::kSameStep;
  if (mode == "disabled") return gw::Autoreset::kDisabled;
  throw_range(info.Env(), "autoreset must be \"next-step\", \"same-step\" or \"disabled\", got \"" + mode + "\"");
}

inline int32_t threads_arg(const Napi::CallbackInfo& info, size_t index) {
  return static_cast<int32_t>(integer_arg(info, index, "threads", 0, 1024));
}

}  // namespace tansaku::addon::gridworld_args
