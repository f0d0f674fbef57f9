// The CPU driver of es_update.h: every element is independent, so blocks go to the thread pool.
#include "es_update.h"

#include "parallel.h"

namespace tansaku::es {

void diagonal_step(StepRule rule, const StepScalars& scalars, const StepState& state, int64_t dim) {
  parallel_for(dim, 4096, [&](int64_t begin, int64_t end) {
    for (int64_t j = begin; j < end; ++j) step_element(rule, scalars, state, j);
  });
}

}  // namespace tansaku::es
