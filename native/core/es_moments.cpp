// The noise-weighted sums of `tell`. Each task owns one block of elements and walks every noise row,
// regenerating that row's block of z, so the accumulators stay in L1 and no two threads write the
// same output: the result does not depend on the thread count.
#include <algorithm>

#include "es.h"
#include "es_noise.h"
#include "parallel.h"

namespace tansaku::es {

namespace {

// One block of elements over every noise row; cloned for AVX2 where the toolchain allows, since
// regenerating the noise dominates `tell` and doubles in speed with 8-wide vectors.
TANSAKU_ES_CLONES void moments_block(NoiseKey key, int64_t rows, int64_t start, int64_t count, const float* a,
                                     const float* b, float* __restrict sum1, float* __restrict sum2) {
  float z[kNoiseBlock];
  std::fill(sum1, sum1 + count, 0.0f);
  if (sum2) std::fill(sum2, sum2 + count, 0.0f);
  for (int64_t row = 0; row < rows; ++row) {
    const float wa = a[row];
    const float wb = sum2 ? b[row] : 0.0f;
    if (wa == 0.0f && wb == 0.0f) continue;
    fill_normals(noise_row(key.seed, key.generation, static_cast<uint64_t>(row)), start, start + count, z);
    if (sum2) {
#pragma omp simd
      for (int64_t j = 0; j < count; ++j) {
        sum1[j] += wa * z[j];
        sum2[j] += wb * z[j] * z[j];
      }
    } else {
#pragma omp simd
      for (int64_t j = 0; j < count; ++j) sum1[j] += wa * z[j];
    }
  }
}

}  // namespace

void noise_moments(NoiseKey key, int64_t rows, int64_t dim, const float* a, const float* b, float* first,
                   float* second) {
  const bool with_second = b != nullptr && second != nullptr;
  const int64_t blocks = (dim + kNoiseBlock - 1) / kNoiseBlock;
  parallel_for(blocks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t block = begin; block < end; ++block) {
      const int64_t start = block * kNoiseBlock;
      const int64_t count = std::min(dim - start, kNoiseBlock);
      moments_block(key, rows, start, count, a, b, first + start, with_second ? second + start : nullptr);
    }
  });
}

}  // namespace tansaku::es
