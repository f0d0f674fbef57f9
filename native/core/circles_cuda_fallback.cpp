// CPU-only builds: report that CUDA is not compiled in, and refuse kernel calls clearly. Compiled to
// nothing when the CUDA sources are built (CMake defines TANSAKU_WITH_CUDA for the core then).
#ifndef TANSAKU_WITH_CUDA
#include <stdexcept>

#include "gpu.h"

namespace tansaku::gpu {

namespace {
[[noreturn]] void not_compiled() {
  throw std::runtime_error("this build of tansaku has no CUDA support (rebuild with nvcc on PATH)");
}
}  // namespace

Info info() {
  Info result;
  result.error = "CUDA support was not compiled into this build";
  return result;
}

bool available() { return false; }

void circles_energy_f32(const float*, const float*, int64_t, int32_t, float, float, float, float*, float*,
                        float*) {
  not_compiled();
}
void circles_energy_f64(const double*, const double*, int64_t, int32_t, double, double, double, double*,
                        double*, double*) {
  not_compiled();
}
void circles_validate(const double*, const double*, int64_t, int32_t, double, double, double, double*, double*,
                      uint8_t*) {
  not_compiled();
}
KernelTiming circles_energy_benchmark(int32_t, int64_t, int32_t) { not_compiled(); }

}  // namespace tansaku::gpu
#endif  // TANSAKU_WITH_CUDA
