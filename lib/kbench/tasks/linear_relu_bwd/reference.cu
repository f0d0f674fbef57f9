// Upstream gradient masked by the ReLU of z = x·wᵀ + b (recomputed, fp64).
__device__ double grad_at(const float* dy, const float* x, const float* w, const float* b, int IN, int OUT, int r, int o) {
  double z = b[o];
  for (int k = 0; k < IN; ++k) z += (double)x[(size_t)r * IN + k] * w[(size_t)o * IN + k];
  return z > 0.0 ? (double)dy[(size_t)r * OUT + o] : 0.0;
}

// Naive linear backward reference: one thread per element of dx, dw or db (in that order), fp64.
extern "C" __global__ void linear_relu_bwd_ref(const float* dy, const float* x, const float* w, const float* b, float* dx, float* dw, float* db, int B, int IN, int OUT) {
  long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t < (long long)B * IN) {
    const int r = (int)(t / IN), k = (int)(t % IN);
    double acc = 0.0;
    for (int o = 0; o < OUT; ++o) acc += grad_at(dy, x, w, b, IN, OUT, r, o) * w[(size_t)o * IN + k];
    dx[t] = (float)acc;
    return;
  }
  t -= (long long)B * IN;
  if (t < (long long)OUT * IN) {
    const int o = (int)(t / IN), k = (int)(t % IN);
    double acc = 0.0;
    for (int r = 0; r < B; ++r) acc += grad_at(dy, x, w, b, IN, OUT, r, o) * x[(size_t)r * IN + k];
    dw[t] = (float)acc;
    return;
  }
  t -= (long long)OUT * IN;
  if (t < OUT) {
    double acc = 0.0;
    for (int r = 0; r < B; ++r) acc += grad_at(dy, x, w, b, IN, OUT, r, (int)t);
    db[t] = (float)acc;
  }
}
