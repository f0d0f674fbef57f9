// Gridworld exports: reset, step and observe a batch whose state lives in caller-allocated typed
// arrays (grid, contents, info), writing observations, rewards and flags into caller-allocated
// outputs. Each call checks every argument and every environment's state before the core runs;
// the *Async variants run on the libuv pool and resolve a Promise.
#include <memory>
#include <string>
#include <vector>

#include "args.h"
#include "gridworld.h"
#include "gridworld_bench.h"
#include "gridworld_check.h"
#include "gridworld_gpu.h"
#include "gpu.h"
#include "promise_worker.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

namespace gw = tansaku::gridworld;

constexpr int64_t kMaxEnvs = int64_t{1} << 26;

// The leading (count, width, height, grid, contents, info) arguments.
struct StateArgs {
  gw::Batch batch;
  Napi::Uint8Array grid, contents;
  Napi::Int32Array info;
};

StateArgs state_args(const Napi::CallbackInfo& info) {
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

// (observation, viewSize, obsOut | null, rewardOut, terminatedOut, truncatedOut) from `index`;
// reset passes no reward or flag outputs (with_flags false).
OutputArgs output_args(const Napi::CallbackInfo& info, size_t index, const gw::Batch& batch, bool with_flags) {
  const Napi::Env env = info.Env();
  const std::string kind = string_arg(info, index, "observation");
  OutputArgs args{};
  if (kind == "partial") {
    args.out.observation = gw::Observation::kPartial;
  } else if (kind == "symbolic") {
    args.out.observation = gw::Observation::kFull;
  } else if (kind == "none") {
    args.out.observation = gw::Observation::kNone;
  } else {
    throw_range(env, "observation must be \"partial\", \"symbolic\" or \"none\", got \"" + kind + "\"");
  }
  args.view_size = static_cast<int32_t>(integer_arg(info, index + 1, "viewSize", 3, gw::kMaxView));
  if (args.view_size % 2 == 0) throw_range(env, "viewSize must be odd, got " + std::to_string(args.view_size));
  const int64_t obs_size = gw::observation_size(batch, args.out.observation, args.view_size);
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

void require_valid_state(Napi::Env env, const gw::Batch& batch, bool generation) {
  for (int64_t b = 0; b < batch.count; ++b) {
    const std::string problem = generation ? gw::check_generation(batch, b) : gw::check_env(batch, b);
    if (!problem.empty()) throw_range(env, "info of environment " + std::to_string(b) + ": " + problem);
  }
}

void require_valid_actions(Napi::Env env, const gw::Batch& batch, const int32_t* actions) {
  for (int64_t b = 0; b < batch.count; ++b) {
    const int32_t limit = gw::action_count(batch.info[b * gw::kInfoFields + gw::kKindField]);
    if (actions[b] < 0 || actions[b] >= limit) {
      throw_range(env, "actions[" + std::to_string(b) + "] must be an integer in [0, " + std::to_string(limit - 1) +
                           "], got " + std::to_string(actions[b]));
    }
  }
}

gw::Autoreset autoreset_arg(const Napi::CallbackInfo& info, size_t index) {
  const std::string mode = string_arg(info, index, "autoreset");
  if (mode == "next-step") return gw::Autoreset::kNextStep;
  if (mode == "same-step") return gw::Autoreset::kSameStep;
  if (mode == "disabled") return gw::Autoreset::kDisabled;
  throw_range(info.Env(), "autoreset must be \"next-step\", \"same-step\" or \"disabled\", got \"" + mode + "\"");
}

// "cpu" or "cuda" (already resolved from "auto" by the caller); "cuda" needs a device.
bool cuda_arg(const Napi::CallbackInfo& info, size_t index) {
  if (is_absent(info, index)) return false;
  const std::string device = string_arg(info, index, "device");
  if (device == "cpu") return false;
  if (device == "cuda") {
    if (!gpu::available()) throw_range(info.Env(), "device is \"cuda\" but no CUDA device is available: " + gpu::info().error);
    return true;
  }
  throw_range(info.Env(), "device must be \"cpu\" or \"cuda\", got \"" + device + "\"");
}

int32_t threads_arg(const Napi::CallbackInfo& info, size_t index) {
  return static_cast<int32_t>(integer_arg(info, index, "threads", 0, 1024));
}

// gridworldReset(numEnvs, width, height, grid, contents, info, observation, viewSize, obsOut, threads, device?)
Napi::Value Reset(const Napi::CallbackInfo& info) {
  const StateArgs state = state_args(info);
  const OutputArgs out = output_args(info, 6, state.batch, false);
  const int32_t threads = threads_arg(info, 9);
  const bool cuda = cuda_arg(info, 10);
  require_valid_state(info.Env(), state.batch, true);
  if (cuda) {
    gw::gpu::reset(state.batch, out.out, out.view_size);
  } else {
    gw::reset(state.batch, out.out, out.view_size, threads);
  }
  return info.Env().Undefined();
}

// The shared checks of the step variants: (state..., actions, autoreset, observation, viewSize,
// obsOut, rewardOut, terminatedOut, truncatedOut, threads, device?, finalObsOut?).
struct StepArgs {
  StateArgs state;
  Napi::Int32Array actions;
  gw::Autoreset autoreset;
  OutputArgs out;
  int32_t threads;
  bool cuda;
  Napi::Uint8Array final_obs;

  void run() const {
    if (cuda) {
      gw::gpu::step(state.batch, actions.Data(), autoreset, out.out, out.view_size);
    } else {
      gw::step(state.batch, actions.Data(), autoreset, out.out, out.view_size, threads);
    }
  }
};

StepArgs step_args(const Napi::CallbackInfo& info) {
  StepArgs args{state_args(info), {}, gw::Autoreset::kNextStep, {}, 0, false};
  args.actions = array_arg<int32_t>(info, 6, "actions", args.state.batch.count);
  args.autoreset = autoreset_arg(info, 7);
  args.out = output_args(info, 8, args.state.batch, true);
  args.threads = threads_arg(info, 14);
  args.cuda = cuda_arg(info, 15);
  if (!is_absent(info, 16)) {
    const int64_t obs_size = gw::observation_size(args.state.batch, args.out.out.observation, args.out.view_size);
    if (obs_size == 0) throw_type(info.Env(), "finalObsOut must be null when observation is \"none\"");
    args.final_obs = array_arg<uint8_t>(info, 16, "finalObsOut", args.state.batch.count * obs_size);
    args.out.out.final_obs = args.final_obs.Data();
  }
  require_valid_state(info.Env(), args.state.batch, false);
  require_valid_actions(info.Env(), args.state.batch, args.actions.Data());
  if (args.autoreset != gw::Autoreset::kDisabled) {
    for (int64_t b = 0; b < args.state.batch.count; ++b) {
      if (!gw::kind_has_generator(args.state.batch.info[b * gw::kInfoFields + gw::kKindField])) {
        throw_range(info.Env(), "autoreset must be \"disabled\" for environment " + std::to_string(b) +
                                    ": its kind has no layout generator in this build");
      }
    }
  }
  return args;
}

Napi::Value Step(const Napi::CallbackInfo& info) {
  const StepArgs args = step_args(info);
  args.run();
  return info.Env().Undefined();
}

Napi::Value StepAsync(const Napi::CallbackInfo& info) {
  const StepArgs args = step_args(info);
  return PromiseWorker::Start(info.Env(),
                              {args.state.grid, args.state.contents, args.state.info, args.actions, args.out.obs,
                               args.out.reward, args.out.terminated, args.out.truncated, args.final_obs},
                              [args]() { args.run(); });
}

// gridworldObserve(numEnvs, width, height, grid, contents, info, observation, viewSize, obsOut)
Napi::Value Observe(const Napi::CallbackInfo& info) {
  const StateArgs state = state_args(info);
  const OutputArgs out = output_args(info, 6, state.batch, false);
  require_valid_state(info.Env(), state.batch, false);
  gw::observe(state.batch, out.out, out.view_size, 1);
  return info.Env().Undefined();
}

// gridworldBenchmark(numEnvs, width, height, grid, contents, info, observation, viewSize, steps,
// threads, actionSeed, device?) -> Promise<{ seconds, checksum }>: random actions, observations written
// for every environment and step; the batch must have been reset.
Napi::Value Benchmark(const Napi::CallbackInfo& info) {
  const StateArgs state = state_args(info);
  const std::string kind = string_arg(info, 6, "observation");
  gw::Observation observation = gw::Observation::kNone;
  if (kind == "partial") observation = gw::Observation::kPartial;
  else if (kind == "symbolic") observation = gw::Observation::kFull;
  else if (kind != "none") throw_range(info.Env(), "observation must be \"partial\", \"symbolic\" or \"none\", got \"" + kind + "\"");
  const int32_t view = static_cast<int32_t>(integer_arg(info, 7, "viewSize", 3, gw::kMaxView));
  if (view % 2 == 0) throw_range(info.Env(), "viewSize must be odd, got " + std::to_string(view));
  const int32_t steps = static_cast<int32_t>(integer_arg(info, 8, "steps", 1, int64_t{1} << 30));
  const int32_t threads = threads_arg(info, 9);
  const uint64_t seed = static_cast<uint64_t>(integer_arg(info, 10, "actionSeed", 0, int64_t{1} << 53));
  const bool cuda = cuda_arg(info, 11);
  require_valid_state(info.Env(), state.batch, false);
  for (int64_t b = 0; b < state.batch.count; ++b) {
    if (!gw::kind_has_generator(state.batch.info[b * gw::kInfoFields + gw::kKindField])) {
      throw_range(info.Env(), "the benchmark needs kinds with a layout generator (autoreset)");
    }
  }
  auto timing = std::make_shared<gw::BenchTiming>();
  const gw::Batch batch = state.batch;
  return PromiseWorker::Start(
      info.Env(), {state.grid, state.contents, state.info},
      [=]() {
        if (cuda) {
          *timing = gw::gpu::benchmark(batch, observation, view, steps, seed);
          return;
        }
        std::vector<uint8_t> obs(static_cast<size_t>(batch.count * gw::observation_size(batch, observation, view)));
        *timing = gw::benchmark_cpu(batch, observation, view, steps, threads, obs.empty() ? nullptr : obs.data(), seed);
      },
      [timing](Napi::Env env) -> Napi::Value {
        Napi::Object result = Napi::Object::New(env);
        result.Set("seconds", timing->seconds);
        result.Set("checksum", static_cast<double>(timing->checksum % (uint64_t{1} << 53)));
        return result;
      });
}

// The state layout, so TypeScript never hard-codes field offsets.
Napi::Value Layout(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  Napi::Object layout = Napi::Object::New(env);
  layout.Set("infoFields", static_cast<int>(gw::kInfoFields));
  layout.Set("maxView", gw::kMaxView);
  layout.Set("maxSide", gw::kMaxSide);
  Napi::Object fields = Napi::Object::New(env);
  const std::pair<const char*, int> names[] = {
      {"kind", gw::kKindField}, {"width", gw::kWidth}, {"height", gw::kHeight}, {"agentX", gw::kAgentX},
      {"agentY", gw::kAgentY}, {"agentDir", gw::kAgentDir}, {"carryType", gw::kCarryType},
      {"carryColour", gw::kCarryColour}, {"carryState", gw::kCarryState}, {"carryContentType", gw::kCarryContentType},
      {"carryContentColour", gw::kCarryContentColour}, {"stepCount", gw::kStepCount}, {"maxSteps", gw::kMaxSteps},
      {"seeThrough", gw::kSeeThrough}, {"pendingReset", gw::kPendingReset}, {"seedLow", gw::kSeedLow},
      {"seedHigh", gw::kSeedHigh}, {"episode", gw::kEpisode}, {"rngLow", gw::kRngLow}, {"rngHigh", gw::kRngHigh},
      {"generationRetries", gw::kGenerationRetries}, {"param0", gw::kParam0}, {"param1", gw::kParam1},
      {"param2", gw::kParam2}, {"param3", gw::kParam3}, {"task0", gw::kTask0}};
  for (const auto& [name, index] : names) fields.Set(name, index);
  layout.Set("fields", fields);
  Napi::Array generators = Napi::Array::New(env);
  uint32_t n = 0;
  for (int32_t kind = 0; kind < gw::kKindCount; ++kind) {
    if (gw::kind_has_generator(kind)) generators.Set(n++, kind);
  }
  layout.Set("generatorKinds", generators);
  // Kind names in code order, so TypeScript maps ids to kinds without repeating the numbers.
  const char* kinds[gw::kKindCount] = {
      "empty", "door-key", "four-rooms", "lava-gap", "crossing", "dist-shift", "dynamic-obstacles", "fetch",
      "go-to-door", "go-to-object", "put-near", "red-blue-doors", "memory", "locked-room", "unlock", "unlock-pickup",
      "blocked-unlock-pickup", "key-corridor", "obstructed-maze", "multi-room", "playground"};
  Napi::Array kind_names = Napi::Array::New(env);
  for (uint32_t k = 0; k < gw::kKindCount; ++k) kind_names.Set(k, kinds[k]);
  layout.Set("kinds", kind_names);
  return layout;
}

const Registration reset_registration("gridworldReset", Reset);
const Registration step_registration("gridworldStep", Step);
const Registration step_async_registration("gridworldStepAsync", StepAsync);
const Registration observe_registration("gridworldObserve", Observe);
const Registration layout_registration("gridworldLayout", Layout);
const Registration benchmark_registration("gridworldBenchmark", Benchmark);

}  // namespace

}  // namespace tansaku::addon
