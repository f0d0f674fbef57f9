// Naive depthwise convolution reference: one thread per output, fp64 accumulation.
extern "C" __global__ void depthwise_conv2d_ref(const float* x, const float* w, float* y, int planes, int C, int H, int W, int K, int S, int P, int HO, int WO) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)planes * HO * WO) return;
  const int ox = (int)(t % WO), oy = (int)(t / WO % HO);
  const long long p = t / ((long long)WO * HO);
  const int c = (int)(p % C);
  double acc = 0.0;
  for (int ky = 0; ky < K; ++ky)
    for (int kx = 0; kx < K; ++kx) {
      const int iy = oy * S - P + ky, ix = ox * S - P + kx;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      acc += (double)x[(p * H + iy) * W + ix] * w[((long long)c * K + ky) * K + kx];
    }
  y[t] = (float)acc;
}
