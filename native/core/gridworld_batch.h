// The per-environment body of the batch calls, shared by the CPU loops (gridworld.cpp) and the CUDA
// kernels (cuda/gridworld.cu): one function per call, one environment per invocation.
#pragma once
#include "gridworld_generate.h"
#include "gridworld_observe.h"
#include "gridworld_observe7.h"
#if !defined(__CUDACC__)
#include "gridworld_observe7_avx512.h"
#endif
#include "gridworld_observe_navix.h"
#include "gridworld_rgb.h"
#include "gridworld_step.h"

namespace tansaku::gridworld {

#if !defined(__CUDACC__)
// The 7 x 7 view on the host: the AVX-512 version where the CPU has it, both byte-identical.
inline void observe_partial7_host(const EnvView& e, uint8_t* obs) {
  static const bool wide = avx512::observe7_supported();
  if (wide) {
    avx512::observe_partial7(e, obs);
  } else {
    observe_partial7(e, obs);
  }
}
#endif

GW_FN uint8_t* obs_of(const StepOutputs& out, int64_t b, int64_t obs_size) {
  return out.obs == nullptr ? nullptr : out.obs + b * obs_size;
}

// Writes the observation out.observation of one environment into obs (nothing when obs is null).
GW_FN void observe_into(const Batch& batch, const EnvView& e, const StepOutputs& out, uint8_t* obs, int view) {
  if (obs == nullptr) return;
  if (out.observation == Observation::kPartial) {
    if (view == 7) {
#if defined(__CUDA_ARCH__)
      observe_partial<7>(e, view, obs);
#elif defined(__CUDACC__)
      observe_partial7(e, obs);  // nvcc's host pass: the CPU loops are compiled by the host compiler
#else
      observe_partial7_host(e, obs);
#endif
    } else {
      observe_partial(e, view, obs);
    }
  }
  if (out.observation == Observation::kFull) observe_full(e, batch.width, obs);
  if (out.observation == Observation::kNavixSymbolic) observe_navix_symbolic(e, batch.width, obs);
  if (out.observation == Observation::kNavixFirstPerson) observe_navix_first_person(e, view, obs);
  if (out.observation == Observation::kNavixCategorical) observe_navix_categorical(e, batch.width, obs);
  if (out.observation == Observation::kNavixCategoricalFirstPerson) observe_navix_categorical_first_person(e, view, obs);
  if (out.observation == Observation::kRgbPartial) {
    if (view == 7) {
      observe_rgb_partial<7>(e, view, out.tile, obs);
    } else {
      observe_rgb_partial(e, view, out.tile, obs);
    }
  }
  if (out.observation == Observation::kRgbFull) {
    if (view == 7) {
      observe_rgb_full<7>(e, batch.width, view, out.tile, obs);
    } else {
      observe_rgb_full(e, batch.width, view, out.tile, obs);
    }
  }
}

GW_FN void observe_env(const Batch& batch, const EnvView& e, const StepOutputs& out, int64_t b, int view,
                       int64_t obs_size) {
  observe_into(batch, e, out, obs_of(out, b, obs_size), view);
}

// NAVIX's step_type: clip(truncated + 2 * terminated, 0, 2), so termination wins.
GW_FN void write_step_type(const StepOutputs& out, int64_t b) {
  if (out.step_type == nullptr) return;
  out.step_type[b] = out.terminated[b] != 0 ? 2 : (out.truncated[b] != 0 ? 1 : 0);
}

// reset_one / step_one write environment b's observation to obs, its slot of out.obs or a staging
// buffer of the caller's (the CUDA kernels gather a block's observations in shared memory first).
GW_FN void reset_one(const Batch& batch, const StepOutputs& out, int64_t b, int view, uint8_t* obs) {
  const EnvView e = env_view(batch, b);
  generate_env(e, batch.width);
  observe_into(batch, e, out, obs, view);
}

GW_FN void step_one(const Batch& batch, const int32_t* actions, Autoreset autoreset, const StepOutputs& out, int64_t b,
                    int view, int64_t obs_size, uint8_t* obs) {
  const EnvView e = env_view(batch, b);
  if (autoreset == Autoreset::kNextStep && e.info[kPendingReset] != 0) {
    // Gymnasium's next-step autoreset: this step only starts the next episode.
    generate_env(e, batch.width);
    out.reward[b] = 0.0f;
    out.terminated[b] = 0;
    out.truncated[b] = 0;
    write_step_type(out, b);
    observe_into(batch, e, out, obs, view);
    return;
  }
  const StepResult r = step_env(e, actions[b]);
  out.reward[b] = r.reward;
  out.terminated[b] = r.terminated ? 1 : 0;
  out.truncated[b] = r.truncated ? 1 : 0;
  write_step_type(out, b);
  const bool ended = r.terminated || r.truncated;
  if (ended && autoreset == Autoreset::kNextStep) e.info[kPendingReset] = 1;
  if (ended && autoreset == Autoreset::kSameStep) {
    if (out.final_obs != nullptr) {
      StepOutputs final_out = out;
      final_out.obs = out.final_obs;
      observe_env(batch, e, final_out, b, view, obs_size);
    }
    generate_env(e, batch.width);
  }
  observe_into(batch, e, out, obs, view);
}

}  // namespace tansaku::gridworld
