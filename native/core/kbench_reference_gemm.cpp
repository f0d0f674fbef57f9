// fp64 references for matrix products: plain, batched, GEMV, diag(a)·B, linear (+ReLU) forward
// and backward, and the SiLU-gated MLP. Row-major throughout; weights are (out, in) as in torch.
#include <cmath>

#include "kbench_reference.h"

namespace tansaku::kbench {

namespace {

// C (M, N) = A (M, K) · B (K, N), all row-major, accumulated in double.
void matmul(const float* a, const float* b, double* c, int64_t m, int64_t k, int64_t n) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double s = 0.0;
      for (int64_t p = 0; p < k; ++p) s += static_cast<double>(a[i * k + p]) * b[p * n + j];
      c[i * n + j] = s;
    }
}

// Pre-activation of a linear layer: z (B, OUT) = x (B, IN) · Wᵀ + b.
std::vector<double> linear_pre(const float* x, const float* w, const float* b, int64_t batch, int64_t in, int64_t out) {
  std::vector<double> z(static_cast<size_t>(batch * out));
  for (int64_t i = 0; i < batch; ++i)
    for (int64_t o = 0; o < out; ++o) {
      double s = b[o];
      for (int64_t p = 0; p < in; ++p) s += static_cast<double>(x[i * in + p]) * w[o * in + p];
      z[i * out + o] = s;
    }
  return z;
}

void linear_forward(RefContext& c, bool relu) {
  const int64_t B = c.var("B"), IN = c.var("IN"), OUT = c.var("OUT");
  const auto z = linear_pre(c.in("x", {B, IN}), c.in("w", {OUT, IN}), c.in("b", {OUT}), B, IN, OUT);
  double* y = c.out("y", {B, OUT});
  for (size_t i = 0; i < z.size(); ++i) y[i] = relu ? std::fmax(z[i], 0.0) : z[i];
}

// dX = G·W, dW = Gᵀ·X, db = Σ_rows G, with G = dY masked by z > 0 for the ReLU variant.
void linear_backward(RefContext& c, bool relu) {
  const int64_t B = c.var("B"), IN = c.var("IN"), OUT = c.var("OUT");
  const float* dy = c.in("dy", {B, OUT});
  const float* x = c.in("x", {B, IN});
  const float* w = c.in("w", {OUT, IN});
  std::vector<double> g(dy, dy + B * OUT);
  if (relu) {
    const auto z = linear_pre(x, w, c.in("b", {OUT}), B, IN, OUT);
    for (size_t i = 0; i < g.size(); ++i)
      if (!(z[i] > 0.0)) g[i] = 0.0;
  }
  double* dx = c.out("dx", {B, IN});
  double* dw = c.out("dw", {OUT, IN});
  double* db = c.out("db", {OUT});
  for (int64_t i = 0; i < B; ++i)
    for (int64_t o = 0; o < OUT; ++o) {
      const double go = g[i * OUT + o];
      db[o] += go;
      for (int64_t p = 0; p < IN; ++p) {
        dx[i * IN + p] += go * w[o * IN + p];
        dw[o * IN + p] += go * x[i * IN + p];
      }
    }
}

}  // namespace

void register_gemm_references(std::map<std::string, ReferenceFn>& r) {
  r["matmul_square"] = [](RefContext& c) {
    const int64_t N = c.var("N");
    matmul(c.in("a", {N, N}), c.in("b", {N, N}), c.out("c", {N, N}), N, N, N);
  };
  r["matmul"] = [](RefContext& c) {
    const int64_t M = c.var("M"), K = c.var("K"), N = c.var("N");
    matmul(c.in("a", {M, K}), c.in("b", {K, N}), c.out("c", {M, N}), M, K, N);
  };
  r["bmm"] = [](RefContext& c) {
    const int64_t BT = c.var("BT"), M = c.var("M"), K = c.var("K"), N = c.var("N");
    const float* a = c.in("a", {BT, M, K});
    const float* b = c.in("b", {BT, K, N});
    double* out = c.out("c", {BT, M, N});
    for (int64_t t = 0; t < BT; ++t) matmul(a + t * M * K, b + t * K * N, out + t * M * N, M, K, N);
  };
  r["gemv"] = [](RefContext& c) {
    const int64_t M = c.var("M"), K = c.var("K");
    matmul(c.in("a", {M, K}), c.in("x", {K}), c.out("y", {M}), M, K, 1);
  };
  r["diag_matmul"] = [](RefContext& c) {
    const int64_t N = c.var("N"), M = c.var("M");
    const float* d = c.in("d", {N});
    const float* b = c.in("b", {N, M});
    double* out = c.out("c", {N, M});
    for (int64_t i = 0; i < N; ++i)
      for (int64_t j = 0; j < M; ++j) out[i * M + j] = static_cast<double>(d[i]) * b[i * M + j];
  };
  r["linear"] = [](RefContext& c) { linear_forward(c, false); };
  r["linear_relu"] = [](RefContext& c) { linear_forward(c, true); };
  r["linear_bwd"] = [](RefContext& c) { linear_backward(c, false); };
  r["linear_relu_bwd"] = [](RefContext& c) { linear_backward(c, true); };
  // y = (silu(x·Wgᵀ) ⊙ (x·Wuᵀ))·Wdᵀ, no biases (llama feed-forward).
  r["llama_ffw"] = [](RefContext& c) {
    const int64_t M = c.var("M"), D = c.var("D"), U = c.var("U");
    const float* x = c.in("x", {M, D});
    const float* wg = c.in("wg", {U, D});
    const float* wu = c.in("wu", {U, D});
    const float* wd = c.in("wd", {D, U});
    double* y = c.out("y", {M, D});
    std::vector<double> h(static_cast<size_t>(U));
    for (int64_t m = 0; m < M; ++m) {
      for (int64_t u = 0; u < U; ++u) {
        double g = 0.0, v = 0.0;
        for (int64_t d = 0; d < D; ++d) {
          g += static_cast<double>(x[m * D + d]) * wg[u * D + d];
          v += static_cast<double>(x[m * D + d]) * wu[u * D + d];
        }
        h[u] = g / (1.0 + std::exp(-g)) * v;
      }
      for (int64_t d = 0; d < D; ++d) {
        double s = 0.0;
        for (int64_t u = 0; u < U; ++u) s += h[u] * wd[d * U + u];
        y[m * D + d] = s;
      }
    }
  };
}

}  // namespace tansaku::kbench
