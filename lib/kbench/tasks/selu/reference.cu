// Naive selu reference: one element per thread, evaluated in double.
extern "C" __global__ void selu_ref(const float* x, float* y, int n) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const double v = x[i];
  y[i] = (float)(1.0507009873554804934193349852946 * (v > 0.0 ? v : 1.6732632423543772848170429916717 * expm1(v)));
}
