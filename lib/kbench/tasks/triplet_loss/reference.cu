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

// Naive triplet-loss reference: a single block, rows in turn, fp64 accumulation.
extern "C" __global__ void triplet_loss_ref(const float* a, const float* p, const float* n, float* loss, int B, int D, float margin, float eps) {
  double total = 0.0;
  for (int b = 0; b < B; ++b) {
    double dp = 0.0, dn = 0.0;
    for (int i = threadIdx.x; i < D; i += blockDim.x) {
      const size_t k = (size_t)b * D + i;
      const double u = (double)a[k] - p[k] + (double)eps, v = (double)a[k] - n[k] + (double)eps;
      dp += u * u; dn += v * v;
    }
    dp = block_sum(dp); dn = block_sum(dn);
    total += fmax(sqrt(dp) - sqrt(dn) + (double)margin, 0.0);
  }
  if (threadIdx.x == 0) loss[0] = (float)(total / B);
}
