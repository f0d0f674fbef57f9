// Naive linear reference: one thread per output, fp64 accumulation.
extern "C" __global__ void linear_fwd_ref(const float* x, const float* w, const float* b, float* y, int B, int IN, int OUT) {
  const int o = blockIdx.x * blockDim.x + threadIdx.x, r = blockIdx.y * blockDim.y + threadIdx.y;
  if (r >= B || o >= OUT) return;
  double acc = b[o];
  for (int k = 0; k < IN; ++k) acc += (double)x[(size_t)r * IN + k] * w[(size_t)o * IN + k];
  y[(size_t)r * OUT + o] = (float)(acc);
}
