// Naive leaky_relu reference: one element per thread, evaluated in double.
extern "C" __global__ void leaky_relu_ref(const float* x, float* y, int n, float negative_slope) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const double v = x[i];
  y[i] = (float)(v > 0.0 ? v : negative_slope * v);
}
