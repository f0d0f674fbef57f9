// Input scans for the M2N2 entry points, in the core library so they are compiled vectorised
// (-fopenmp-simd): the step loop checks about 70,000 values per child, which scalar code would
// make a tenth of the step.
#pragma once
#include <cstdint>

namespace tansaku::merge {

// Index of the first element that is not finite, or -1.
int64_t first_non_finite(const float* x, int64_t n);

// Index of the first element outside [0, 1] (NaN included), or -1.
int64_t first_outside_unit(const float* x, int64_t n);

}  // namespace tansaku::merge
