// CPU kernels of merge_competition.h: the per-datapoint share c_j / d_j once, then row sums.
#include "merge_competition.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace tansaku::merge {

namespace {

// share[j] = c_j / d_j, with d_j = z_j^alpha (zero replaced by 1) and z_j summed over the rows in order.
std::vector<double> shares(const float* scores, int64_t rows, int64_t samples, double alpha, const double* capacity) {
  std::vector<double> z(samples, 0.0);
  for (int64_t k = 0; k < rows; ++k) {
    const float* row = scores + k * samples;
#pragma omp simd
    for (int64_t j = 0; j < samples; ++j) z[j] += row[j];
  }
  for (int64_t j = 0; j < samples; ++j) {
    const double raised = alpha == 0 ? 1.0 : alpha == 1 ? z[j] : std::pow(z[j], alpha);
    z[j] = (capacity ? capacity[j] : 1.0) / (raised == 0 ? 1.0 : raised);
  }
  return z;
}

}  // namespace

void shared_fitness(const float* scores, int64_t rows, int64_t samples, double alpha, const double* capacity,
                    double* f) {
  const std::vector<double> share = shares(scores, rows, samples, alpha, capacity);
  for (int64_t k = 0; k < rows; ++k) {
    const float* row = scores + k * samples;
    double total = 0;
#pragma omp simd reduction(+ : total)
    for (int64_t j = 0; j < samples; ++j) total += row[j] * share[j];
    f[k] = total;
  }
}

void attraction(const float* scores, int64_t rows, int64_t samples, double alpha, const double* capacity, int64_t a,
                double* g) {
  const std::vector<double> share = shares(scores, rows, samples, alpha, capacity);
  const float* base = scores + a * samples;
  for (int64_t k = 0; k < rows; ++k) {
    const float* row = scores + k * samples;
    double total = 0;
#pragma omp simd reduction(+ : total)
    for (int64_t j = 0; j < samples; ++j) total += std::max(0.0, row[j] * share[j] - base[j] * share[j]);
    g[k] = total;
  }
}

}  // namespace tansaku::merge
