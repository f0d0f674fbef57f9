// CPU-only builds: the CUDA ES entry points exist but refuse to run. Compiled to nothing when the
// CUDA sources are built (CMake defines TANSAKU_WITH_CUDA for the core then).
#ifndef TANSAKU_WITH_CUDA
#include <stdexcept>

#include "es_gpu.h"

namespace tansaku::es::gpu {

namespace {
[[noreturn]] void not_compiled() {
  throw std::runtime_error("this build of tansaku has no CUDA support (rebuild with nvcc on PATH)");
}
}  // namespace

void sample(NoiseKey, Layout, Search, float*) { not_compiled(); }
void sample_sphere(NoiseKey, Layout, Search, double*) { not_compiled(); }
void sample_evaluate(Problem, NoiseKey, Layout, Search, double*) { not_compiled(); }
void noise_moments(NoiseKey, int64_t, int64_t, const float*, const float*, float*, float*) { not_compiled(); }
std::shared_ptr<DeviceSession> DeviceSession::create(Layout, int64_t) { not_compiled(); }
GenerationTiming benchmark_open_es(int64_t, int64_t, int32_t) { not_compiled(); }

}  // namespace tansaku::es::gpu
#endif
