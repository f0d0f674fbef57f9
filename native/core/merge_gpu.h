// The CUDA side of merging and MLP evaluation (cuda/merge.cu, cuda/mlp.cu), host pointers in and
// out: each call copies its inputs to device 0 and the results back, except that a DeviceDataset
// keeps a training set resident so a steady-state loop uploads only each child. CPU-only builds get
// merge_cuda_fallback.cpp, which throws. The addon reaches these through device: "cuda".
#pragma once
#include <cstdint>
#include <memory>

#include "merge.h"
#include "mlp.h"

namespace tansaku::merge::gpu {

void merge_one(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp, Omega omega,
               float* child);

void mlp_evaluate(const float* params, int64_t models, mlp::Shape shape, const float* x, const int32_t* labels,
                  int64_t samples, uint8_t* correct);

// A labelled set resident on device 0 (x dense, samples x inputs), with reusable buffers for one
// model's parameters and its per-sample verdicts.
class DeviceDataset {
 public:
  virtual ~DeviceDataset() = default;
};
std::unique_ptr<DeviceDataset> upload_dataset(const float* x, const int32_t* labels, int64_t samples, int32_t inputs);

// scores[j] (host) = 1 when one model (host params, uploaded) classifies sample j right, else 0.
void mlp_score(DeviceDataset& data, const float* params, mlp::Shape shape, float* scores);

// Device-resident timings of one merge of two dim-parameter vectors, against a device-to-device
// copy of one vector (8 bytes per parameter; a linear merge moves 12).
struct MergeTiming {
  double copy_ms = 0;         // cudaMemcpy device to device
  double copy_kernel_ms = 0;  // the merge kernel's own loop shape reading one vector and writing one
  double linear_ms = 0;
  double slerp_ms = 0;
};
MergeTiming benchmark_merge(int64_t dim, int32_t repetitions);

}  // namespace tansaku::merge::gpu
