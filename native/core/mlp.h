// Batched evaluation of many small two-layer MLPs (inputs -> hidden ReLU -> outputs) on one dataset,
// the M2N2 digits model (spec m2n2_qd.md §3, §7). Each model is one flat vector laid out as
// W1 (inputs x hidden, input-major), b1 (hidden), W2 (hidden x outputs), b2 (outputs).
#pragma once
#include <cstdint>

namespace tansaku::mlp {

struct Shape {
  int32_t inputs;
  int32_t hidden;
  int32_t outputs;
  int64_t params() const {
    return static_cast<int64_t>(inputs + 1) * hidden + static_cast<int64_t>(hidden + 1) * outputs;
  }
};

// For every model m and sample j: correct[m * samples + j] = 1 iff the first index of the largest
// logit equals labels[j]. logits (models x samples x outputs) is written too when not null.
// x is (samples x inputs). Parallel over (model, block of samples).
void evaluate(const float* params, int64_t models, Shape shape, const float* x, const int32_t* labels,
              int64_t samples, uint8_t* correct, float* logits);

}  // namespace tansaku::mlp
