// L-BFGS over a batch of independent problems run in lockstep: every objective call evaluates one
// contiguous block of candidate points, so the objective can be a batched kernel (CPU or CUDA).
#pragma once
#include <cstdint>
#include <functional>

namespace tansaku {

// Evaluates `count` points (rows of `dim` doubles in x) into value[count] and grad[count][dim].
using BatchObjective = std::function<void(const double* x, int64_t count, double* value, double* grad)>;

struct LbfgsOptions {
  int memory = 8;
  int max_iterations = 200;
  int max_backtracks = 30;
  double gradient_tolerance = 1e-9;   // stop a row when max |g| falls below this
  double relative_decrease = 1e-13;   // stop a row when an accepted step gains less than this (relative)
  double first_step = 0.1;            // max-norm of the first step after a (re)start
};

// Minimises every row of x ([batch][dim]) in place. Returns the number of objective rows evaluated.
int64_t lbfgs_minimize(double* x, int64_t batch, int32_t dim, const BatchObjective& objective,
                       const LbfgsOptions& options);

}  // namespace tansaku
