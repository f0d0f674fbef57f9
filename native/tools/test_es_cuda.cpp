// CUDA parity of the ES core: the device draws the same counter-based normals as the CPU, so
// sampling, the fused sphere and the noise moments agree to float rounding. Then times one
// device-resident OpenAI-ES generation at the benchmark's sizes. Exit 77 (skipped) without a device.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "es.h"
#include "es_gpu.h"
#include "gpu.h"
#include "self_check.h"

namespace {

using tansaku::self_check::expect;

}  // namespace

int main() {
  if (tansaku::self_check::no_cuda_device()) return tansaku::self_check::kSkipped;
  using namespace tansaku::es;
  const NoiseKey key{2024, 3};
  const int64_t popsize = 64, dim = 10007;
  std::vector<float> mean(dim), sigma(dim);
  for (int64_t j = 0; j < dim; ++j) {
    mean[j] = std::sin(0.1f * float(j));
    sigma[j] = 0.05f + 0.01f * float(j % 17);
  }
  for (const bool per_dim : {true, false}) {
    for (const bool antithetic : {true, false}) {
      const Layout layout{popsize, dim, antithetic};
      const Search search{mean.data(), sigma.data(), per_dim};
      std::vector<float> cpu(popsize * dim), gpu(popsize * dim);
      sample(key, layout, search, cpu.data());
      gpu::sample(key, layout, search, gpu.data());
      double error = 0;
      for (size_t k = 0; k < cpu.size(); ++k) error = std::max(error, double(std::fabs(cpu[k] - gpu[k])));
      expect(error < 1e-4, "sample: device equals host", error);

      std::vector<double> cpu_fitness(popsize), gpu_fitness(popsize);
      sample_sphere(key, layout, search, cpu_fitness.data());
      gpu::sample_sphere(key, layout, search, gpu_fitness.data());
      double relative = 0;
      for (int64_t i = 0; i < popsize; ++i) relative = std::max(relative, std::fabs(gpu_fitness[i] / cpu_fitness[i] - 1));
      expect(relative < 1e-4, "sample_sphere: device equals host", relative);
    }
  }
  const int64_t rows = 40;
  std::vector<float> a(rows), b(rows);
  for (int64_t r = 0; r < rows; ++r) {
    a[r] = r % 5 == 0 ? 0.0f : std::cos(float(r));
    b[r] = r % 5 == 0 ? 0.0f : 0.5f + 0.01f * float(r);
  }
  std::vector<float> cpu1(dim), cpu2(dim), gpu1(dim), gpu2(dim);
  noise_moments(key, rows, dim, a.data(), b.data(), cpu1.data(), cpu2.data());
  gpu::noise_moments(key, rows, dim, a.data(), b.data(), gpu1.data(), gpu2.data());
  double error = 0;
  for (int64_t j = 0; j < dim; ++j) error = std::max(error, double(std::fabs(cpu1[j] - gpu1[j]) + std::fabs(cpu2[j] - gpu2[j])));
  expect(error < 1e-3, "noise_moments: device equals host", error);

  // Timings (not checks): one generation, everything on the device.
  const int64_t sizes[][2] = {{1024, 10000}, {1024, 100000}, {4096, 100000}, {256, 1000000}};
  for (const auto& size : sizes) {
    const gpu::GenerationTiming timing = gpu::benchmark_open_es(size[0], size[1], 50);
    std::printf("timing P=%lld D=%lld: stored %.3f ms, fused %.3f ms per generation\n", static_cast<long long>(size[0]),
                static_cast<long long>(size[1]), timing.stored_ms, timing.fused_ms);
  }
  return tansaku::self_check::exit_code();
}
