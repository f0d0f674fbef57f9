// fp64 references for pooling and convolution (NCHW, square kernels). Max pooling treats padding
// as −inf and returns the first maximum in window scan order; average pooling counts padding in
// the divisor (torch's count_include_pad=True); floor output sizes (ceil_mode=False).
#include <cmath>

#include "kbench_reference.h"

namespace tansaku::kbench {

namespace {

int64_t out_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, const char* what) {
  const int64_t span = in + 2 * p - d * (k - 1) - 1;
  if (span < 0 || s <= 0) throw ReferenceError(std::string(what) + ": the window does not fit the input");
  return span / s + 1;
}

// Direct convolution, no bias: x (N, CIN, H, W), w (COUT, CIN, K, K), stride s, padding p.
void conv2d(const float* x, const float* w, double* y, int64_t n, int64_t cin, int64_t h, int64_t wd, int64_t cout, int64_t k,
            int64_t s, int64_t p, int64_t ho, int64_t wo) {
  for (int64_t b = 0; b < n; ++b)
    for (int64_t co = 0; co < cout; ++co)
      for (int64_t oy = 0; oy < ho; ++oy)
        for (int64_t ox = 0; ox < wo; ++ox) {
          double acc = 0.0;
          for (int64_t ci = 0; ci < cin; ++ci)
            for (int64_t ky = 0; ky < k; ++ky)
              for (int64_t kx = 0; kx < k; ++kx) {
                const int64_t iy = oy * s - p + ky, ix = ox * s - p + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                acc += static_cast<double>(x[((b * cin + ci) * h + iy) * wd + ix]) * w[((co * cin + ci) * k + ky) * k + kx];
              }
          y[((b * cout + co) * ho + oy) * wo + ox] = acc;
        }
}

// 3×3, stride 1, padding 1 convolution followed by inference batch norm, on doubles.
std::vector<double> conv3_bn(const std::vector<double>& x, const float* w, const float* g, const float* beta, const float* mean,
                             const float* var, double eps, int64_t n, int64_t c, int64_t h, int64_t wd) {
  std::vector<double> y(x.size());
  for (int64_t b = 0; b < n; ++b)
    for (int64_t co = 0; co < c; ++co) {
      const double scale = g[co] / std::sqrt(static_cast<double>(var[co]) + eps);
      for (int64_t oy = 0; oy < h; ++oy)
        for (int64_t ox = 0; ox < wd; ++ox) {
          double acc = 0.0;
          for (int64_t ci = 0; ci < c; ++ci)
            for (int64_t ky = 0; ky < 3; ++ky)
              for (int64_t kx = 0; kx < 3; ++kx) {
                const int64_t iy = oy - 1 + ky, ix = ox - 1 + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                acc += x[((b * c + ci) * h + iy) * wd + ix] * w[((co * c + ci) * 3 + ky) * 3 + kx];
              }
          y[((b * c + co) * h + oy) * wd + ox] = (acc - mean[co]) * scale + beta[co];
        }
    }
  return y;
}

}  // namespace

