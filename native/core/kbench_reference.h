// kbench CPU references: one fp64 function per reference id (task.json "reference.cpu"), looked
// up in a registry. Inputs are the float32/int32 tensors the harness generated; outputs are
// double. Shapes are checked against the configuration's variables, so a wrong request is a clear
// error rather than an out-of-bounds read.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace tansaku::kbench {

struct KbenchTensorIn {
  std::string name;
  std::vector<int64_t> shape;
  const float* f32 = nullptr;    // set for f32 tensors
  const int32_t* i32 = nullptr;  // set for i32 tensors
};

struct KbenchTensorOut {
  std::string name;
  std::vector<int64_t> shape;  // set by the caller; the reference checks it
  std::vector<double> data;    // filled by the reference
};

/** Thrown inside references for bad requests; kbench_cpu_reference turns it into *error. */
struct ReferenceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/** What a reference function sees: named inputs, scalars and shape variables, checked access. */
class RefContext {
 public:
  RefContext(const std::vector<KbenchTensorIn>& inputs, const std::map<std::string, double>& scalars,
             const std::map<std::string, int64_t>& vars, std::vector<KbenchTensorOut>& outputs)
      : inputs_(inputs), scalars_(scalars), vars_(vars), outputs_(outputs) {}

  /** A positive shape variable. */
  int64_t var(const std::string& name) const;
  /** A shape variable that may be zero (padding, output padding). */
  int64_t var_nonneg(const std::string& name) const;
  double scalar(const std::string& name) const;
  double scalar_or(const std::string& name, double fallback) const;
  /** A float input with exactly this shape. */
  const float* in(const std::string& name, const std::vector<int64_t>& shape) const;
  /** An int32 input with exactly this shape. */
  const int32_t* in_int(const std::string& name, const std::vector<int64_t>& shape) const;
  /** The output buffer (zero-filled) after checking its declared shape. */
  double* out(const std::string& name, const std::vector<int64_t>& shape);

 private:
  const KbenchTensorIn& find_in(const std::string& name, const std::vector<int64_t>& shape) const;
  const std::vector<KbenchTensorIn>& inputs_;
  const std::map<std::string, double>& scalars_;
  const std::map<std::string, int64_t>& vars_;
  std::vector<KbenchTensorOut>& outputs_;
};

using ReferenceFn = std::function<void(RefContext&)>;

/** All registered references by id. */
const std::map<std::string, ReferenceFn>& reference_registry();

/** Ids of all references, sorted. */
std::vector<std::string> reference_ids();

/** Runs reference `id`; false with *error set for an unknown id, a missing tensor or a bad shape. */
bool kbench_cpu_reference(const std::string& id, const std::vector<KbenchTensorIn>& inputs,
                          const std::map<std::string, double>& scalars, const std::map<std::string, int64_t>& vars,
                          std::vector<KbenchTensorOut>& outputs, std::string* error);

/** log Σ exp(row) with the row maximum subtracted (shared by softmax and cross-entropy). */
double logsumexp_row(const float* row, int64_t d);

// Each family file adds its references (called once when the registry is built).
void register_gemm_references(std::map<std::string, ReferenceFn>& r);
void register_elementwise_references(std::map<std::string, ReferenceFn>& r);
void register_reduction_references(std::map<std::string, ReferenceFn>& r);
void register_norm_references(std::map<std::string, ReferenceFn>& r);
void register_pool_conv_references(std::map<std::string, ReferenceFn>& r);
void register_loss_references(std::map<std::string, ReferenceFn>& r);

}  // namespace tansaku::kbench
