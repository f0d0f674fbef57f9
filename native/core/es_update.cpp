// The CPU driver of es_update.h: every element is independent, so blocks go to the thread pool.
#include "es_update.h"

#include <algorithm>
#include <vector>

#include "parallel.h"

namespace tansaku::es {

double diagonal_step(StepRule rule, const StepScalars& scalars, const StepState& state, int64_t dim) {
  // Fixed blocks (not one per thread), summed in block order, so the result is the same for any
  // thread count.
  constexpr int64_t kBlock = 4096;
  const int64_t blocks = (dim + kBlock - 1) / kBlock;
  std::vector<double> sums(blocks, 0.0);
  parallel_for(blocks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t block = begin; block < end; ++block) {
      double sum = 0.0;
      const int64_t last = std::min(dim, (block + 1) * kBlock);
      for (int64_t j = block * kBlock; j < last; ++j) sum += step_element(rule, scalars, state, j);
      sums[block] = sum;
    }
  });
  double total = 0.0;
  for (const double sum : sums) total += sum;
  return total;
}

}  // namespace tansaku::es
