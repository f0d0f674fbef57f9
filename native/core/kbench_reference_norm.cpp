// fp64 references for normalisations. Variances are biased (divide by the count), eps inside the
// square root, as torch does in training-mode batch norm, instance/group/layer norm and RMSNorm.
#include <cmath>

#include "kbench_reference.h"

namespace tansaku::kbench {

namespace {

// Mean and biased variance of n values read as v(i).
template <typename Get>
void moments(int64_t n, Get v, double* mean, double* var) {
  double s = 0.0;
  for (int64_t i = 0; i < n; ++i) s += v(i);
  const double m = s / static_cast<double>(n);
  double q = 0.0;
  for (int64_t i = 0; i < n; ++i) q += (v(i) - m) * (v(i) - m);
  *mean = m;
  *var = q / static_cast<double>(n);
}

}  // namespace

void register_norm_references(std::map<std::string, ReferenceFn>& r) {
  // Training-mode batch norm: statistics per channel over (N, H, W), then affine.
  r["batchnorm_train"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), H = c.var("H"), W = c.var("W");
    const float* x = c.in("x", {N, C, H, W});
    const float* g = c.in("gamma", {C});
    const float* b = c.in("beta", {C});
    const double eps = c.scalar("eps");
    double* y = c.out("y", {N, C, H, W});
    const int64_t hw = H * W;
    for (int64_t ch = 0; ch < C; ++ch) {
      auto at = [&](int64_t i) { return static_cast<double>(x[((i / hw) * C + ch) * hw + i % hw]); };
      double m, v;
      moments(N * hw, at, &m, &v);
      const double inv = 1.0 / std::sqrt(v + eps);
      for (int64_t i = 0; i < N * hw; ++i) y[((i / hw) * C + ch) * hw + i % hw] = (at(i) - m) * inv * g[ch] + b[ch];
    }
  };
  // Instance norm without affine: statistics per (n, c) over (H, W).
  r["instancenorm"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), H = c.var("H"), W = c.var("W");
    const float* x = c.in("x", {N, C, H, W});
    const double eps = c.scalar("eps");
    double* y = c.out("y", {N, C, H, W});
    const int64_t hw = H * W;
    for (int64_t p = 0; p < N * C; ++p) {
      double m, v;
      moments(hw, [&](int64_t i) { return static_cast<double>(x[p * hw + i]); }, &m, &v);
      for (int64_t i = 0; i < hw; ++i) y[p * hw + i] = (x[p * hw + i] - m) / std::sqrt(v + eps);
    }
  };
  // Group norm: statistics per (n, group) over (C/G, H, W), per-channel affine.
  r["groupnorm"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), H = c.var("H"), W = c.var("W"), G = c.var("G");
    if (C % G != 0) throw ReferenceError("C must be a multiple of G");
    const float* x = c.in("x", {N, C, H, W});
    const float* g = c.in("gamma", {C});
    const float* b = c.in("beta", {C});
    const double eps = c.scalar("eps");
    double* y = c.out("y", {N, C, H, W});
    const int64_t span = (C / G) * H * W;
    for (int64_t p = 0; p < N * G; ++p) {
      const float* xs = x + p * span;
      double m, v;
      moments(span, [&](int64_t i) { return static_cast<double>(xs[i]); }, &m, &v);
      const double inv = 1.0 / std::sqrt(v + eps);
      for (int64_t i = 0; i < span; ++i) {
        const int64_t ch = (p % G) * (C / G) + i / (H * W);
        y[p * span + i] = (xs[i] - m) * inv * g[ch] + b[ch];
      }
    }
  };
  // x / ‖x‖₂ along dim 1 of (B, D).
  r["l2norm"] = [](RefContext& c) {
    const int64_t B = c.var("B"), D = c.var("D");
    const float* x = c.in("x", {B, D});
    double* y = c.out("y", {B, D});
    for (int64_t b = 0; b < B; ++b) {
      double s = 0.0;
      for (int64_t i = 0; i < D; ++i) s += static_cast<double>(x[b * D + i]) * x[b * D + i];
      const double n = std::sqrt(s);
      for (int64_t i = 0; i < D; ++i) y[b * D + i] = x[b * D + i] / n;
    }
  };
  // llama RMSNorm: x · rsqrt(mean(x²) + eps) · w over the last dim of (B, T, D).
  r["rmsnorm"] = [](RefContext& c) {
    const int64_t B = c.var("B"), T = c.var("T"), D = c.var("D");
    const float* x = c.in("x", {B, T, D});
    const float* w = c.in("w", {D});
    const double eps = c.scalar("eps");
    double* y = c.out("y", {B, T, D});
    for (int64_t row = 0; row < B * T; ++row) {
      double s = 0.0;
      for (int64_t i = 0; i < D; ++i) s += static_cast<double>(x[row * D + i]) * x[row * D + i];
      const double inv = 1.0 / std::sqrt(s / static_cast<double>(D) + eps);
      for (int64_t i = 0; i < D; ++i) y[row * D + i] = x[row * D + i] * inv * w[i];
    }
  };
  // Layer norm over the last three dims (C, H, W) with elementwise affine of that shape.
  r["layernorm"] = [](RefContext& c) {
    const int64_t B = c.var("B"), C = c.var("C"), H = c.var("H"), W = c.var("W");
    const float* x = c.in("x", {B, C, H, W});
    const float* w = c.in("w", {C, H, W});
    const float* bias = c.in("b", {C, H, W});
    const double eps = c.scalar("eps");
    double* y = c.out("y", {B, C, H, W});
    const int64_t n = C * H * W;
    for (int64_t b = 0; b < B; ++b) {
      double m, v;
      moments(n, [&](int64_t i) { return static_cast<double>(x[b * n + i]); }, &m, &v);
      const double inv = 1.0 / std::sqrt(v + eps);
      for (int64_t i = 0; i < n; ++i) y[b * n + i] = (x[b * n + i] - m) * inv * w[i] + bias[i];
    }
  };
  // Layer norm backward: with x̂ = (x − μ)·r and ĝ = dy·w,
  // dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), dw = Σ_b dy·x̂, db = Σ_b dy.
  r["layernorm_bwd"] = [](RefContext& c) {
    const int64_t B = c.var("B"), C = c.var("C"), H = c.var("H"), W = c.var("W");
    const float* dy = c.in("dy", {B, C, H, W});
    const float* x = c.in("x", {B, C, H, W});
    const float* w = c.in("w", {C, H, W});
    const double eps = c.scalar("eps");
    double* dx = c.out("dx", {B, C, H, W});
    double* dw = c.out("dw", {C, H, W});
    double* db = c.out("db", {C, H, W});
    const int64_t n = C * H * W;
    for (int64_t b = 0; b < B; ++b) {
      double m, v;
      moments(n, [&](int64_t i) { return static_cast<double>(x[b * n + i]); }, &m, &v);
      const double rs = 1.0 / std::sqrt(v + eps);
      double mg = 0.0, mgx = 0.0;
      for (int64_t i = 0; i < n; ++i) {
        const double xh = (x[b * n + i] - m) * rs, gh = static_cast<double>(dy[b * n + i]) * w[i];
        mg += gh;
        mgx += gh * xh;
        dw[i] += static_cast<double>(dy[b * n + i]) * xh;
        db[i] += dy[b * n + i];
      }
      mg /= static_cast<double>(n);
      mgx /= static_cast<double>(n);
      for (int64_t i = 0; i < n; ++i) {
        const double xh = (x[b * n + i] - m) * rs, gh = static_cast<double>(dy[b * n + i]) * w[i];
        dx[b * n + i] = rs * (gh - mg - xh * mgx);
      }
    }
  };
}

}  // namespace tansaku::kbench
