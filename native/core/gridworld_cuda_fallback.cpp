// CPU-only builds: the CUDA gridworld entry points exist but refuse to run. Compiled to nothing when
// the CUDA sources are built (CMake defines TANSAKU_WITH_CUDA for the core then).
#ifndef TANSAKU_WITH_CUDA
#include <stdexcept>

#include "gridworld_gpu.h"

namespace tansaku::gridworld::gpu {

namespace {
[[noreturn]] void not_compiled() {
  throw std::runtime_error("this build of tansaku has no CUDA support (rebuild with nvcc on PATH)");
}
}  // namespace

void reset(const Batch&, const StepOutputs&, int32_t) { not_compiled(); }
void step(const Batch&, const int32_t*, Autoreset, const StepOutputs&, int32_t) { not_compiled(); }
BenchTiming benchmark(const Batch&, Observation, int32_t, int32_t, uint64_t) { not_compiled(); }

}  // namespace tansaku::gridworld::gpu
#endif
