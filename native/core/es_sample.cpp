// Sampling: each (noise row, block of elements) is one task, so P=256 rows of 1e6 elements and
// P=1024 rows of 1e4 both spread over the thread pool; the noise block never leaves L1.
#include <algorithm>

#include "es.h"
#include "es_noise.h"
#include "parallel.h"

namespace tansaku::es {

namespace {

int64_t block_count(int64_t dim) { return (dim + kNoiseBlock - 1) / kNoiseBlock; }

// x = mean + sigma * z (and mean - sigma * z when Antithetic) over one block, sigma per element or
// shared. Always inlined, so it is compiled into each ISA clone of its caller rather than called as
// baseline code from the AVX2 one (which measured markedly slower).
template <bool PerDim, bool Antithetic>
inline __attribute__((always_inline)) void write_block(const float* __restrict mean, const float* __restrict sigma,
                                                       const float* __restrict z, int64_t count, float* __restrict plus,
                                                       float* __restrict minus) {
#pragma omp simd
  for (int64_t j = 0; j < count; ++j) {
    const float step = sigma[PerDim ? j : 0] * z[j];
    plus[j] = mean[j] + step;
    if constexpr (Antithetic) minus[j] = mean[j] - step;
  }
}

// One (noise row, block) task of `sample`: both antithetic candidates from one block of noise.
TANSAKU_ES_CLONES void sample_block(NoiseKey key, Layout layout, Search search, int64_t row, int64_t block,
                                    float* population) {
  float z[kNoiseBlock];
  const int64_t dim = layout.dim;
  const int64_t first = block * kNoiseBlock;
  const int64_t last = std::min(dim, first + kNoiseBlock);
  fill_normals(noise_row(key.seed, key.generation, static_cast<uint64_t>(row)), first, last, z);
  float* plus = population + row * dim + first;
  float* minus = layout.antithetic ? population + (row + layout.noise_rows()) * dim + first : nullptr;
  const float* mean = search.mean + first;
  const float* sigma = search.sigma_per_dim ? search.sigma + first : search.sigma;
  const int64_t count = last - first;
  if (search.sigma_per_dim) {
    if (minus) write_block<true, true>(mean, sigma, z, count, plus, minus);
    else write_block<true, false>(mean, sigma, z, count, plus, nullptr);
  } else {
    if (minus) write_block<false, true>(mean, sigma, z, count, plus, minus);
    else write_block<false, false>(mean, sigma, z, count, plus, nullptr);
  }
}

struct SphereSums {
  double plus = 0.0;
  double minus = 0.0;
};

// The sphere fitness of one noise row's candidate(s), block by block, never storing them.
TANSAKU_ES_CLONES SphereSums sphere_row(NoiseKey key, Layout layout, Search search, int64_t row) {
  float z[kNoiseBlock];
  const NoiseRow noise = noise_row(key.seed, key.generation, static_cast<uint64_t>(row));
  SphereSums sums;
  for (int64_t first = 0; first < layout.dim; first += kNoiseBlock) {
    const int64_t count = std::min(layout.dim - first, kNoiseBlock);
    fill_normals(noise, first, first + count, z);
    const float* mean = search.mean + first;
    const float* sigma = search.sigma_per_dim ? search.sigma + first : search.sigma;
    const int64_t sigma_stride = search.sigma_per_dim ? 1 : 0;
    float plus_sum = 0.0f;
    float minus_sum = 0.0f;
#pragma omp simd reduction(+ : plus_sum, minus_sum)
    for (int64_t j = 0; j < count; ++j) {
      const float step = sigma[j * sigma_stride] * z[j];
      const float plus = mean[j] + step;
      const float minus = mean[j] - step;
      plus_sum += plus * plus;
      minus_sum += minus * minus;
    }
    sums.plus += plus_sum;
    sums.minus += minus_sum;
  }
  return sums;
}

// One (row, block) task of `noise`.
TANSAKU_ES_CLONES void noise_block(NoiseKey key, int64_t dim, int64_t row, int64_t block, float* out) {
  const int64_t first = block * kNoiseBlock;
  const int64_t last = std::min(dim, first + kNoiseBlock);
  fill_normals(noise_row(key.seed, key.generation, static_cast<uint64_t>(row)), first, last, out + row * dim + first);
}

}  // namespace

void sample(NoiseKey key, Layout layout, Search search, float* population) {
  const int64_t blocks = block_count(layout.dim);
  parallel_for(layout.noise_rows() * blocks, 4, [&](int64_t begin, int64_t end) {
    for (int64_t task = begin; task < end; ++task) sample_block(key, layout, search, task / blocks, task % blocks, population);
  });
}

void sample_sphere(NoiseKey key, Layout layout, Search search, double* fitness) {
  const int64_t rows = layout.noise_rows();
  parallel_for(rows, 1, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const SphereSums sums = sphere_row(key, layout, search, row);
      fitness[row] = sums.plus;
      if (layout.antithetic) fitness[row + rows] = sums.minus;
    }
  });
}

void noise(NoiseKey key, int64_t rows, int64_t dim, float* out) {
  const int64_t blocks = block_count(dim);
  parallel_for(rows * blocks, 4, [&](int64_t begin, int64_t end) {
    for (int64_t task = begin; task < end; ++task) noise_block(key, dim, task / blocks, task % blocks, out);
  });
}

}  // namespace tansaku::es
