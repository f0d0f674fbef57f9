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

// Naive hinge-loss reference: a single block, fp64 accumulation.
extern "C" __global__ void hinge_loss_ref(const float* pred, const int* target, float* loss, int B, int D) {
  const long long n = (long long)B * D;
  double s = 0.0;
  for (long long i = threadIdx.x; i < n; i += blockDim.x) s += fmax(1.0 - (double)pred[i] * (2.0 * target[i] - 1.0), 0.0);
  s = block_sum(s);
  if (threadIdx.x == 0) loss[0] = (float)(s / n);
}
