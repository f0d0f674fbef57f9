// fp64 references for reductions over dim 1 of x (B, D1, D2) and scans over dim 1 of x (B, N).
// Arg-reductions return the FIRST index of the extreme value (torch semantics) as int32.
#include <cmath>

#include "kbench_reference.h"

namespace tansaku::kbench {

namespace {

enum class Reduce { Sum, Mean, Max, ArgMax, ArgMin };

void reduce_dim1(RefContext& c, Reduce kind) {
  const int64_t B = c.var("B"), D1 = c.var("D1"), D2 = c.var("D2");
  const float* x = c.in("x", {B, D1, D2});
  const bool keepdim = kind == Reduce::Sum || kind == Reduce::Mean;
  double* y = keepdim ? c.out("y", {B, 1, D2}) : c.out("y", {B, D2});
  for (int64_t b = 0; b < B; ++b)
    for (int64_t j = 0; j < D2; ++j) {
      const float* col = x + b * D1 * D2 + j;
      double acc = kind == Reduce::Sum || kind == Reduce::Mean ? 0.0 : static_cast<double>(col[0]);
      int64_t best = 0;
      for (int64_t i = 0; i < D1; ++i) {
        const double v = col[i * D2];
        switch (kind) {
          case Reduce::Sum:
          case Reduce::Mean: acc += v; break;
          case Reduce::Max: acc = std::fmax(acc, v); break;
          case Reduce::ArgMax: if (v > acc) acc = v, best = i; break;  // strict: first index wins ties
          case Reduce::ArgMin: if (v < acc) acc = v, best = i; break;
        }
      }
      if (kind == Reduce::Mean) acc /= static_cast<double>(D1);
      y[b * D2 + j] = kind == Reduce::ArgMax || kind == Reduce::ArgMin ? static_cast<double>(best) : acc;
    }
}

enum class Scan { Sum, Prod, ExclusiveSum, ReverseSum };

void scan_dim1(RefContext& c, Scan kind) {
  const int64_t B = c.var("B"), N = c.var("N");
  const float* x = c.in("x", {B, N});
  double* y = c.out("y", {B, N});
  for (int64_t b = 0; b < B; ++b) {
    const float* row = x + b * N;
    double* out = y + b * N;
    if (kind == Scan::ReverseSum) {
      double acc = 0.0;
      for (int64_t i = N - 1; i >= 0; --i) out[i] = acc += row[i];
      continue;
    }
    double acc = kind == Scan::Prod ? 1.0 : 0.0;
    for (int64_t i = 0; i < N; ++i) {
      if (kind == Scan::ExclusiveSum) {
        out[i] = acc;  // y[0] = 0, y[i] = x[0] + ... + x[i-1]
        acc += row[i];
      } else {
        acc = kind == Scan::Prod ? acc * row[i] : acc + row[i];
        out[i] = acc;
      }
    }
  }
}

}  // namespace

void register_reduction_references(std::map<std::string, ReferenceFn>& r) {
  r["sum_dim1"] = [](RefContext& c) { reduce_dim1(c, Reduce::Sum); };
  r["mean_dim1"] = [](RefContext& c) { reduce_dim1(c, Reduce::Mean); };
  r["max_dim1"] = [](RefContext& c) { reduce_dim1(c, Reduce::Max); };
  r["argmax_dim1"] = [](RefContext& c) { reduce_dim1(c, Reduce::ArgMax); };
  r["argmin_dim1"] = [](RefContext& c) { reduce_dim1(c, Reduce::ArgMin); };
  r["cumsum"] = [](RefContext& c) { scan_dim1(c, Scan::Sum); };
  r["cumprod"] = [](RefContext& c) { scan_dim1(c, Scan::Prod); };
  r["cumsum_exclusive"] = [](RefContext& c) { scan_dim1(c, Scan::ExclusiveSum); };
  r["cumsum_reverse"] = [](RefContext& c) { scan_dim1(c, Scan::ReverseSum); };
}

}  // namespace tansaku::kbench
