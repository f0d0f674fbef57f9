// CPU batch loops of the gridworld: each environment is independent, so the batch splits into
// contiguous chunks over the thread pool (or over `threads` of its workers).
#include "gridworld.h"

#include <algorithm>

#include "gridworld_batch.h"
#include "parallel.h"

namespace tansaku::gridworld {

namespace {

// Chunks no smaller than 64 environments (the pool's hand-off costs more than a few steps), and at
// most `threads` of them when a thread count is asked for.
int64_t chunk_for(int64_t count, int32_t threads) {
  int64_t chunk = 64;
  if (threads > 0) chunk = std::max<int64_t>(chunk, (count + threads - 1) / threads);
  return chunk;
}

}  // namespace

int64_t observation_size(const Batch& batch, Observation observation, int32_t view_size, int32_t tile) {
  if (observation == Observation::kPartial || observation == Observation::kNavixFirstPerson) {
    return int64_t(view_size) * view_size * 3;
  }
  if (observation == Observation::kFull || observation == Observation::kNavixSymbolic) {
    return int64_t(batch.width) * batch.height * 3;
  }
  if (observation == Observation::kNavixCategorical) return int64_t(batch.width) * batch.height * 4;
  if (observation == Observation::kNavixCategoricalFirstPerson) return int64_t(view_size) * view_size * 4;
  if (observation == Observation::kRgbPartial) return int64_t(view_size) * tile * view_size * tile * 3;
  if (observation == Observation::kRgbFull) return int64_t(batch.width) * tile * batch.height * tile * 3;
  return 0;
}

void reset(const Batch& batch, const StepOutputs& out, int32_t view_size, int32_t threads) {
  const int64_t obs_size = observation_size(batch, out.observation, view_size, out.tile);
  parallel_for(batch.count, chunk_for(batch.count, threads), [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) reset_one(batch, out, b, view_size, obs_of(out, b, obs_size));
  });
}

void step(const Batch& batch, const int32_t* actions, Autoreset autoreset, const StepOutputs& out, int32_t view_size,
          int32_t threads) {
  const int64_t obs_size = observation_size(batch, out.observation, view_size, out.tile);
  parallel_for(batch.count, chunk_for(batch.count, threads), [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      step_one(batch, actions, autoreset, out, b, view_size, obs_size, obs_of(out, b, obs_size));
    }
  });
}

void observe(const Batch& batch, const StepOutputs& out, int32_t view_size, int32_t threads) {
  const int64_t obs_size = observation_size(batch, out.observation, view_size, out.tile);
  parallel_for(batch.count, chunk_for(batch.count, threads), [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) observe_env(batch, env_view(batch, b), out, b, view_size, obs_size);
  });
}

}  // namespace tansaku::gridworld
