// Naive linear backward reference: one thread per element of dx, dw or db (in that order), fp64.
extern "C" __global__ void linear_bwd_ref(const float* dy, const float* x, const float* w, float* dx, float* dw, float* db, int B, int IN, int OUT) {
  long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  double acc = 0.0;
  if (t < (long long)B * IN) {
    const int r = (int)(t / IN), k = (int)(t % IN);
    for (int o = 0; o < OUT; ++o) acc += (double)dy[(size_t)r * OUT + o] * w[(size_t)o * IN + k];
    dx[t] = (float)acc;
    return;
  }
  t -= (long long)B * IN;
  if (t < (long long)OUT * IN) {
    const int o = (int)(t / IN), k = (int)(t % IN);
    for (int r = 0; r < B; ++r) acc += (double)dy[(size_t)r * OUT + o] * x[(size_t)r * IN + k];
    dw[t] = (float)acc;
    return;
  }
  t -= (long long)OUT * IN;
  if (t < OUT) {
    for (int r = 0; r < B; ++r) acc += dy[(size_t)r * OUT + t];
    db[t] = (float)acc;
  }
}
