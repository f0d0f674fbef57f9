// Naive SiLU-gated MLP reference: one block per row m; the hidden row h (U values) is computed in
// fp64 into dynamic shared memory, then y[m, :] = h · wdᵀ in fp64.
extern "C" __global__ void llama_ffw_ref(const float* x, const float* wg, const float* wu, const float* wd, float* y, int D, int U) {
  extern __shared__ double h[];
  const float* xr = x + (size_t)blockIdx.x * D;
  for (int u = threadIdx.x; u < U; u += blockDim.x) {
    double g = 0.0, v = 0.0;
    for (int d = 0; d < D; ++d) {
      g += (double)xr[d] * wg[(size_t)u * D + d];
      v += (double)xr[d] * wu[(size_t)u * D + d];
    }
    h[u] = g / (1.0 + exp(-g)) * v;
  }
  __syncthreads();
  for (int d = threadIdx.x; d < D; d += blockDim.x) {
    double s = 0.0;
    for (int u = 0; u < U; ++u) s += h[u] * wd[(size_t)d * U + u];
    y[(size_t)blockIdx.x * D + d] = (float)s;
  }
}
