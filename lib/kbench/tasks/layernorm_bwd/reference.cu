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

// Naive layer-norm backward reference, one launch of B blocks (all resident: B <= 128 in every
// configuration). Phase 1: block b computes its row statistics and dx for row b, and publishes
// (mean, rstd) in module memory. A grid barrier follows; phase 2: block b sums dw, db for its slice
// of columns over all rows, in double.
#define MAX_ROWS 4096
// volatile: other blocks' entries must be read from memory after the barrier, never from L1.
__device__ volatile double row_mean[MAX_ROWS];
__device__ volatile double row_rstd[MAX_ROWS];
__device__ unsigned int arrived;
__device__ unsigned int departed;

extern "C" __global__ void layernorm_bwd_ref(const float* dy, const float* x, const float* w, float* dx, float* dw, float* db,
                                             int B, int n, float eps) {
  const size_t r = blockIdx.x;
  const float* xs = x + r * n;
  const float* gs = dy + r * n;
  double s = 0.0;
  for (int i = threadIdx.x; i < n; i += blockDim.x) s += xs[i];
  const double mean = block_sum(s) / n;
  double q = 0.0;
  for (int i = threadIdx.x; i < n; i += blockDim.x) q += (xs[i] - mean) * (xs[i] - mean);
  const double rstd = 1.0 / sqrt(block_sum(q) / n + (double)eps);
  double mg = 0.0, mgx = 0.0;
  for (int i = threadIdx.x; i < n; i += blockDim.x) {
    const double g = (double)gs[i] * w[i];
    mg += g;
    mgx += g * (xs[i] - mean) * rstd;
  }
  mg = block_sum(mg) / n;
  mgx = block_sum(mgx) / n;
  for (int i = threadIdx.x; i < n; i += blockDim.x) {
    const double xh = (xs[i] - mean) * rstd;
    dx[r * n + i] = (float)(rstd * ((double)gs[i] * w[i] - mg - xh * mgx));
  }
  if (threadIdx.x == 0) {
    row_mean[r] = mean;
    row_rstd[r] = rstd;
    __threadfence();
    atomicAdd(&arrived, 1u);
    while (atomicAdd(&arrived, 0u) < (unsigned)B) {
    }
  }
  __syncthreads();
  __threadfence();
  const int per = (n + B - 1) / B;
  const int lo = (int)r * per, hi = min(n, lo + per);
  for (int i = lo + threadIdx.x; i < hi; i += blockDim.x) {
    double sw = 0.0, sb = 0.0;
    for (int b = 0; b < B; ++b) {
      const double g = dy[(size_t)b * n + i];
      sw += g * (x[(size_t)b * n + i] - row_mean[b]) * row_rstd[b];
      sb += g;
    }
    dw[i] = (float)sw;
    db[i] = (float)sb;
  }
  __syncthreads();
  // The last block out resets the counters for the next launch.
  if (threadIdx.x == 0 && atomicAdd(&departed, 1u) == (unsigned)B - 1) {
    arrived = 0;
    departed = 0;
    __threadfence();
  }
}
