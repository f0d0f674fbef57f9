// CPU-only builds: the CUDA merge entry points exist but refuse to run. Compiled to nothing when the
// CUDA sources are built (CMake defines TANSAKU_WITH_CUDA for the core then).
#ifndef TANSAKU_WITH_CUDA
#include <stdexcept>

#include "merge_gpu.h"

namespace tansaku::merge::gpu {

namespace {
[[noreturn]] void not_compiled() {
  throw std::runtime_error("this build of tansaku has no CUDA support (rebuild with nvcc on PATH)");
}
}  // namespace

void merge_one(const float*, const float*, int64_t, int64_t, float, Interp, Omega, float*) { not_compiled(); }
void mlp_evaluate(const float*, int64_t, mlp::Shape, const float*, const int32_t*, int64_t, uint8_t*) { not_compiled(); }
MergeTiming benchmark_merge(int64_t, int32_t) { not_compiled(); }
std::unique_ptr<DeviceDataset> upload_dataset(const float*, const int32_t*, int64_t, int32_t) { not_compiled(); }
void mlp_score(DeviceDataset&, const float*, mlp::Shape, float*) { not_compiled(); }

}  // namespace tansaku::merge::gpu
#endif
