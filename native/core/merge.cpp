// CPU merging kernels; see merge.h.
#include "merge.h"
#include "merge_coefficients.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "parallel.h"
#include "rng.h"

namespace tansaku::merge {

namespace {

constexpr int64_t kBlock = 4096;

// Blocks of kBlock elements are summed in float lanes (vectorisable), then added in double.
Moments block_moments(const float* a, const float* b, int64_t begin, int64_t end) {
  Moments m;
  for (int64_t start = begin; start < end; start += kBlock) {
    const int64_t stop = std::min(end, start + kBlock);
    float dot = 0, aa = 0, bb = 0;
#pragma omp simd reduction(+ : dot, aa, bb)
    for (int64_t i = start; i < stop; ++i) {
      dot += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    m.dot += dot;
    m.aa += aa;
    m.bb += bb;
  }
  return m;
}

void apply(const float* a, const float* b, int64_t begin, int64_t end, int64_t split, const Coefficients& c,
           float* child) {
  const int64_t mid = std::clamp(split, begin, end);
  for (int k = 0; k < 2; ++k) {
    const int64_t lo = k == 0 ? begin : mid;
    const int64_t hi = k == 0 ? mid : end;
    const float ca = c.ca[k], cb = c.cb[k];
#pragma omp simd
    for (int64_t i = lo; i < hi; ++i) child[i] = ca * a[i] + cb * b[i];
  }
}

}  // namespace

Moments moments(const float* a, const float* b, int64_t begin, int64_t end) {
  return block_moments(a, b, begin, end);
}

Coefficients coefficients(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp,
                          Omega omega) {
  if (interp == Interp::Linear) return from_moments(Moments{}, Moments{}, w, interp, omega);
  return from_moments(block_moments(a, b, 0, split), block_moments(a, b, split, dim), w, interp, omega);
}

void merge_one(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp, Omega omega,
               float* child) {
  Coefficients c = from_moments(Moments{}, Moments{}, w, Interp::Linear, omega);
  if (interp == Interp::Slerp) {
    // Per-thread partial moments of both segments, then one streaming pass.
    const int chunks = std::max(1, thread_count());
    std::vector<Moments> parts(2 * chunks);
    const int64_t per = (dim + chunks - 1) / chunks;
    parallel_for(chunks, 1, [&](int64_t begin, int64_t end) {
      for (int64_t k = begin; k < end; ++k) {
        const int64_t lo = std::min(dim, k * per), hi = std::min(dim, lo + per);
        parts[2 * k] = block_moments(a, b, lo, std::clamp(split, lo, hi));
        parts[2 * k + 1] = block_moments(a, b, std::clamp(split, lo, hi), hi);
      }
    });
    Moments first, second;
    for (int k = 0; k < chunks; ++k) {
      first = sum(first, parts[2 * k]);
      second = sum(second, parts[2 * k + 1]);
    }
    c = from_moments(first, second, w, interp, omega);
  }
  parallel_for(dim, 1 << 16, [&](int64_t begin, int64_t end) { apply(a, b, begin, end, split, c, child); });
}

void merge_batch(const float* parents, int64_t dim, const int32_t* pair_a, const int32_t* pair_b,
                 const int32_t* split, const float* w, int64_t count, Interp interp, Omega omega, float* children) {
  parallel_for(count, 1, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* a = parents + static_cast<int64_t>(pair_a[r]) * dim;
      const float* b = parents + static_cast<int64_t>(pair_b[r]) * dim;
      const Coefficients c = coefficients(a, b, dim, split[r], w[r], interp, omega);
      apply(a, b, 0, dim, split[r], c, children + r * dim);
    }
  });
}

void mutate(float* child, int64_t dim, float sigma, uint64_t seed) {
  Rng rng(seed);
  // Box-Muller gives two normals per pair of uniforms; use both.
  int64_t i = 0;
  for (; i + 1 < dim; i += 2) {
    const double u1 = 1.0 - rng.uniform();
    const double u2 = rng.uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    child[i] += sigma * static_cast<float>(r * std::cos(6.283185307179586 * u2));
    child[i + 1] += sigma * static_cast<float>(r * std::sin(6.283185307179586 * u2));
  }
  if (i < dim) child[i] += sigma * static_cast<float>(rng.normal());
}

}  // namespace tansaku::merge
