// The CUDA side of the gridworld (cuda/gridworld.cu), running the same per-environment code as the
// CPU (gridworld_batch.h) one thread per environment. Host pointers in and out: each call copies
// the state to device 0, runs, and copies the state and outputs back, so a batch moves between
// devices freely. CPU-only builds get gridworld_cuda_fallback.cpp, which throws.
#pragma once
#include <cstdint>

#include "gridworld.h"
#include "gridworld_bench.h"

namespace tansaku::gridworld::gpu {

void reset(const Batch& batch, const StepOutputs& out, int32_t view_size);
void step(const Batch& batch, const int32_t* actions, Autoreset autoreset, const StepOutputs& out, int32_t view_size);

// Device-resident throughput: the state stays on the device for all steps, the observation of every
// environment and step is written to device memory, timed with CUDA events (kernel time only).
BenchTiming benchmark(const Batch& batch, Observation observation, int32_t view_size, int32_t steps,
                      uint64_t action_seed);

}  // namespace tansaku::gridworld::gpu
