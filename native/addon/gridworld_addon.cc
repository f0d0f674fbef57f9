// Gridworld exports: reset, step and observe a batch whose state lives in caller-allocated typed
// arrays (grid, contents, info), writing observations, rewards and flags into caller-allocated
// outputs. Each call checks every argument and every environment's state before the core runs;
// the *Async variants run on the libuv pool and resolve a Promise.
#include <string>

#include "gridworld_args.h"
#include "gridworld_gpu.h"
#include "promise_worker.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

using namespace gridworld_args;

// gridworldReset(numEnvs, width, height, grid, contents, info, observation, viewSize, obsOut, threads, device?, tile?)
struct ResetArgs {
  StateArgs state;
  OutputArgs out;
  int32_t threads;
  bool cuda;

  void run() const {
    if (cuda) {
      gw::gpu::reset(state.batch, out.out, out.view_size);
    } else {
      gw::reset(state.batch, out.out, out.view_size, threads);
    }
  }
};

ResetArgs reset_args(const Napi::CallbackInfo& info) {
  ResetArgs args{state_args(info), {}, 0, false};
  args.out = output_args(info, 6, args.state.batch, false, 11);
  args.threads = threads_arg(info, 9);
  args.cuda = cuda_device_arg(info, 10, true);
  require_valid_state(info.Env(), args.state.batch, true);
  return args;
}

Napi::Value Reset(const Napi::CallbackInfo& info) {
  reset_args(info).run();
  return info.Env().Undefined();
}

// Generation can take milliseconds for big batches: the same reset on the libuv pool.
Napi::Value ResetAsync(const Napi::CallbackInfo& info) {
  const ResetArgs args = reset_args(info);
  return PromiseWorker::Start(info.Env(), {args.state.grid, args.state.contents, args.state.info, args.out.obs},
                              [args]() { args.run(); });
}

// The shared checks of the step variants: (state..., actions, autoreset, observation, viewSize,
// obsOut, rewardOut, terminatedOut, truncatedOut, threads, device?, finalObsOut?, tile?, stepTypeOut?).
struct StepArgs {
  StateArgs state;
  Napi::Int32Array actions;
  gw::Autoreset autoreset;
  OutputArgs out;
  int32_t threads;
  bool cuda;
  Napi::Uint8Array final_obs;
  Napi::Uint8Array step_type;

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
  args.out = output_args(info, 8, args.state.batch, true, 17);
  args.threads = threads_arg(info, 14);
  args.cuda = cuda_device_arg(info, 15, true);
  if (!is_absent(info, 16)) {
    const int64_t obs_size =
        gw::observation_size(args.state.batch, args.out.out.observation, args.out.view_size, args.out.out.tile);
    if (obs_size == 0) throw_type(info.Env(), "finalObsOut must be null when observation is \"none\"");
    args.final_obs = array_arg<uint8_t>(info, 16, "finalObsOut", args.state.batch.count * obs_size);
    args.out.out.final_obs = args.final_obs.Data();
  }
  if (!is_absent(info, 18)) {
    args.step_type = array_arg<uint8_t>(info, 18, "stepTypeOut", args.state.batch.count);
    args.out.out.step_type = args.step_type.Data();
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
                               args.out.reward, args.out.terminated, args.out.truncated, args.final_obs, args.step_type},
                              [args]() { args.run(); });
}

// gridworldObserve(numEnvs, width, height, grid, contents, info, observation, viewSize, obsOut, tile?)
Napi::Value Observe(const Napi::CallbackInfo& info) {
  const StateArgs state = state_args(info);
  const OutputArgs out = output_args(info, 6, state.batch, false, 9);
  require_valid_state(info.Env(), state.batch, false);
  gw::observe(state.batch, out.out, out.view_size, 1);
  return info.Env().Undefined();
}

const Registration reset_registration("gridworldReset", Reset);
const Registration reset_async_registration("gridworldResetAsync", ResetAsync);
const Registration step_registration("gridworldStep", Step);
const Registration step_async_registration("gridworldStepAsync", StepAsync);
const Registration observe_registration("gridworldObserve", Observe);

}  // namespace

}  // namespace tansaku::addon
