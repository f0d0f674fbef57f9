// fp64 references for losses over (B, D) tensors, each a single-element output (mean reduction
// unless stated), and cross-entropy forward/backward over logits (B, C) with int32 targets.
#include <cmath>

#include "kbench_reference.h"

namespace tansaku::kbench {

namespace {

struct Pair {
  int64_t B, D;
  const float* p;
  const float* t;
};

Pair pair_inputs(RefContext& c) {
  const int64_t B = c.var("B"), D = c.var("D");
  return {B, D, c.in("pred", {B, D}), c.in("target", {B, D})};
}

}  // namespace

void register_loss_references(std::map<std::string, ReferenceFn>& r) {
  r["mse"] = [](RefContext& c) {
    const auto [B, D, p, t] = pair_inputs(c);
    double s = 0.0;
    for (int64_t i = 0; i < B * D; ++i) s += (static_cast<double>(p[i]) - t[i]) * (static_cast<double>(p[i]) - t[i]);
    c.out("loss", {1})[0] = s / static_cast<double>(B * D);
  };
  // Smooth L1 with beta = 1: 0.5 d² where |d| < 1, else |d| − 0.5.
  r["huber"] = [](RefContext& c) {
    const auto [B, D, p, t] = pair_inputs(c);
    double s = 0.0;
    for (int64_t i = 0; i < B * D; ++i) {
      const double d = std::fabs(static_cast<double>(p[i]) - t[i]);
      s += d < 1.0 ? 0.5 * d * d : d - 0.5;
    }
    c.out("loss", {1})[0] = s / static_cast<double>(B * D);
  };
  // kl_div(log p, q, 'batchmean') with p = softmax(pred), q = softmax(target) per row:
  // Σ q (log q − log p) / B.
  r["kl_div"] = [](RefContext& c) {
    const auto [B, D, p, t] = pair_inputs(c);
    double s = 0.0;
    for (int64_t b = 0; b < B; ++b) {
      const double lp = logsumexp_row(p + b * D, D), lq = logsumexp_row(t + b * D, D);
      for (int64_t i = 0; i < D; ++i) {
        const double logq = t[b * D + i] - lq, logp = p[b * D + i] - lp;
        s += std::exp(logq) * (logq - logp);
      }
    }
    c.out("loss", {1})[0] = s / static_cast<double>(B);
  };
  // 1 − cosine similarity per row (norms clamped below by eps = 1e-8), averaged over rows.
  r["cosine_loss"] = [](RefContext& c) {
    const auto [B, D, p, t] = pair_inputs(c);
    double s = 0.0;
    for (int64_t b = 0; b < B; ++b) {
      double dot = 0.0, np = 0.0, nt = 0.0;
      for (int64_t i = 0; i < D; ++i) {
        const double a = p[b * D + i], q = t[b * D + i];
        dot += a * q, np += a * a, nt += q * q;
      }
      s += 1.0 - dot / (std::fmax(std::sqrt(np), 1e-8) * std::fmax(std::sqrt(nt), 1e-8));
    }
    c.out("loss", {1})[0] = s / static_cast<double>(B);
  };
  // Triplet margin loss, p = 2: mean over rows of max(‖a − p + eps‖ − ‖a − n + eps‖ + margin, 0)
  // (eps added to the difference, as torch's pairwise_distance does).
  r["triplet"] = [](RefContext& c) {
    const int64_t B = c.var("B"), D = c.var("D");
    const float* a = c.in("anchor", {B, D});
    const float* pos = c.in("positive", {B, D});
    const float* neg = c.in("negative", {B, D});
    const double margin = c.scalar("margin"), eps = c.scalar("eps");
    double s = 0.0;
    for (int64_t b = 0; b < B; ++b) {
      double dp = 0.0, dn = 0.0;
      for (int64_t i = 0; i < D; ++i) {
        const double u = static_cast<double>(a[b * D + i]) - pos[b * D + i] + eps;
        const double v = static_cast<double>(a[b * D + i]) - neg[b * D + i] + eps;
        dp += u * u, dn += v * v;
      }
      s += std::fmax(std::sqrt(dp) - std::sqrt(dn) + margin, 0.0);
    }
    c.out("loss", {1})[0] = s / static_cast<double>(B);
  };
  // Hinge: mean(clamp(1 − pred·y, 0)) with labels y = 2t − 1 for int targets t ∈ {0, 1}.
  r["hinge"] = [](RefContext& c) {
    const int64_t B = c.var("B"), D = c.var("D");
    const float* p = c.in("pred", {B, D});
    const int32_t* t = c.in_int("target", {B, D});
    double s = 0.0;
    for (int64_t i = 0; i < B * D; ++i) s += std::fmax(1.0 - static_cast<double>(p[i]) * (2.0 * t[i] - 1.0), 0.0);
    c.out("loss", {1})[0] = s / static_cast<double>(B * D);
  };
  // Cross-entropy, mean over rows: logsumexp(x_b) − x_b[t_b].
  r["cross_entropy"] = [](RefContext& c) {
    const int64_t B = c.var("B"), C = c.var("C");
    const float* x = c.in("logits", {B, C});
    const int32_t* t = c.in_int("target", {B});
    double s = 0.0;
    for (int64_t b = 0; b < B; ++b) {
      if (t[b] < 0 || t[b] >= C) throw ReferenceError("target " + std::to_string(t[b]) + " outside [0, C)");
      s += logsumexp_row(x + b * C, C) - x[b * C + t[b]];
    }
    c.out("loss", {1})[0] = s / static_cast<double>(B);
  };
  // Its gradient with upstream g: (softmax(x_b) − onehot(t_b)) · g / B.
  r["cross_entropy_bwd"] = [](RefContext& c) {
    const int64_t B = c.var("B"), C = c.var("C");
    const float* x = c.in("logits", {B, C});
    const int32_t* t = c.in_int("target", {B});
    const double g = c.in("dloss", {1})[0];
    double* dx = c.out("dlogits", {B, C});
    for (int64_t b = 0; b < B; ++b) {
      if (t[b] < 0 || t[b] >= C) throw ReferenceError("target " + std::to_string(t[b]) + " outside [0, C)");
      const double lse = logsumexp_row(x + b * C, C);
      for (int64_t i = 0; i < C; ++i) dx[b * C + i] = (std::exp(x[b * C + i] - lse) - (i == t[b] ? 1.0 : 0.0)) * g / static_cast<double>(B);
    }
  };
}

}  // namespace tansaku::kbench
