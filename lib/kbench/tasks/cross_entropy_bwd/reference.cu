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

// Naive cross-entropy backward reference: one block per row, log-sum-exp in double.
extern "C" __global__ void cross_entropy_bwd_ref(const float* logits, const int* target, const float* dloss, float* dlogits, int B, int C) {
  const float* row = logits + (size_t)blockIdx.x * C;
  double m = -INFINITY;
  for (int i = threadIdx.x; i < C; i += blockDim.x) m = fmax(m, (double)row[i]);
  m = block_max(m);
  double s = 0.0;
  for (int i = threadIdx.x; i < C; i += blockDim.x) s += exp(row[i] - m);
  const double lse = m + log(block_sum(s));
  const double scale = (double)dloss[0] / B;
  for (int i = threadIdx.x; i < C; i += blockDim.x) {
    const double p = exp(row[i] - lse) - (i == target[blockIdx.x] ? 1.0 : 0.0);
    dlogits[(size_t)blockIdx.x * C + i] = (float)(p * scale);
  }
}
