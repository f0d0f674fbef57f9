// Sampling: each (noise row, block of elements) is one task, so P=256 rows of 1e6 elements and
// P=1024 rows of 1e4 both spread over the thread pool; the noise block never leaves L1.
#include <algorithm>

#include "es.h"
#include "es_noise.h"
#include "parallel.h"

namespace tansaku::es {

namespace {

int64_t block_count(int64_t dim) { return (dim + kNoiseBlock - 1) / kNoiseBlock; }

// x = mean + sign * sigma * z over one block, sigma per element or shared.
template <bool PerDim>
void write_block(const float* __restrict mean, const float* __restrict sigma, const float* __restrict z,
                 int64_t count, float* __restrict plus, float* __restrict minus) {
  const float shared = sigma[0];
#pragma omp simd
  for (int64_t j = 0; j < count; ++j) {
    const float step = (PerDim ? sigma[j] : shared) * z[j];
    plus[j] = mean[j] + step;
    if (minus) minus[j] = mean[j] - step;
  }
}

}  // namespace

void sample(NoiseKey key, Layout layout, Search search, float* population) {
  const int64_t rows = layout.noise_rows();
  const int64_t blocks = block_count(layout.dim);
  const int64_t dim = layout.dim;
  parallel_for(rows * blocks, 4, [&](int64_t begin, int64_t end) {
    float z[kNoiseBlock];
    for (int64_t task = begin; task < end; ++task) {
      const int64_t row = task / blocks;
      const int64_t first = (task % blocks) * kNoiseBlock;
      const int64_t last = std::min(dim, first + kNoiseBlock);
      fill_normals(noise_row(key.seed, key.generation, static_cast<uint64_t>(row)), first, last, z);
      const float* sigma = search.sigma_per_dim ? search.sigma + first : search.sigma;
      float* plus = population + row * dim + first;
      float* minus = layout.antithetic ? population + (row + rows) * dim + first : nullptr;
      if (search.sigma_per_dim) {
        write_block<true>(search.mean + first, sigma, z, last - first, plus, minus);
      } else {
        write_block<false>(search.mean + first, sigma, z, last - first, plus, minus);
      }
    }
  });
}

void sample_sphere(NoiseKey key, Layout layout, Search search, double* fitness) {
  const int64_t rows = layout.noise_rows();
  const int64_t dim = layout.dim;
  parallel_for(rows, 1, [&](int64_t begin, int64_t end) {
    float z[kNoiseBlock];
    for (int64_t row = begin; row < end; ++row) {
      const NoiseRow noise = noise_row(key.seed, key.generation, static_cast<uint64_t>(row));
      double plus_total = 0.0;
      double minus_total = 0.0;
      for (int64_t first = 0; first < dim; first += kNoiseBlock) {
        const int64_t count = std::min(dim - first, kNoiseBlock);
        fill_normals(noise, first, first + count, z);
        const float* mean = search.mean + first;
        float plus_sum = 0.0f;
        float minus_sum = 0.0f;
#pragma omp simd reduction(+ : plus_sum, minus_sum)
        for (int64_t j = 0; j < count; ++j) {
          const float step = (search.sigma_per_dim ? search.sigma[first + j] : search.sigma[0]) * z[j];
          const float plus = mean[j] + step;
          const float minus = mean[j] - step;
          plus_sum += plus * plus;
          minus_sum += minus * minus;
        }
        plus_total += plus_sum;
        minus_total += minus_sum;
      }
      fitness[row] = plus_total;
      if (layout.antithetic) fitness[row + rows] = minus_total;
    }
  });
}

void noise(NoiseKey key, int64_t rows, int64_t dim, float* out) {
  const int64_t blocks = block_count(dim);
  parallel_for(rows * blocks, 4, [&](int64_t begin, int64_t end) {
    for (int64_t task = begin; task < end; ++task) {
      const int64_t row = task / blocks;
      const int64_t first = (task % blocks) * kNoiseBlock;
      const int64_t last = std::min(dim, first + kNoiseBlock);
      fill_normals(noise_row(key.seed, key.generation, static_cast<uint64_t>(row)), first, last,
                   out + row * dim + first);
    }
  });
}

}  // namespace tansaku::es
