// fp64 references for activations (x (B, D) -> y (B, D)) and row-wise softmax / log-softmax.
#include <cmath>

#include "kbench_reference.h"

namespace tansaku::kbench {

namespace {

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

void elementwise(std::map<std::string, ReferenceFn>& r, const std::string& id, double (*f)(double, const RefContext&)) {
  r[id] = [f](RefContext& c) {
    const int64_t B = c.var("B"), D = c.var("D");
    const float* x = c.in("x", {B, D});
    double* y = c.out("y", {B, D});
    for (int64_t i = 0; i < B * D; ++i) y[i] = f(x[i], c);
  };
}

// Row-wise log-sum-exp with the row maximum subtracted (finite for any finite row).
double row_logsumexp(const float* row, int64_t d) {
  double m = -INFINITY;
  for (int64_t i = 0; i < d; ++i) m = std::fmax(m, row[i]);
  double s = 0.0;
  for (int64_t i = 0; i < d; ++i) s += std::exp(row[i] - m);
  return m + std::log(s);
}

}  // namespace

double logsumexp_row(const float* row, int64_t d) { return row_logsumexp(row, d); }

void register_elementwise_references(std::map<std::string, ReferenceFn>& r) {
  elementwise(r, "relu", [](double x, const RefContext&) { return x > 0.0 ? x : 0.0; });
  elementwise(r, "leaky_relu", [](double x, const RefContext& c) { return x > 0.0 ? x : c.scalar("negative_slope") * x; });
  // Exact GELU: x/2 (1 + erf(x/√2)).
  elementwise(r, "gelu", [](double x, const RefContext&) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); });
  // NewGELU (GPT-2): x/2 (1 + tanh(√(2/π) (x + 0.044715 x³))).
  elementwise(r, "new_gelu", [](double x, const RefContext&) {
    return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
  });
  // torch softplus (beta 1, threshold 20): linear above the threshold.
  elementwise(r, "softplus", [](double x, const RefContext&) { return x > 20.0 ? x : std::log1p(std::exp(x)); });
  elementwise(r, "selu", [](double x, const RefContext&) { return kSeluScale * (x > 0.0 ? x : kSeluAlpha * std::expm1(x)); });
  elementwise(r, "elu", [](double x, const RefContext& c) { return x > 0.0 ? x : c.scalar("alpha") * std::expm1(x); });
  elementwise(r, "sigmoid", [](double x, const RefContext&) { return 1.0 / (1.0 + std::exp(-x)); });
  elementwise(r, "tanh", [](double x, const RefContext&) { return std::tanh(x); });
  r["softmax"] = [](RefContext& c) {
    const int64_t B = c.var("B"), D = c.var("D");
    const float* x = c.in("x", {B, D});
    double* y = c.out("y", {B, D});
    for (int64_t b = 0; b < B; ++b) {
      const double lse = row_logsumexp(x + b * D, D);
      for (int64_t i = 0; i < D; ++i) y[b * D + i] = std::exp(x[b * D + i] - lse);
    }
  };
  r["log_softmax"] = [](RefContext& c) {
    const int64_t B = c.var("B"), D = c.var("D");
    const float* x = c.in("x", {B, D});
    double* y = c.out("y", {B, D});
    for (int64_t b = 0; b < B; ++b) {
      const double lse = row_logsumexp(x + b * D, D);
      for (int64_t i = 0; i < D; ++i) y[b * D + i] = x[b * D + i] - lse;
    }
  };
}

}  // namespace tansaku::kbench
