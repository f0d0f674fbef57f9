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

// Maximum over the block (blockDim.x a power of two, at most 1024), in double.
__device__ double block_max(double v) {
  __shared__ double partial[1024];
  partial[threadIdx.x] = v;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k >>= 1) {
    if (threadIdx.x < k) partial[threadIdx.x] = fmax(partial[threadIdx.x], partial[threadIdx.x + k]);
    __syncthreads();
  }
  const double m = partial[0];
  __syncthreads();
  return m;
}

// Naive cross-entropy reference: a single block, rows in turn, log-sum-exp in double.
extern "C" __global__ void cross_entropy_fwd_ref(const float* logits, const int* target, float* loss, int B, int C) {
  double total = 0.0;
  for (int b = 0; b < B; ++b) {
    const float* row = logits + (size_t)b * C;
    double m = -INFINITY;
    for (int i = threadIdx.x; i < C; i += blockDim.x) m = fmax(m, (double)row[i]);
    m = block_max(m);
    double s = 0.0;
    for (int i = threadIdx.x; i < C; i += blockDim.x) s += exp(row[i] - m);
    total += m + log(block_sum(s)) - row[target[b]];
  }
  if (threadIdx.x == 0) loss[0] = (float)(total / B);
}
