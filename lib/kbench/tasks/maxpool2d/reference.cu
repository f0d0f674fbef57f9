// Naive 2-D max-pool reference: one thread per output; out-of-range taps are skipped (-inf padding).
extern "C" __global__ void maxpool2d_ref(const float* x, float* y, int planes, int H, int W, int HO, int WO, int K, int S, int P, int DIL) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)planes * HO * WO) return;
  const long long p = t / ((long long)HO * WO);
  const int oy = (int)(t / WO % HO), ox = (int)(t % WO);
  float m = -INFINITY;
  for (int ky = 0; ky < K; ++ky)
    for (int kx = 0; kx < K; ++kx) {
      const int iy = oy * S - P + ky * DIL, ix = ox * S - P + kx * DIL;
      if (iy >= 0 && iy < H && ix >= 0 && ix < W) m = fmaxf(m, x[(p * H + iy) * W + ix]);
    }
  y[t] = m;
}
