// Naive softmax reference: one block per row, row max and sum of exponentials accumulated in double.
#define THREADS 256

__device__ double block_reduce_max(double v, double* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) scratch[threadIdx.x] = fmax(scratch[threadIdx.x], scratch[threadIdx.x + s]);
    __syncthreads();
  }
  double r = scratch[0];
  __syncthreads();
  return r;
}

__device__ double block_reduce_sum(double v, double* scratch) {
  scratch[threadIdx.x] = v;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) scratch[threadIdx.x] += scratch[threadIdx.x + s];
    __syncthreads();
  }
  double r = scratch[0];
  __syncthreads();
  return r;
}

extern "C" __global__ void softmax_ref(const float* x, float* y, int B, int D) {
  __shared__ double scratch[THREADS];
  const float* row = x + (size_t)blockIdx.x * D;
  float* out = y + (size_t)blockIdx.x * D;
  double m = -INFINITY;
  for (int i = threadIdx.x; i < D; i += blockDim.x) m = fmax(m, (double)row[i]);
  m = block_reduce_max(m, scratch);
  double s = 0.0;
  for (int i = threadIdx.x; i < D; i += blockDim.x) s += exp((double)row[i] - m);
  s = block_reduce_sum(s, scratch);
  for (int i = threadIdx.x; i < D; i += blockDim.x) out[i] = (float)(exp((double)row[i] - m) / s);
}
