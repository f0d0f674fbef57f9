// CPU scans of merge_checks.h: one branch-free pass for a flag, then a scalar search only on failure.
#include "merge_checks.h"

#include <cmath>

namespace tansaku::merge {

int64_t first_non_finite(const float* x, int64_t n) {
  int bad = 0;
#pragma omp simd reduction(| : bad)
  for (int64_t i = 0; i < n; ++i) bad |= !(std::fabs(x[i]) <= 3.4028234663852886e38f);
  if (!bad) return -1;
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i])) return i;
  }
  return -1;
}

int64_t first_outside_unit(const float* x, int64_t n) {
  int bad = 0;
#pragma omp simd reduction(| : bad)
  for (int64_t i = 0; i < n; ++i) bad |= !(x[i] >= 0.0f && x[i] <= 1.0f);
  if (!bad) return -1;
  for (int64_t i = 0; i < n; ++i) {
    if (!(x[i] >= 0.0f && x[i] <= 1.0f)) return i;
  }
  return -1;
}

}  // namespace tansaku::merge