void register_pool_conv_references(std::map<std::string, ReferenceFn>& r) {
  r["maxpool1d"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), L = c.var("L"), K = c.var("K"), S = c.var("S"), DIL = c.var("DIL");
    const int64_t pad = c.var_nonneg("P");
    const int64_t LO = out_size(L, K, S, pad, DIL, "maxpool1d");
    const float* x = c.in("x", {N, C, L});
    double* y = c.out("y", {N, C, LO});
    for (int64_t row = 0; row < N * C; ++row)
      for (int64_t o = 0; o < LO; ++o) {
        double m = -INFINITY;
        for (int64_t k = 0; k < K; ++k) {
          const int64_t i = o * S - pad + k * DIL;
          if (i >= 0 && i < L) m = std::fmax(m, x[row * L + i]);
        }
        y[row * LO + o] = m;
      }
  };
  r["avgpool1d"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), L = c.var("L"), K = c.var("K"), S = c.var("S"), pad = c.var_nonneg("P");
    const int64_t LO = out_size(L, K, S, pad, 1, "avgpool1d");
    const float* x = c.in("x", {N, C, L});
    double* y = c.out("y", {N, C, LO});
    for (int64_t row = 0; row < N * C; ++row)
      for (int64_t o = 0; o < LO; ++o) {
        double s = 0.0;
        for (int64_t k = 0; k < K; ++k) {
          const int64_t i = o * S - pad + k;
          if (i >= 0 && i < L) s += x[row * L + i];
        }
        y[row * LO + o] = s / static_cast<double>(K);
      }
  };
  // 1-D convolution with stride, zero padding and dilation, no bias: w (COUT, CIN, K).
  r["conv1d"] = [](RefContext& c) {
    const int64_t N = c.var("N"), CIN = c.var("CIN"), L = c.var("L"), COUT = c.var("COUT"), K = c.var("K"), S = c.var("S"),
                  pad = c.var_nonneg("P"), DIL = c.var("DIL");
    const int64_t LO = out_size(L, K, S, pad, DIL, "conv1d");
    const float* x = c.in("x", {N, CIN, L});
    const float* w = c.in("w", {COUT, CIN, K});
    double* y = c.out("y", {N, COUT, LO});
    for (int64_t b = 0; b < N; ++b)
      for (int64_t co = 0; co < COUT; ++co)
        for (int64_t o = 0; o < LO; ++o) {
          double acc = 0.0;
          for (int64_t ci = 0; ci < CIN; ++ci)
            for (int64_t k = 0; k < K; ++k) {
              const int64_t i = o * S - pad + k * DIL;
              if (i >= 0 && i < L) acc += static_cast<double>(x[(b * CIN + ci) * L + i]) * w[(co * CIN + ci) * K + k];
            }
          y[(b * COUT + co) * LO + o] = acc;
        }
  };
  r["maxpool2d"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), H = c.var("H"), W = c.var("W"), K = c.var("K"), S = c.var("S"),
                  DIL = c.var("DIL"), pad = c.var_nonneg("P");
    const int64_t HO = out_size(H, K, S, pad, DIL, "maxpool2d"), WO = out_size(W, K, S, pad, DIL, "maxpool2d");
    const float* x = c.in("x", {N, C, H, W});
    double* y = c.out("y", {N, C, HO, WO});
    for (int64_t p = 0; p < N * C; ++p)
      for (int64_t oy = 0; oy < HO; ++oy)
        for (int64_t ox = 0; ox < WO; ++ox) {
          double m = -INFINITY;
          for (int64_t ky = 0; ky < K; ++ky)
            for (int64_t kx = 0; kx < K; ++kx) {
              const int64_t iy = oy * S - pad + ky * DIL, ix = ox * S - pad + kx * DIL;
              if (iy >= 0 && iy < H && ix >= 0 && ix < W) m = std::fmax(m, x[(p * H + iy) * W + ix]);
            }
          y[(p * HO + oy) * WO + ox] = m;
        }
  };
  r["avgpool2d"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), H = c.var("H"), W = c.var("W"), K = c.var("K"), S = c.var("S"),
                  pad = c.var_nonneg("P");
    const int64_t HO = out_size(H, K, S, pad, 1, "avgpool2d"), WO = out_size(W, K, S, pad, 1, "avgpool2d");
    const float* x = c.in("x", {N, C, H, W});
    double* y = c.out("y", {N, C, HO, WO});
    for (int64_t p = 0; p < N * C; ++p)
      for (int64_t oy = 0; oy < HO; ++oy)
        for (int64_t ox = 0; ox < WO; ++ox) {
          double s = 0.0;
          for (int64_t ky = 0; ky < K; ++ky)
            for (int64_t kx = 0; kx < K; ++kx) {
              const int64_t iy = oy * S - pad + ky, ix = ox * S - pad + kx;
              if (iy >= 0 && iy < H && ix >= 0 && ix < W) s += x[(p * H + iy) * W + ix];
            }
          y[(p * HO + oy) * WO + ox] = s / static_cast<double>(K * K);
        }
  };
  // 2×2 stride-2 max pool backward: each output gradient goes to the first maximum of its window
  // (scan order: row, then column), as torch's max_pool2d indices do.
  r["maxpool2d_bwd"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), H = c.var("H"), W = c.var("W");
    const int64_t HO = H / 2, WO = W / 2;
    const float* x = c.in("x", {N, C, H, W});
    const float* dy = c.in("dy", {N, C, HO, WO});
    double* dx = c.out("dx", {N, C, H, W});
    for (int64_t p = 0; p < N * C; ++p)
      for (int64_t oy = 0; oy < HO; ++oy)
        for (int64_t ox = 0; ox < WO; ++ox) {
          int64_t best = (p * H + 2 * oy) * W + 2 * ox;
          for (int64_t ky = 0; ky < 2; ++ky)
            for (int64_t kx = 0; kx < 2; ++kx) {
              const int64_t i = (p * H + 2 * oy + ky) * W + 2 * ox + kx;
              if (x[i] > x[best]) best = i;
            }
          dx[best] += dy[(p * HO + oy) * WO + ox];
        }
  };
  r["conv2d"] = [](RefContext& c) {
    const int64_t N = c.var("N"), CIN = c.var("CIN"), H = c.var("H"), W = c.var("W"), COUT = c.var("COUT"), K = c.var("K"),
                  S = c.var("S"), pad = c.var_nonneg("P");
    const int64_t HO = out_size(H, K, S, pad, 1, "conv2d"), WO = out_size(W, K, S, pad, 1, "conv2d");
    conv2d(c.in("x", {N, CIN, H, W}), c.in("w", {COUT, CIN, K, K}), c.out("y", {N, COUT, HO, WO}), N, CIN, H, W, COUT, K, S, pad, HO,
           WO);
  };
  r["depthwise_conv2d"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), H = c.var("H"), W = c.var("W"), K = c.var("K"), S = c.var("S"),
                  pad = c.var_nonneg("P");
    const int64_t HO = out_size(H, K, S, pad, 1, "depthwise_conv2d"), WO = out_size(W, K, S, pad, 1, "depthwise_conv2d");
    const float* x = c.in("x", {N, C, H, W});
    const float* w = c.in("w", {C, 1, K, K});
    double* y = c.out("y", {N, C, HO, WO});
    for (int64_t b = 0; b < N; ++b)
      for (int64_t ch = 0; ch < C; ++ch) conv2d(x + (b * C + ch) * H * W, w + ch * K * K, y + (b * C + ch) * HO * WO, 1, 1, H, W, 1, K, S, pad, HO, WO);
  };
  // Transposed convolution: input pixel (iy, ix) scatters to (iy·S − P + ky, ix·S − P + kx);
  // output size (H − 1)·S − 2P + K + OP; weight (CIN, COUT, K, K).
  r["conv_transpose2d"] = [](RefContext& c) {
    const int64_t N = c.var("N"), CIN = c.var("CIN"), H = c.var("H"), W = c.var("W"), COUT = c.var("COUT"), K = c.var("K"),
                  S = c.var("S"), pad = c.var_nonneg("P"), OP = c.var_nonneg("OP");
    const int64_t HO = (H - 1) * S - 2 * pad + K + OP, WO = (W - 1) * S - 2 * pad + K + OP;
    if (HO <= 0 || WO <= 0 || OP >= S) throw ReferenceError("conv_transpose2d: invalid output size or output padding");
    const float* x = c.in("x", {N, CIN, H, W});
    const float* w = c.in("w", {CIN, COUT, K, K});
    double* y = c.out("y", {N, COUT, HO, WO});
    for (int64_t b = 0; b < N; ++b)
      for (int64_t ci = 0; ci < CIN; ++ci)
        for (int64_t iy = 0; iy < H; ++iy)
          for (int64_t ix = 0; ix < W; ++ix) {
            const double v = x[((b * CIN + ci) * H + iy) * W + ix];
            for (int64_t co = 0; co < COUT; ++co)
              for (int64_t ky = 0; ky < K; ++ky)
                for (int64_t kx = 0; kx < K; ++kx) {
                  const int64_t oy = iy * S - pad + ky, ox = ix * S - pad + kx;
                  if (oy < 0 || oy >= HO || ox < 0 || ox >= WO) continue;
                  y[((b * COUT + co) * HO + oy) * WO + ox] += v * w[((ci * COUT + co) * K + ky) * K + kx];
                }
          }
  };
  // conv 3×3 (stride 1, no padding) + bias, ReLU, 2×2 max pool (mnist_conv_relu_pool).
  r["conv_relu_pool"] = [](RefContext& c) {
    const int64_t N = c.var("N"), CIN = c.var("CIN"), H = c.var("H"), W = c.var("W"), COUT = c.var("COUT");
    const int64_t CH = H - 2, CW = W - 2, HO = CH / 2, WO = CW / 2;
    if (HO <= 0 || WO <= 0) throw ReferenceError("conv_relu_pool: input smaller than 4×4");
    const float* b = c.in("b", {COUT});
    std::vector<double> conv(static_cast<size_t>(N * COUT * CH * CW));
    conv2d(c.in("x", {N, CIN, H, W}), c.in("w", {COUT, CIN, 3, 3}), conv.data(), N, CIN, H, W, COUT, 3, 1, 0, CH, CW);
    double* y = c.out("y", {N, COUT, HO, WO});
    for (int64_t p = 0; p < N * COUT; ++p)
      for (int64_t oy = 0; oy < HO; ++oy)
        for (int64_t ox = 0; ox < WO; ++ox) {
          double m = -INFINITY;
          for (int64_t ky = 0; ky < 2; ++ky)
            for (int64_t kx = 0; kx < 2; ++kx) m = std::fmax(m, conv[(p * CH + 2 * oy + ky) * CW + 2 * ox + kx] + b[p % COUT]);
          y[(p * HO + oy) * WO + ox] = std::fmax(m, 0.0);
        }
  };
  // Basic ResNet block, identity shortcut: relu(bn2(conv2(relu(bn1(conv1(x))))) + x), BN in inference mode.
  r["resnet_block"] = [](RefContext& c) {
    const int64_t N = c.var("N"), C = c.var("C"), H = c.var("H"), W = c.var("W");
    const float* x = c.in("x", {N, C, H, W});
    const double eps = c.scalar("eps");
    std::vector<double> xd(x, x + N * C * H * W);
    auto h = conv3_bn(xd, c.in("w1", {C, C, 3, 3}), c.in("g1", {C}), c.in("b1", {C}), c.in("m1", {C}), c.in("v1", {C}), eps, N, C, H, W);
    for (double& v : h) v = std::fmax(v, 0.0);
    const auto z = conv3_bn(h, c.in("w2", {C, C, 3, 3}), c.in("g2", {C}), c.in("b2", {C}), c.in("m2", {C}), c.in("v2", {C}), eps, N, C, H, W);
    double* y = c.out("y", {N, C, H, W});
    for (size_t i = 0; i < z.size(); ++i) y[i] = std::fmax(z[i] + xd[i], 0.0);
  };
}

}  // namespace tansaku::kbench
