// Naive argmin_dim1 reference: one thread per (b, j) column, scanning i in order, in double.
extern "C" __global__ void argmin_dim1_ref(const float* x, int* y, int B, int D1, int D2) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)B * D2) return;
  const long long b = t / D2, j = t % D2;
  const float* col = x + b * D1 * D2 + j;
  double acc = INFINITY;
  int best = 0;
  for (int i = 0; i < D1; ++i) {
    const double v = col[(long long)i * D2];
    if (v < acc) { acc = v; best = i; }
  }
  y[t] = (int)(best);
}
