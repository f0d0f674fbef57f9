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

// Naive training-mode batch norm reference: one block per channel, two-pass statistics in double.
extern "C" __global__ void batchnorm_ref(const float* x, const float* gamma, const float* beta, float* y, int N, int C, int HW, float eps) {
  const int c = blockIdx.x;
  const long long count = (long long)N * HW;
  double s = 0.0;
  for (long long i = threadIdx.x; i < count; i += blockDim.x) s += x[((i / HW) * C + c) * HW + i % HW];
  const double mean = block_sum(s) / count;
  double q = 0.0;
  for (long long i = threadIdx.x; i < count; i += blockDim.x) {
    const double d = x[((i / HW) * C + c) * HW + i % HW] - mean;
    q += d * d;
  }
  const double inv = 1.0 / sqrt(block_sum(q) / count + (double)eps);
  for (long long i = threadIdx.x; i < count; i += blockDim.x) {
    const long long at = ((i / HW) * C + c) * HW + i % HW;
    y[at] = (float)((x[at] - mean) * inv * gamma[c] + beta[c]);
  }
}
