// The CUDA side of merging and MLP evaluation (cuda/merge.cu, cuda/mlp.cu), host pointers in and
// out: each call copies its inputs to device 0 and the results back. CPU-only builds get
// merge_cuda_fallback.cpp, which throws. The addon does not call these yet (CPU only there).
#pragma once
#include <cstdint>

#include "merge.h"
#include "mlp.h"

namespace tansaku::merge::gpu {

void merge_one(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp, Omega omega,
               float* child);

void mlp_evaluate(const float* params, int64_t models, mlp::Shape shape, const float* x, const int32_t* labels,
                  int64_t samples, uint8_t* correct);

// Device-resident timings of one merge of two dim-parameter vectors, against a device-to-device
// copy of one vector (8 bytes per parameter; a linear merge moves 12).
struct MergeTiming {
  double copy_ms = 0;
  double linear_ms = 0;
  double slerp_ms = 0;
};
MergeTiming benchmark_merge(int64_t dim, int32_t repetitions);

}  // namespace tansaku::merge::gpu
