// Sum over the block (blockDim.x a power of two, at most 1024), in double.
__device__ double block_sum(double v) {
  __shared__ double partial[1024];
  partial[threadIdx.x] = v;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k >>= 1) {
    if (threadIdx.x < k) partial[threadIdx.x] += partial[threadIdx.x + k];
    __syncthreads();
  }
  const double total = partial[0];
  __syncthreads();
  return total;
}

// Naive KL reference: a single block; per row, log-sum-exp of both rows in double, then the sum.
extern "C" __global__ void kl_div_loss_ref(const float* pred, const float* target, float* loss, int B, int D) {
  double total = 0.0;
  for (int b = 0; b < B; ++b) {
    const float* p = pred + (size_t)b * D;
    const float* t = target + (size_t)b * D;
    double mp = -INFINITY, mt = -INFINITY;
    for (int i = 0; i < D; ++i) { mp = fmax(mp, (double)p[i]); mt = fmax(mt, (double)t[i]); }
    double sp = 0.0, st = 0.0;
    for (int i = threadIdx.x; i < D; i += blockDim.x) { sp += exp(p[i] - mp); st += exp(t[i] - mt); }
    const double lp = mp + log(block_sum(sp)), lq = mt + log(block_sum(st));
    double s = 0.0;
    for (int i = threadIdx.x; i < D; i += blockDim.x) {
      const double logq = t[i] - lq, logp = p[i] - lp;
      s += exp(logq) * (logq - logp);
    }
    total += block_sum(s);
  }
  if (threadIdx.x == 0) loss[0] = (float)(total / B);
}
