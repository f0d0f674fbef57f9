// Naive elu reference: one element per thread, evaluated in double.
extern "C" __global__ void elu_ref(const float* x, float* y, int n, float alpha) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const double v = x[i];
  y[i] = (float)(v > 0.0 ? v : alpha * expm1(v));
}
