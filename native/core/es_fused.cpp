// Fused ask + evaluation on the CPU: each noise row's candidate(s) are built block by block in L1
// and folded into the problem's sum, so the population is never written to memory. The sphere keeps
// its vectorised float path (sample_sphere); Rosenbrock and Rastrigin sum in double like `evaluate`,
// and Rosenbrock carries the last element of each block into the next, since its term j needs x_{j+1}.
#include <algorithm>
#include <cmath>

#include "es.h"
#include "es_noise.h"
#include "parallel.h"

namespace tansaku::es {

namespace {

// The running sum of one candidate over successive blocks of its elements.
class RowSum {
 public:
  RowSum(Problem problem, int64_t dim) : problem_(problem), total_(problem == Problem::rastrigin ? 10.0 * double(dim) : 0.0) {}

  // Always inlined, so it is compiled into each ISA clone of evaluate_row.
  inline __attribute__((always_inline)) void add_block(const float* x, int64_t count) {
    if (problem_ == Problem::rastrigin) {
      constexpr double kTwoPi = 6.283185307179586;
      for (int64_t j = 0; j < count; ++j) {
        const double xj = x[j];
        total_ += xj * xj - 10.0 * std::cos(kTwoPi * xj);
      }
      return;
    }
    // Rosenbrock: the term of element j - 1 once x_j is known.
    for (int64_t j = 0; j < count; ++j) {
      const double xj = x[j];
      if (has_previous_) {
        const double valley = xj - previous_ * previous_;
        total_ += 100.0 * valley * valley + (1.0 - previous_) * (1.0 - previous_);
      }
      previous_ = xj;
      has_previous_ = true;
    }
  }

  double total() const { return total_; }

 private:
  Problem problem_;
  double total_;
  double previous_ = 0.0;
  bool has_previous_ = false;
};

TANSAKU_ES_CLONES void evaluate_row(Problem problem, NoiseKey key, Layout layout, Search search, int64_t row,
                                    double* plus_out, double* minus_out) {
  float z[kNoiseBlock];
  float plus[kNoiseBlock];
  float minus[kNoiseBlock];
  const NoiseRow noise = noise_row(key.seed, key.generation, static_cast<uint64_t>(row));
  RowSum plus_sum(problem, layout.dim), minus_sum(problem, layout.dim);
  for (int64_t first = 0; first < layout.dim; first += kNoiseBlock) {
    const int64_t count = std::min(layout.dim - first, kNoiseBlock);
    fill_normals(noise, first, first + count, z);
    const float* mean = search.mean + first;
    const float* sigma = search.sigma_per_dim ? search.sigma + first : search.sigma;
    const int64_t sigma_stride = search.sigma_per_dim ? 1 : 0;
    // The same float expressions as `sample`, so each candidate element is bit-identical.
#pragma omp simd
    for (int64_t j = 0; j < count; ++j) plus[j] = mean[j] + sigma[j * sigma_stride] * z[j];
    plus_sum.add_block(plus, count);
    if (layout.antithetic) {
#pragma omp simd
      for (int64_t j = 0; j < count; ++j) minus[j] = mean[j] - sigma[j * sigma_stride] * z[j];
      minus_sum.add_block(minus, count);
    }
  }
  *plus_out = plus_sum.total();
  if (minus_out) *minus_out = minus_sum.total();
}

}  // namespace

void sample_evaluate(Problem problem, NoiseKey key, Layout layout, Search search, double* fitness) {
  if (problem == Problem::sphere) {
    sample_sphere(key, layout, search, fitness);
    return;
  }
  const int64_t rows = layout.noise_rows();
  parallel_for(rows, 1, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      evaluate_row(problem, key, layout, search, row, fitness + row, layout.antithetic ? fitness + row + rows : nullptr);
    }
  });
}

}  // namespace tansaku::es
