// One OpenAI-ES generation with all data on device 0, as the issue's benchmark defines it: sample
// the antithetic population, sphere fitness, centred ranks, gradient from regenerated noise, SGD on
// the mean. "stored" writes the population once and reads it back for the fitness; "fused" computes
// the fitness while sampling and never stores the population. Timed with CUDA events, with the
// memory floor (a device-to-device copy of the same P x D floats) measured in the same run.
#include <cuda_runtime.h>

#include <algorithm>

#include "cuda_util.cuh"
#include "es_gpu.h"
#include "es_kernels.cuh"

namespace tansaku::es::gpu {

namespace {

using ::tansaku::gpu::detail::check;
using ::tansaku::gpu::detail::DeviceBuffer;
using ::tansaku::gpu::detail::grid_for;

// Antithetic pair weights of centred ranks (average ties): w_r = shaped(r) - shaped(r + rows).
__global__ void centred_rank_pairs(const double* __restrict__ fitness, int64_t popsize, float* __restrict__ weights) {
  const int64_t rows = popsize / 2;
  for (int64_t r = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; r < rows; r += int64_t{gridDim.x} * blockDim.x) {
    double shaped[2];
    for (int k = 0; k < 2; ++k) {
      const double f = fitness[r + k * rows];
      int64_t below = 0, equal = 0;
      for (int64_t j = 0; j < popsize; ++j) {
        below += fitness[j] < f;
        equal += fitness[j] == f;
      }
      shaped[k] = (below + 0.5 * (equal - 1)) / (popsize - 1) - 0.5;
    }
    weights[r] = static_cast<float>(shaped[0] - shaped[1]);
  }
}

// SGD on the mean: m -= lr * sum_r w_r z_r / (N sigma).
__global__ void sgd(float* __restrict__ mean, const float* __restrict__ gradient, int64_t dim, float scale) {
  for (int64_t j = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; j < dim; j += int64_t{gridDim.x} * blockDim.x) {
    mean[j] -= scale * gradient[j];
  }
}

}  // namespace

GenerationTiming benchmark_open_es(int64_t popsize, int64_t dim, int32_t repetitions) {
  check(cudaSetDevice(0), "cudaSetDevice(0)");
  const Layout layout{popsize, dim, true};
  const int64_t rows = layout.noise_rows();
  DeviceBuffer mean_buffer(dim * 4), sigma_buffer(4), population_buffer(popsize * dim * 4), fitness_buffer(popsize * 8),
      weight_buffer(rows * 4), gradient_buffer(dim * 4);
  float* mean = mean_buffer.as<float>();
  float* sigma = sigma_buffer.as<float>();
  float* population = population_buffer.as<float>();
  double* fitness = fitness_buffer.as<double>();
  float* weights = weight_buffer.as<float>();
  float* gradient = gradient_buffer.as<float>();
  check(cudaMemset(mean, 0, dim * 4), "zero mean");
  const float sigma_value = 0.1f;
  check(cudaMemcpy(sigma, &sigma_value, 4, cudaMemcpyHostToDevice), "copy sigma");
  const float learning_rate = 1e-3f;
  const float scale = learning_rate / (static_cast<float>(popsize) * sigma_value);
  const int64_t pairs = (dim + 1) / 2;
  const int64_t slices = kernels::moment_slices(rows, dim);
  const int64_t per_slice = (rows + slices - 1) / slices;

  auto tell = [&](uint64_t generation) {
    centred_rank_pairs<<<grid_for(rows, 128), 128>>>(fitness, popsize, weights);
    cudaMemsetAsync(gradient, 0, dim * 4);
    kernels::noise_moments<<<dim3(static_cast<unsigned>((pairs + 255) / 256), static_cast<unsigned>(slices)), 256>>>(
        NoiseKey{1, generation}, rows, dim, per_slice, weights, nullptr, gradient, nullptr);
    sgd<<<grid_for(dim, 256), 256>>>(mean, gradient, dim, scale);
  };
  auto stored = [&](uint64_t generation) {
    kernels::sample<<<grid_for(pairs * rows, 256), 256>>>(NoiseKey{1, generation}, layout, mean, sigma, false, population);
    cudaMemsetAsync(fitness, 0, popsize * 8);
    kernels::launch_evaluate(Problem::sphere, population, popsize, dim, fitness, nullptr);
    tell(generation);
  };
  auto fused = [&](uint64_t generation) {
    cudaMemsetAsync(fitness, 0, popsize * 8);
    kernels::launch_sample_sphere(NoiseKey{1, generation}, layout, mean, sigma, false, fitness, nullptr);
    tell(generation);
  };

  cudaEvent_t start, stop;
  check(cudaEventCreate(&start), "cudaEventCreate");
  check(cudaEventCreate(&stop), "cudaEventCreate");
  auto time = [&](auto&& generation_fn) {
    for (uint64_t g = 0; g < 3; ++g) generation_fn(g);  // warm-up
    check(cudaEventRecord(start), "cudaEventRecord");
    for (int32_t r = 0; r < repetitions; ++r) generation_fn(static_cast<uint64_t>(r + 3));
    check(cudaEventRecord(stop), "cudaEventRecord");
    check(cudaEventSynchronize(stop), "cudaEventSynchronize");
    check(cudaGetLastError(), "es benchmark kernels");
    float ms = 0.0f;
    check(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
    return static_cast<double>(ms) / repetitions;
  };
  GenerationTiming timing;
  timing.stored_ms = time(stored);
  timing.fused_ms = time(fused);
  // The memory floor, measured in this run: one copy of the P x D floats reads and writes each once,
  // which is the least traffic of a generation that stores the population and reads it back.
  {
    const size_t bytes = static_cast<size_t>(popsize) * dim * 4;
    DeviceBuffer copy_target(bytes);
    const float copy_ms =
        static_cast<float>(time([&](uint64_t) { cudaMemcpyAsync(copy_target.as<float>(), population, bytes, cudaMemcpyDeviceToDevice); }));
    timing.floor_ms = copy_ms;
    timing.copy_bytes_per_s = 2.0 * static_cast<double>(bytes) / (copy_ms * 1e-3);
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  return timing;
}

}  // namespace tansaku::es::gpu
