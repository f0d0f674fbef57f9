// Naive transposed convolution reference: one thread per output gathering the inputs that scatter
// to it (oy = iy*S - P + ky, so iy = (oy + P - ky) / S when divisible), fp64 accumulation.
extern "C" __global__ void conv_transpose2d_ref(const float* x, const float* w, float* y, int N, int CIN, int H, int W, int COUT, int K, int S, int P, int HO, int WO) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)N * COUT * HO * WO) return;
  const int ox = (int)(t % WO), oy = (int)(t / WO % HO), co = (int)(t / ((long long)WO * HO) % COUT);
  const long long n = t / ((long long)WO * HO * COUT);
  double acc = 0.0;
  for (int ky = 0; ky < K; ++ky) {
    const int ny = oy + P - ky;
    if (ny < 0 || ny % S != 0 || ny / S >= H) continue;
    for (int kx = 0; kx < K; ++kx) {
      const int nx = ox + P - kx;
      if (nx < 0 || nx % S != 0 || nx / S >= W) continue;
      for (int ci = 0; ci < CIN; ++ci)
        acc += (double)x[((n * CIN + ci) * H + ny / S) * W + nx / S] * w[(((long long)ci * COUT + co) * K + ky) * K + kx];
    }
  }
  y[t] = (float)acc;
}
