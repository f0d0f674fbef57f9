// The trivial-output test in C++ (mirrors lib/kbench/trivial.ts), for the standalone runner's
// reference-cpu mode: zeros, ones, an input copy, a constant (the other seed's mean) and the
// reference of another seed must each fail the tolerance somewhere.
#pragma once

#include <string>
#include <vector>

#include "kbench_reference.h"

namespace tansaku::kbench {

struct Tolerance {
  double atol = 1e-4;
  double rtol = 1e-4;
};

/** |a − r| ≤ atol + rtol·|r| for every element; non-finite values must match exactly (NaN parity). */
bool within_tolerance(const double* actual, const double* ref, size_t n, const Tolerance& tol);

/** One line per trivial output that passes the tolerance (empty: the configuration can be trusted).
 * `ref` and `other` are the reference outputs for two seeds, `inputs` the first seed's inputs. */
std::vector<std::string> trivial_output_failures(const std::vector<KbenchTensorIn>& inputs, const std::vector<KbenchTensorOut>& ref,
                                                 const std::vector<KbenchTensorOut>& other, const Tolerance& tol);

}  // namespace tansaku::kbench
