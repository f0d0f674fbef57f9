// The host-pointer CUDA entry points of es_gpu.h: copy in, run the kernel, copy out.
#include <cuda_runtime.h>

#include <algorithm>

#include "cuda_util.cuh"
#include "es_gpu.h"
#include "es_kernels.cuh"

namespace tansaku::es::gpu {

namespace {

using ::tansaku::gpu::detail::Carver;
using ::tansaku::gpu::detail::check;
using ::tansaku::gpu::detail::grid_for;
using ::tansaku::gpu::detail::Workspace;

int64_t sigma_length(Layout layout, Search search) { return search.sigma_per_dim ? layout.dim : 1; }

}  // namespace

void sample(NoiseKey key, Layout layout, Search search, float* population) {
  const size_t dim = layout.dim, count = layout.popsize * layout.dim, sigmas = sigma_length(layout, search);
  auto lease = Workspace::instance().acquire(Carver::bytes<float>(dim) + Carver::bytes<float>(sigmas) +
                                             Carver::bytes<float>(count));
  Carver carver(lease.data);
  float* mean = carver.take<float>(dim);
  float* sigma = carver.take<float>(sigmas);
  float* out = carver.take<float>(count);
  check(cudaMemcpyAsync(mean, search.mean, dim * 4, cudaMemcpyHostToDevice, lease.stream), "copy mean");
  check(cudaMemcpyAsync(sigma, search.sigma, sigmas * 4, cudaMemcpyHostToDevice, lease.stream), "copy sigma");
  const int64_t items = (layout.dim + 1) / 2 * layout.noise_rows();
  kernels::sample<<<grid_for(items, 256), 256, 0, lease.stream>>>(key, layout, mean, sigma, search.sigma_per_dim, out);
  check(cudaGetLastError(), "es sample kernel");
  check(cudaMemcpyAsync(population, out, count * 4, cudaMemcpyDeviceToHost, lease.stream), "copy population");
  check(cudaStreamSynchronize(lease.stream), "es sample");
}

void sample_evaluate(Problem problem, NoiseKey key, Layout layout, Search search, double* fitness) {
  const size_t dim = layout.dim, sigmas = sigma_length(layout, search);
  auto lease = Workspace::instance().acquire(Carver::bytes<float>(dim) + Carver::bytes<float>(sigmas) +
                                             Carver::bytes<double>(layout.popsize));
  Carver carver(lease.data);
  float* mean = carver.take<float>(dim);
  float* sigma = carver.take<float>(sigmas);
  double* out = carver.take<double>(layout.popsize);
  check(cudaMemcpyAsync(mean, search.mean, dim * 4, cudaMemcpyHostToDevice, lease.stream), "copy mean");
  check(cudaMemcpyAsync(sigma, search.sigma, sigmas * 4, cudaMemcpyHostToDevice, lease.stream), "copy sigma");
  check(cudaMemsetAsync(out, 0, layout.popsize * 8, lease.stream), "zero fitness");
  kernels::launch_sample_evaluate(problem, key, layout, mean, sigma, search.sigma_per_dim, out, lease.stream);
  check(cudaGetLastError(), "es sample_evaluate kernel");
  check(cudaMemcpyAsync(fitness, out, layout.popsize * 8, cudaMemcpyDeviceToHost, lease.stream), "copy fitness");
  check(cudaStreamSynchronize(lease.stream), "es sample_evaluate");
}

void sample_sphere(NoiseKey key, Layout layout, Search search, double* fitness) {
  ::tansaku::es::gpu::sample_evaluate(Problem::sphere, key, layout, search, fitness);
}

void noise_moments(NoiseKey key, int64_t rows, int64_t dim, const float* a, const float* b, float* first,
                   float* second) {
  const bool with_second = b != nullptr && second != nullptr;
  auto lease = Workspace::instance().acquire(2 * Carver::bytes<float>(rows) + 2 * Carver::bytes<float>(dim));
  Carver carver(lease.data);
  float* a_device = carver.take<float>(rows);
  float* b_device = carver.take<float>(rows);
  float* first_device = carver.take<float>(dim);
  float* second_device = carver.take<float>(dim);
  check(cudaMemcpyAsync(a_device, a, rows * 4, cudaMemcpyHostToDevice, lease.stream), "copy a");
  if (with_second) check(cudaMemcpyAsync(b_device, b, rows * 4, cudaMemcpyHostToDevice, lease.stream), "copy b");
  check(cudaMemsetAsync(first_device, 0, dim * 4, lease.stream), "zero first");
  check(cudaMemsetAsync(second_device, 0, dim * 4, lease.stream), "zero second");
  const int64_t slices = kernels::moment_slices(rows, dim);
  const int64_t per_slice = (rows + slices - 1) / slices;
  const unsigned blocks = static_cast<unsigned>(((dim + 1) / 2 + 255) / 256);
  kernels::noise_moments<<<dim3(blocks, static_cast<unsigned>(slices)), 256, 0, lease.stream>>>(
      key, rows, dim, per_slice, a_device, with_second ? b_device : nullptr, first_device,
      with_second ? second_device : nullptr);
  check(cudaGetLastError(), "es noise_moments kernel");
  check(cudaMemcpyAsync(first, first_device, dim * 4, cudaMemcpyDeviceToHost, lease.stream), "copy first");
  if (with_second) {
    check(cudaMemcpyAsync(second, second_device, dim * 4, cudaMemcpyDeviceToHost, lease.stream), "copy second");
  }
  check(cudaStreamSynchronize(lease.stream), "es noise_moments");
}

}  // namespace tansaku::es::gpu
