// Naive GEMM reference: one thread per output, fp64 accumulation.
extern "C" __global__ void matmul_rect_ref(const float* a, const float* b, float* c, int M, int K, int N) {
  const int col = blockIdx.x * blockDim.x + threadIdx.x, row = blockIdx.y * blockDim.y + threadIdx.y;
  if (row >= M || col >= N) return;
  double acc = 0.0;
  for (int k = 0; k < K; ++k) acc += (double)a[(size_t)row * K + k] * b[(size_t)k * N + col];
  c[(size_t)row * N + col] = (float)acc;
}
