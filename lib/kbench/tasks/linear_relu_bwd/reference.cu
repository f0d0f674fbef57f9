// Naive linear+ReLU backward reference, one launch of 128 blocks of 256 threads (all resident on
// an H100, so a grid barrier is safe). Phase 1: g = dy masked by z = x·wᵀ + b > 0, in fp64, into
// module memory. Phase 2: every element of dx, dw and db from g, in fp64.
#define G_CAPACITY (1 << 20)
// volatile: phase 2 must read other blocks' g from memory, never from a stale L1 line.
__device__ volatile double g_buf[G_CAPACITY];
__device__ unsigned int arrived;
__device__ unsigned int departed;

extern "C" __global__ void linear_relu_bwd_ref(const float* dy, const float* x, const float* w, const float* b, float* dx, float* dw, float* db,
                                               int B, int IN, int OUT) {
  if ((long long)B * OUT > G_CAPACITY) __trap();
  const long long stride = (long long)gridDim.x * blockDim.x;
  const long long first = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  for (long long t = first; t < (long long)B * OUT; t += stride) {
    const int r = (int)(t / OUT), o = (int)(t % OUT);
    double z = b[o];
    for (int k = 0; k < IN; ++k) z += (double)x[(size_t)r * IN + k] * w[(size_t)o * IN + k];
    g_buf[t] = z > 0.0 ? (double)dy[t] : 0.0;
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    __threadfence();
    atomicAdd(&arrived, 1u);
    while (atomicAdd(&arrived, 0u) < gridDim.x) {
    }
  }
  __syncthreads();
  const long long nx = (long long)B * IN, nw = (long long)OUT * IN;
  for (long long t = first; t < nx + nw + OUT; t += stride) {
    double acc = 0.0;
    if (t < nx) {
      const int r = (int)(t / IN), k = (int)(t % IN);
      for (int o = 0; o < OUT; ++o) acc += g_buf[(size_t)r * OUT + o] * w[(size_t)o * IN + k];
      dx[t] = (float)acc;
    } else if (t < nx + nw) {
      const int o = (int)((t - nx) / IN), k = (int)((t - nx) % IN);
      for (int r = 0; r < B; ++r) acc += g_buf[(size_t)r * OUT + o] * x[(size_t)r * IN + k];
      dw[t - nx] = (float)acc;
    } else {
      const int o = (int)(t - nx - nw);
      for (int r = 0; r < B; ++r) acc += g_buf[(size_t)r * OUT + o];
      db[o] = (float)acc;
    }
  }
  __syncthreads();
  // The last block out resets the barrier for the next launch.
  if (threadIdx.x == 0 && atomicAdd(&departed, 1u) == gridDim.x - 1) {
    arrived = 0;
    departed = 0;
    __threadfence();
  }
}
