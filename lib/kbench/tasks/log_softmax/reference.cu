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

// Naive log-softmax reference: one block per row; max and sum of exponentials in double.
extern "C" __global__ void log_softmax_ref(const float* x, float* y, int B, int D) {
  const float* row = x + (size_t)blockIdx.x * D;
  double m = -INFINITY;
  for (int i = threadIdx.x; i < D; i += blockDim.x) m = fmax(m, (double)row[i]);
  m = block_max(m);
  double s = 0.0;
  for (int i = threadIdx.x; i < D; i += blockDim.x) s += exp((double)row[i] - m);
  const double lse = m + log(block_sum(s));
  for (int i = threadIdx.x; i < D; i += blockDim.x) y[(size_t)blockIdx.x * D + i] = (float)((double)row[i] - lse);
}
