// Naive 1-D convolution reference: one thread per output, fp64 accumulation.
extern "C" __global__ void conv1d_ref(const float* x, const float* w, float* y, int N, int CIN, int L, int COUT, int K, int S, int P, int DIL, int LO) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)N * COUT * LO) return;
  const int o = (int)(t % LO), co = (int)(t / LO % COUT);
  const long long n = t / ((long long)LO * COUT);
  double acc = 0.0;
  for (int ci = 0; ci < CIN; ++ci)
    for (int k = 0; k < K; ++k) {
      const int i = o * S - P + k * DIL;
      if (i >= 0 && i < L) acc += (double)x[(n * CIN + ci) * L + i] * w[((long long)co * CIN + ci) * K + k];
    }
  y[t] = (float)acc;
}
