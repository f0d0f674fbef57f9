#include "gridworld_bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>

#include "gridworld_batch.h"
#include "parallel.h"

namespace tansaku::gridworld {

BenchTiming benchmark_cpu(const Batch& batch, Observation observation, int32_t view_size, int32_t steps,
                          int32_t threads, uint8_t* obs, uint64_t action_seed) {
  const int64_t obs_size = observation_size(batch, observation, view_size);
  std::atomic<uint64_t> checksum{0};
  const int64_t chunk = threads > 0 ? std::max<int64_t>(1, (batch.count + threads - 1) / threads) : 1;
  const auto start = std::chrono::steady_clock::now();
  parallel_for(batch.count, chunk, [&](int64_t begin, int64_t end) {
    constexpr int64_t kBlock = 64;  // environments stepped together, small enough to stay in cache
    float reward[kBlock];
    uint8_t terminated[kBlock], truncated[kBlock];
    int32_t actions[kBlock];
    uint64_t local = 0;
    for (int64_t block = begin; block < end; block += kBlock) {
      const int64_t n = std::min(kBlock, end - block);
      Batch sub = batch;
      sub.count = n;
      const int64_t cells = int64_t(batch.width) * batch.height;
      sub.grid += block * cells * 3;
      sub.contents += block * cells * 2;
      sub.info += block * kInfoFields;
      StepOutputs out{observation, obs == nullptr ? nullptr : obs + block * obs_size, reward, terminated, truncated};
      Rng rng{mix64(action_seed ^ uint64_t(block) * 0x9e3779b97f4a7c15ULL)};
      for (int32_t t = 0; t < steps; ++t) {
        for (int64_t b = 0; b < n; ++b) actions[b] = rng.below(env_action_count(sub.info + b * kInfoFields));
        for (int64_t b = 0; b < n; ++b) {
          step_one(sub, actions, Autoreset::kNextStep, out, b, view_size, obs_size, obs_of(out, b, obs_size));
        }
        for (int64_t b = 0; b < n; ++b) local += uint64_t(reward[b] * 1024.0f) + terminated[b];
      }
      if (out.obs != nullptr) {
        for (int64_t i = 0; i < n * obs_size; ++i) local = local * 31 + out.obs[i];
      }
    }
    checksum += local;
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return BenchTiming{seconds, checksum.load()};
}

}  // namespace tansaku::gridworld
