// Naive gelu reference: one element per thread, evaluated in double.
extern "C" __global__ void gelu_ref(const float* x, float* y, int n) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const double v = x[i];
  y[i] = (float)(0.5 * v * (1.0 + erf(v * 0.70710678118654752440)));
}
