// Naive direct convolution reference: one thread per output, fp64 accumulation.
extern "C" __global__ void conv2d_ref(const float* x, const float* w, float* y, int N, int CIN, int H, int W, int COUT, int K, int S, int P, int HO, int WO) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)N * COUT * HO * WO) return;
  const int ox = (int)(t % WO), oy = (int)(t / WO % HO), co = (int)(t / ((long long)WO * HO) % COUT);
  const long long n = t / ((long long)WO * HO * COUT);
  double acc = 0.0;
  for (int ci = 0; ci < CIN; ++ci)
    for (int ky = 0; ky < K; ++ky)
      for (int kx = 0; kx < K; ++kx) {
        const int iy = oy * S - P + ky, ix = ox * S - P + kx;
        if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
        acc += (double)x[((n * CIN + ci) * H + iy) * W + ix] * w[(((long long)co * CIN + ci) * K + ky) * K + kx];
      }
  y[t] = (float)acc;
}
