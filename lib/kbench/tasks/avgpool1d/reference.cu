// Naive 1-D average-pool reference: one thread per output, double sum, divisor K.
extern "C" __global__ void avgpool1d_ref(const float* x, float* y, int rows, int L, int LO, int K, int S, int P) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)rows * LO) return;
  const long long r = t / LO;
  const int o = (int)(t % LO);
  double s = 0.0;
  for (int k = 0; k < K; ++k) {
    const int i = o * S - P + k;
    if (i >= 0 && i < L) s += x[r * L + i];
  }
  y[t] = (float)(s / K);
}
