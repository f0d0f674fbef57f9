// Naive cumsum reference: one thread per row, sequential accumulation in double.
extern "C" __global__ void cumsum_ref(const float* x, float* y, int B, int N) {
  const int b = blockIdx.x * blockDim.x + threadIdx.x;
  if (b >= B) return;
  const float* row = x + (size_t)b * N;
  float* out = y + (size_t)b * N;
  double acc = 0.0;
  for (int i = 0; i < N; ++i) {
    const double v = row[i];
    acc += v; out[i] = (float)acc;
  }
}
