// CUDA batched MLP evaluation (merge_gpu.h): one block per (model, tile of kTileSamples samples),
// one thread per hidden unit (hidden <= 1024). The tile's inputs and activations live in shared
// memory; W1 is read once per tile, coalesced across hidden units.
#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>

#include "cuda_util.cuh"
#include "merge_gpu.h"

namespace tansaku::merge::gpu {

namespace {

using ::tansaku::gpu::detail::check;
using ::tansaku::gpu::detail::DeviceBuffer;

constexpr int kTileSamples = 8;

// Shared memory: x tile (kTileSamples x inputs), h tile (kTileSamples x hidden), logits (kTileSamples x outputs).
__global__ void mlp_kernel(const float* params, mlp::Shape shape, const float* x, const int32_t* labels, int64_t samples,
                           int64_t tiles, uint8_t* correct) {
  extern __shared__ float shared[];
  const int inputs = shape.inputs, hidden = shape.hidden, outputs = shape.outputs;
  float* xs = shared;
  float* hs = xs + kTileSamples * inputs;
  float* logits = hs + kTileSamples * hidden;
  const int64_t model = blockIdx.x / tiles;
  const int64_t first = (blockIdx.x % tiles) * kTileSamples;
  const int count = static_cast<int>(samples - first < kTileSamples ? samples - first : kTileSamples);
  const int64_t per_model = int64_t{inputs + 1} * hidden + int64_t{hidden + 1} * outputs;  // Shape::params(), host-only
  const float* w1 = params + model * per_model;
  const float* b1 = w1 + int64_t{inputs} * hidden;
  const float* w2 = b1 + hidden;
  const float* b2 = w2 + int64_t{hidden} * outputs;
  for (int e = threadIdx.x; e < kTileSamples * inputs; e += blockDim.x) {
    const int s = e / inputs;
    xs[e] = s < count ? x[(first + s) * inputs + e % inputs] : 0.0f;
  }
  __syncthreads();
  for (int k = threadIdx.x; k < hidden; k += blockDim.x) {
    float acc[kTileSamples];
    for (int s = 0; s < kTileSamples; ++s) acc[s] = b1[k];
    for (int i = 0; i < inputs; ++i) {
      const float w = w1[int64_t{i} * hidden + k];
      for (int s = 0; s < kTileSamples; ++s) acc[s] += xs[s * inputs + i] * w;
    }
    for (int s = 0; s < kTileSamples; ++s) hs[s * hidden + k] = fmaxf(acc[s], 0.0f);
  }
  __syncthreads();
  for (int e = threadIdx.x; e < kTileSamples * outputs; e += blockDim.x) {
    const int s = e / outputs, o = e % outputs;
    float acc = b2[o];
    for (int k = 0; k < hidden; ++k) acc += hs[s * hidden + k] * w2[int64_t{k} * outputs + o];
    logits[e] = acc;
  }
  __syncthreads();
  if (threadIdx.x < count) {
    const int s = threadIdx.x;
    int best = 0;
    for (int o = 1; o < outputs; ++o) {
      if (logits[s * outputs + o] > logits[s * outputs + best]) best = o;
    }
    correct[model * samples + first + s] = best == labels[first + s] ? 1 : 0;
  }
}

}  // namespace

void mlp_evaluate(const float* params, int64_t models, mlp::Shape shape, const float* x, const int32_t* labels,
                  int64_t samples, uint8_t* correct) {
  if (shape.hidden > 1024) throw std::invalid_argument("CUDA MLP evaluation supports hidden <= 1024");
  const size_t param_bytes = static_cast<size_t>(models * shape.params()) * sizeof(float);
  const size_t x_bytes = static_cast<size_t>(samples * shape.inputs) * sizeof(float);
  DeviceBuffer dp(param_bytes), dx(x_bytes), dl(samples * sizeof(int32_t)), dc(models * samples);
  check(cudaMemcpy(dp.as<float>(), params, param_bytes, cudaMemcpyHostToDevice), "cudaMemcpy params");
  check(cudaMemcpy(dx.as<float>(), x, x_bytes, cudaMemcpyHostToDevice), "cudaMemcpy x");
  check(cudaMemcpy(dl.as<int32_t>(), labels, samples * sizeof(int32_t), cudaMemcpyHostToDevice), "cudaMemcpy labels");
  const int64_t tiles = (samples + kTileSamples - 1) / kTileSamples;
  const size_t shared = sizeof(float) * kTileSamples * (shape.inputs + shape.hidden + shape.outputs);
  if (shared > 48 * 1024) throw std::invalid_argument("CUDA MLP evaluation: the layer sizes need too much shared memory");
  const int threads = std::max(32, std::min(1024, (shape.hidden + 31) / 32 * 32));
  mlp_kernel<<<static_cast<unsigned>(models * tiles), threads, shared>>>(dp.as<float>(), shape, dx.as<float>(), dl.as<int32_t>(),
                                                                         samples, tiles, dc.as<uint8_t>());
  check(cudaGetLastError(), "mlp_kernel");
  check(cudaMemcpy(correct, dc.as<uint8_t>(), models * samples, cudaMemcpyDeviceToHost), "cudaMemcpy correct");
}

}  // namespace tansaku::merge::gpu
