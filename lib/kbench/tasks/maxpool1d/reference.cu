// Naive 1-D max-pool reference: one thread per output; out-of-range taps are skipped (-inf padding).
extern "C" __global__ void maxpool1d_ref(const float* x, float* y, int rows, int L, int LO, int K, int S, int P, int DIL) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)rows * LO) return;
  const long long r = t / LO;
  const int o = (int)(t % LO);
  float m = -INFINITY;
  for (int k = 0; k < K; ++k) {
    const int i = o * S - P + k * DIL;
    if (i >= 0 && i < L) m = fmaxf(m, x[r * L + i]);
  }
  y[t] = m;
}
