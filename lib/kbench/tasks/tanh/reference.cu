// Naive tanh reference: one element per thread, evaluated in double.
extern "C" __global__ void tanh_ref(const float* x, float* y, int n) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const double v = x[i];
  y[i] = (float)(tanh(v));
}
