// Naive square GEMM reference: one thread per output, fp64 accumulation.
extern "C" __global__ void matmul_square_ref(const float* a, const float* b, float* c, int N) {
  const int col = blockIdx.x * blockDim.x + threadIdx.x, row = blockIdx.y * blockDim.y + threadIdx.y;
  if (row >= N || col >= N) return;
  double acc = 0.0;
  for (int k = 0; k < N; ++k) acc += (double)a[(size_t)row * N + k] * b[(size_t)k * N + col];
  c[(size_t)row * N + col] = (float)acc;
}
