// CUDA batched MLP evaluation (merge_gpu.h): one block per (model, tile of kTileSamples samples),
// one thread per hidden unit (hidden <= 1024). The tile's inputs and activations live in shared
// memory; W1 is read once per tile, coalesced across hidden units. A resident dataset (upload_dataset)
// keeps x and labels on the device between calls, for the one-child-per-step M2N2 loop.
#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

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

// The launch shared by the batched call and the resident one; checks the shape's limits.
void launch_mlp(const float* params, int64_t models, mlp::Shape shape, const float* x, const int32_t* labels,
                int64_t samples, uint8_t* correct) {
  if (shape.hidden > 1024) throw std::invalid_argument("CUDA MLP evaluation supports hidden <= 1024");
  const int64_t tiles = (samples + kTileSamples - 1) / kTileSamples;
  const size_t shared = sizeof(float) * kTileSamples * (shape.inputs + shape.hidden + shape.outputs);
  if (shared > 48 * 1024) throw std::invalid_argument("CUDA MLP evaluation: the layer sizes need too much shared memory");
  const int threads = std::max(32, std::min(1024, (shape.hidden + 31) / 32 * 32));
  mlp_kernel<<<static_cast<unsigned>(models * tiles), threads, shared>>>(params, shape, x, labels, samples, tiles, correct);
  check(cudaGetLastError(), "mlp_kernel");
}

class ResidentDataset : public DeviceDataset {
 public:
  ResidentDataset(const float* x, const int32_t* labels, int64_t samples, int32_t inputs)
      : samples_(samples),
        inputs_(inputs),
        x_(static_cast<size_t>(samples) * inputs * sizeof(float)),
        labels_(static_cast<size_t>(samples) * sizeof(int32_t)),
        correct_(static_cast<size_t>(samples)),
        host_correct_(samples) {
    check(cudaMemcpy(x_.as<float>(), x, static_cast<size_t>(samples) * inputs * sizeof(float), cudaMemcpyHostToDevice), "cudaMemcpy x");
    check(cudaMemcpy(labels_.as<int32_t>(), labels, static_cast<size_t>(samples) * sizeof(int32_t), cudaMemcpyHostToDevice), "cudaMemcpy labels");
  }

  void score(const float* params, mlp::Shape shape, float* scores) {
    if (shape.inputs != inputs_) throw std::invalid_argument("the model's inputs differ from the dataset's");
    const size_t bytes = static_cast<size_t>(shape.params()) * sizeof(float);
    if (!params_ || bytes > param_bytes_) {
      params_ = std::make_unique<DeviceBuffer>(bytes);
      param_bytes_ = bytes;
    }
    check(cudaMemcpy(params_->as<float>(), params, bytes, cudaMemcpyHostToDevice), "cudaMemcpy params");
    launch_mlp(params_->as<float>(), 1, shape, x_.as<float>(), labels_.as<int32_t>(), samples_, correct_.as<uint8_t>());
    check(cudaMemcpy(host_correct_.data(), correct_.as<uint8_t>(), static_cast<size_t>(samples_), cudaMemcpyDeviceToHost), "cudaMemcpy correct");
    for (int64_t j = 0; j < samples_; ++j) scores[j] = host_correct_[j];
  }

 private:
  int64_t samples_;
  int32_t inputs_;
  DeviceBuffer x_, labels_, correct_;
  std::unique_ptr<DeviceBuffer> params_;
  size_t param_bytes_ = 0;
  std::vector<uint8_t> host_correct_;
};

}  // namespace

std::unique_ptr<DeviceDataset> upload_dataset(const float* x, const int32_t* labels, int64_t samples, int32_t inputs) {
  return std::make_unique<ResidentDataset>(x, labels, samples, inputs);
}

void mlp_score(DeviceDataset& data, const float* params, mlp::Shape shape, float* scores) {
  static_cast<ResidentDataset&>(data).score(params, shape, scores);
}

void mlp_evaluate(const float* params, int64_t models, mlp::Shape shape, const float* x, const int32_t* labels,
                  int64_t samples, uint8_t* correct) {
  if (shape.hidden > 1024) throw std::invalid_argument("CUDA MLP evaluation supports hidden <= 1024");
  const size_t param_bytes = static_cast<size_t>(models * shape.params()) * sizeof(float);
  const size_t x_bytes = static_cast<size_t>(samples * shape.inputs) * sizeof(float);
  DeviceBuffer dp(param_bytes), dx(x_bytes), dl(samples * sizeof(int32_t)), dc(models * samples);
  check(cudaMemcpy(dp.as<float>(), params, param_bytes, cudaMemcpyHostToDevice), "cudaMemcpy params");
  check(cudaMemcpy(dx.as<float>(), x, x_bytes, cudaMemcpyHostToDevice), "cudaMemcpy x");
  check(cudaMemcpy(dl.as<int32_t>(), labels, samples * sizeof(int32_t), cudaMemcpyHostToDevice), "cudaMemcpy labels");
  launch_mlp(dp.as<float>(), models, shape, dx.as<float>(), dl.as<int32_t>(), samples, dc.as<uint8_t>());
  check(cudaMemcpy(correct, dc.as<uint8_t>(), models * samples, cudaMemcpyDeviceToHost), "cudaMemcpy correct");
}

}  // namespace tansaku::merge::gpu
