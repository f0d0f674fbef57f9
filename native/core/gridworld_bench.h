// Throughput measurement of the gridworld step: every environment takes `steps` random actions
// (drawn per environment from its own stream), with next-step autoreset, writing the observation
// of every environment and step to `obs` (overwritten each step) unless the kind is kNone.
#pragma once
#include <cstdint>

#include "gridworld.h"

namespace tansaku::gridworld {

struct BenchTiming {
  double seconds = 0.0;
  uint64_t checksum = 0;  // of rewards and the last observations, so no work can be skipped
};

// The batch must have been reset. On the CPU each thread runs its own block of environments for
// all steps (environments are independent), so there is one hand-off per call, not per step.
BenchTiming benchmark_cpu(const Batch& batch, Observation observation, int32_t view_size, int32_t steps,
                          int32_t threads, uint8_t* obs, uint64_t action_seed);

}  // namespace tansaku::gridworld
