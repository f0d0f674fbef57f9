// One MLP scored on a whole dataset as fast as the CPU allows: the M2N2 inner loop evaluates a single
// child per step (steady state), so the speed comes from one model's forward pass, not from batching.
// Inputs are held as compressed rows of nonzeros (about half of the digits pixels are zero and add
// nothing to the hidden layer); the layer-1 loop streams the W1 rows of each sample's nonzeros
// through AVX-512 registers, two samples at a time, on every core.
#pragma once
#include <cstdint>
#include <vector>

#include "mlp.h"

namespace tansaku::mlp {

// Compressed sparse rows of a (samples x inputs) matrix: the nonzeros of sample j are
// index/value[start[j] .. start[j + 1]).
struct SparseRows {
  std::vector<int32_t> start;
  std::vector<int32_t> index;
  std::vector<float> value;
  int64_t samples = 0;
};

SparseRows sparse_rows(const float* x, int64_t samples, int32_t inputs);

// A borrowed view of SparseRows (the addon hands TypeScript-held arrays in without copying).
struct SparseView {
  const int32_t* start;
  const int32_t* index;
  const float* value;
  int64_t samples;
};

// scores[j] = 1 if the first largest logit of sample j is labels[j], else 0 (the same rule as
// evaluate()). Uses the AVX-512 kernel when the CPU has it, else evaluate().
void score_sparse(const float* params, Shape shape, const SparseView& x, const int32_t* labels, float* scores);

// Whether score_sparse runs the AVX-512 kernel on this CPU (for benchmarks and reports).
bool sparse_kernel_vectorised();

}  // namespace tansaku::mlp
