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

// Naive GEMV reference: one block per row, fp64 accumulation.
extern "C" __global__ void gemv_ref(const float* a, const float* x, float* y, int M, int K) {
  const float* row = a + (size_t)blockIdx.x * K;
  double acc = 0.0;
  for (int k = threadIdx.x; k < K; k += blockDim.x) acc += (double)row[k] * x[k];
  acc = block_sum(acc);
  if (threadIdx.x == 0) y[blockIdx.x] = (float)acc;
}
