#include "kbench_reference_trivial.h"

#include <cmath>
#include <functional>

namespace tansaku::kbench {

namespace {

int64_t numel(const std::vector<int64_t>& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

double element(const KbenchTensorIn& t, size_t i) { return t.f32 ? static_cast<double>(t.f32[i]) : static_cast<double>(t.i32[i]); }

}  // namespace

bool within_tolerance(const double* actual, const double* ref, size_t n, const Tolerance& tol) {
  for (size_t i = 0; i < n; ++i) {
    const double a = actual[i], r = ref[i];
    if (!std::isfinite(r) || !std::isfinite(a)) {
      if (!((std::isnan(a) && std::isnan(r)) || a == r)) return false;
      continue;
    }
    if (!(std::fabs(a - r) <= tol.atol + tol.rtol * std::fabs(r))) return false;
  }
  return true;
}

std::vector<std::string> trivial_output_failures(const std::vector<KbenchTensorIn>& inputs, const std::vector<KbenchTensorOut>& ref,
                                                 const std::vector<KbenchTensorOut>& other, const Tolerance& tol) {
  using Fill = std::function<double(size_t out, size_t i)>;
  auto mean_of = [](const std::vector<double>& v) {
    double s = 0.0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
  };
  // The first input of the same size as an output, else the first input cycled.
  auto copy_source = [&](size_t out) -> const KbenchTensorIn* {
    for (const auto& t : inputs)
      if (numel(t.shape) == static_cast<int64_t>(ref[out].data.size())) return &t;
    return inputs.empty() ? nullptr : &inputs[0];
  };
  const std::vector<std::pair<std::string, Fill>> candidates = {
      {"zeros", [](size_t, size_t) { return 0.0; }},
      {"ones", [](size_t, size_t) { return 1.0; }},
      {"input copy",
       [&](size_t out, size_t i) {
         const KbenchTensorIn* src = copy_source(out);
         return src ? element(*src, i % static_cast<size_t>(numel(src->shape))) : 0.0;
       }},
      {"constant", [&](size_t out, size_t) { return mean_of(other[out].data); }},
      {"reference of another seed", [&](size_t out, size_t i) { return other[out].data[i]; }},
  };
  std::vector<std::string> failures;
  for (const auto& [what, fill] : candidates) {
    bool passes = true;
    for (size_t o = 0; o < ref.size() && passes; ++o) {
      if (o >= other.size() || other[o].data.size() != ref[o].data.size()) return {"other seed's outputs do not match the reference's"};
      std::vector<double> candidate(ref[o].data.size());
      for (size_t i = 0; i < candidate.size(); ++i) candidate[i] = fill(o, i);
      passes = within_tolerance(candidate.data(), ref[o].data.data(), candidate.size(), tol);
    }
    if (passes) failures.push_back(what + " passes the tolerance");
  }
  return failures;
}

}  // namespace tansaku::kbench
