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

// Naive cosine-loss reference: a single block, rows in turn, fp64 accumulation.
extern "C" __global__ void cosine_loss_ref(const float* pred, const float* target, float* loss, int B, int D) {
  double total = 0.0;
  for (int b = 0; b < B; ++b) {
    double dot = 0.0, np = 0.0, nt = 0.0;
    for (int i = threadIdx.x; i < D; i += blockDim.x) {
      const double p = pred[(size_t)b * D + i], t = target[(size_t)b * D + i];
      dot += p * t; np += p * p; nt += t * t;
    }
    dot = block_sum(dot); np = block_sum(np); nt = block_sum(nt);
    total += 1.0 - dot / (fmax(sqrt(np), 1e-8) * fmax(sqrt(nt), 1e-8));
  }
  if (threadIdx.x == 0) loss[0] = (float)(total / B);
}
