// The reference registry and the checked accessors of RefContext.
#include "kbench_reference.h"

#include <algorithm>

namespace tansaku::kbench {

namespace {

std::string shape_text(const std::vector<int64_t>& s) {
  std::string t = "(";
  for (size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  return t + ")";
}

int64_t numel(const std::vector<int64_t>& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

}  // namespace

int64_t RefContext::var(const std::string& name) const {
  const auto it = vars_.find(name);
  if (it == vars_.end()) throw ReferenceError("missing shape variable \"" + name + "\"");
  if (it->second <= 0) throw ReferenceError("shape variable \"" + name + "\" must be positive, got " + std::to_string(it->second));
  return it->second;
}

int64_t RefContext::var_nonneg(const std::string& name) const {
  const auto it = vars_.find(name);
  if (it == vars_.end()) throw ReferenceError("missing shape variable \"" + name + "\"");
  if (it->second < 0) throw ReferenceError("shape variable \"" + name + "\" must be non-negative, got " + std::to_string(it->second));
  return it->second;
}

double RefContext::scalar(const std::string& name) const {
  const auto it = scalars_.find(name);
  if (it == scalars_.end()) throw ReferenceError("missing scalar \"" + name + "\"");
  return it->second;
}

double RefContext::scalar_or(const std::string& name, double fallback) const {
  const auto it = scalars_.find(name);
  return it == scalars_.end() ? fallback : it->second;
}

const KbenchTensorIn& RefContext::find_in(const std::string& name, const std::vector<int64_t>& shape) const {
  const auto it = std::find_if(inputs_.begin(), inputs_.end(), [&](const KbenchTensorIn& t) { return t.name == name; });
  if (it == inputs_.end()) throw ReferenceError("missing input \"" + name + "\"");
  if (it->shape != shape) {
    throw ReferenceError("input \"" + name + "\" has shape " + shape_text(it->shape) + ", expected " + shape_text(shape));
  }
  return *it;
}

const float* RefContext::in(const std::string& name, const std::vector<int64_t>& shape) const {
  const auto& t = find_in(name, shape);
  if (!t.f32) throw ReferenceError("input \"" + name + "\" must be f32");
  return t.f32;
}

const int32_t* RefContext::in_int(const std::string& name, const std::vector<int64_t>& shape) const {
  const auto& t = find_in(name, shape);
  if (!t.i32) throw ReferenceError("input \"" + name + "\" must be i32");
  return t.i32;
}

double* RefContext::out(const std::string& name, const std::vector<int64_t>& shape) {
  const auto it = std::find_if(outputs_.begin(), outputs_.end(), [&](const KbenchTensorOut& t) { return t.name == name; });
  if (it == outputs_.end()) throw ReferenceError("missing output \"" + name + "\"");
  if (it->shape != shape) {
    throw ReferenceError("output \"" + name + "\" has shape " + shape_text(it->shape) + ", expected " + shape_text(shape));
  }
  it->data.assign(static_cast<size_t>(numel(shape)), 0.0);
  return it->data.data();
}

const std::map<std::string, ReferenceFn>& reference_registry() {
  static const std::map<std::string, ReferenceFn> registry = [] {
    std::map<std::string, ReferenceFn> r;
    register_gemm_references(r);
    register_elementwise_references(r);
    register_reduction_references(r);
    register_norm_references(r);
    register_pool_conv_references(r);
    register_loss_references(r);
    return r;
  }();
  return registry;
}

std::vector<std::string> reference_ids() {
  std::vector<std::string> ids;
  for (const auto& [id, fn] : reference_registry()) ids.push_back(id);
  return ids;
}

bool kbench_cpu_reference(const std::string& id, const std::vector<KbenchTensorIn>& inputs,
                          const std::map<std::string, double>& scalars, const std::map<std::string, int64_t>& vars,
                          std::vector<KbenchTensorOut>& outputs, std::string* error) {
  const auto& registry = reference_registry();
  const auto it = registry.find(id);
  if (it == registry.end()) {
    *error = "unknown kbench reference \"" + id + "\"";
    return false;
  }
  try {
    RefContext ctx(inputs, scalars, vars, outputs);
    it->second(ctx);
  } catch (const ReferenceError& e) {
    *error = "reference \"" + id + "\": " + e.what();
    return false;
  }
  for (const auto& o : outputs) {
    if (static_cast<int64_t>(o.data.size()) != numel(o.shape)) {
      *error = "reference \"" + id + "\" did not produce output \"" + o.name + "\"";
      return false;
    }
  }
  return true;
}

}  // namespace tansaku::kbench
