#include "lbfgs.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "parallel.h"

namespace tansaku {

namespace {

double dot(const double* a, const double* b, int32_t n) {
  double sum = 0;
  for (int32_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

// History and current point of one row.
struct Row {
  std::vector<double> s, y, rho, alpha;  // memory x dim, memory x dim, memory, memory
  int stored = 0;                       // pairs in the history
  int head = 0;                         // next slot to overwrite
  double value = 0;
  double step = 1;
  double slope = 0;  // g . direction at the current point
  bool active = true;
};

// direction = -H g by the two-loop recursion; falls back to steepest descent when it is not a
// descent direction.
void compute_direction(Row& row, const double* g, double* direction, int32_t dim, int memory) {
  for (int32_t k = 0; k < dim; ++k) direction[k] = -g[k];
  for (int t = 0; t < row.stored; ++t) {
    const int slot = (row.head - 1 - t + memory) % memory;
    row.alpha[slot] = row.rho[slot] * dot(&row.s[slot * dim], direction, dim);
    for (int32_t k = 0; k < dim; ++k) direction[k] -= row.alpha[slot] * row.y[slot * dim + k];
  }
  if (row.stored > 0) {
    const int last = (row.head - 1 + memory) % memory;
    const double yy = dot(&row.y[last * dim], &row.y[last * dim], dim);
    const double gamma = yy > 0 ? 1.0 / (row.rho[last] * yy) : 1.0;
    for (int32_t k = 0; k < dim; ++k) direction[k] *= gamma;
  }
  for (int t = row.stored - 1; t >= 0; --t) {
    const int slot = (row.head - 1 - t + memory) % memory;
    const double beta = row.rho[slot] * dot(&row.y[slot * dim], direction, dim);
    for (int32_t k = 0; k < dim; ++k) direction[k] += (row.alpha[slot] - beta) * row.s[slot * dim + k];
  }
  row.slope = dot(g, direction, dim);
  if (!(row.slope < 0)) {
    row.stored = 0;
    for (int32_t k = 0; k < dim; ++k) direction[k] = -g[k];
    row.slope = dot(g, direction, dim);
  }
  if (row.stored == 0) {
    double largest = 0;
    for (int32_t k = 0; k < dim; ++k) largest = std::max(largest, std::fabs(direction[k]));
    row.step = largest > 0 ? std::min(1.0, 0.1 / largest) : 1.0;
  } else {
    row.step = 1.0;
  }
}

}  // namespace

int64_t lbfgs_minimize(double* x, int64_t batch, int32_t dim, const BatchObjective& objective,
                       const LbfgsOptions& options) {
  const int memory = std::max(1, options.memory);
  std::vector<Row> rows(batch);
  for (auto& row : rows) {
    row.s.assign(static_cast<size_t>(memory) * dim, 0);
    row.y.assign(static_cast<size_t>(memory) * dim, 0);
    row.rho.assign(memory, 0);
    row.alpha.assign(memory, 0);
  }
  std::vector<double> grad(batch * dim), direction(batch * dim);
  std::vector<double> values(batch);
  int64_t evaluations = batch;
  objective(x, batch, values.data(), grad.data());
  for (int64_t b = 0; b < batch; ++b) rows[b].value = values[b];

  // Scratch for trial points of the rows still searching, packed contiguously.
  std::vector<int64_t> pending;
  std::vector<double> trial_x(batch * dim), trial_g(batch * dim), trial_v(batch);

  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    pending.clear();
    for (int64_t b = 0; b < batch; ++b) {
      if (!rows[b].active) continue;
      double largest = 0;
      for (int32_t k = 0; k < dim; ++k) largest = std::max(largest, std::fabs(grad[b * dim + k]));
      if (largest < options.gradient_tolerance || !std::isfinite(largest)) {
        rows[b].active = false;
        continue;
      }
      pending.push_back(b);
    }
    if (pending.empty()) break;
    parallel_for(static_cast<int64_t>(pending.size()), 16, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const int64_t b = pending[p];
        compute_direction(rows[b], &grad[b * dim], &direction[b * dim], dim, memory);
      }
    });

    for (int backtrack = 0; backtrack <= options.max_backtracks && !pending.empty(); ++backtrack) {
      const int64_t count = static_cast<int64_t>(pending.size());
      for (int64_t p = 0; p < count; ++p) {
        const int64_t b = pending[p];
        for (int32_t k = 0; k < dim; ++k) {
          trial_x[p * dim + k] = x[b * dim + k] + rows[b].step * direction[b * dim + k];
        }
      }
      objective(trial_x.data(), count, trial_v.data(), trial_g.data());
      evaluations += count;
      std::vector<int64_t> still_pending;
      for (int64_t p = 0; p < count; ++p) {
        const int64_t b = pending[p];
        Row& row = rows[b];
        const bool sufficient = trial_v[p] <= row.value + 1e-4 * row.step * row.slope;
        if (!sufficient) {
          row.step *= 0.5;
          if (backtrack == options.max_backtracks) row.active = false;  // no descent left: converged
          still_pending.push_back(b);
          continue;
        }
        // Accept: record the curvature pair when it keeps H positive definite.
        const int slot = row.head;
        double sy = 0;
        for (int32_t k = 0; k < dim; ++k) {
          const double sk = trial_x[p * dim + k] - x[b * dim + k];
          const double yk = trial_g[p * dim + k] - grad[b * dim + k];
          row.s[slot * dim + k] = sk;
          row.y[slot * dim + k] = yk;
          sy += sk * yk;
        }
        if (sy > 1e-300) {
          row.rho[slot] = 1.0 / sy;
          row.head = (row.head + 1) % memory;
          row.stored = std::min(row.stored + 1, memory);
        }
        const double gain = row.value - trial_v[p];
        if (gain <= options.relative_decrease * (1.0 + std::fabs(row.value))) row.active = false;
        row.value = trial_v[p];
        std::copy(&trial_x[p * dim], &trial_x[(p + 1) * dim], &x[b * dim]);
        std::copy(&trial_g[p * dim], &trial_g[(p + 1) * dim], &grad[b * dim]);
      }
      if (backtrack == options.max_backtracks) break;
      pending.swap(still_pending);
    }
  }
  return evaluations;
}

}  // namespace tansaku
