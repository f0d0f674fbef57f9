// Naive 2-D average-pool reference: one thread per output, double sum, divisor K*K.
extern "C" __global__ void avgpool2d_ref(const float* x, float* y, int planes, int H, int W, int HO, int WO, int K, int S, int P) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)planes * HO * WO) return;
  const long long p = t / ((long long)HO * WO);
  const int oy = (int)(t / WO % HO), ox = (int)(t % WO);
  double s = 0.0;
  for (int ky = 0; ky < K; ++ky)
    for (int kx = 0; kx < K; ++kx) {
      const int iy = oy * S - P + ky, ix = ox * S - P + kx;
      if (iy >= 0 && iy < H && ix >= 0 && ix < W) s += x[(p * H + iy) * W + ix];
    }
  y[t] = (float)(s / (K * K));
}
