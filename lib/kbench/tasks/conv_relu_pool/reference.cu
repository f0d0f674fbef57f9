// Naive conv + ReLU + max-pool reference: one thread per pooled output; the four convolutions of
// its window in fp64.
extern "C" __global__ void conv_relu_pool_ref(const float* x, const float* w, const float* b, float* y, int N, int CIN, int H, int W, int COUT) {
  const int HO = (H - 2) / 2, WO = (W - 2) / 2;
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)N * COUT * HO * WO) return;
  const int ox = (int)(t % WO), oy = (int)(t / WO % HO), co = (int)(t / ((long long)WO * HO) % COUT);
  const long long n = t / ((long long)WO * HO * COUT);
  double m = -INFINITY;
  for (int dy = 0; dy < 2; ++dy)
    for (int dx = 0; dx < 2; ++dx) {
      double acc = b[co];
      for (int ci = 0; ci < CIN; ++ci)
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx)
            acc += (double)x[((n * CIN + ci) * H + 2 * oy + dy + ky) * W + 2 * ox + dx + kx] * w[(((long long)co * CIN + ci) * 3 + ky) * 3 + kx];
      m = fmax(m, acc);
    }
  y[t] = (float)fmax(m, 0.0);
}
