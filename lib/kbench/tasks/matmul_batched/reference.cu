// Naive batched GEMM reference: one thread per output (blockIdx.z = batch), fp64 accumulation.
extern "C" __global__ void matmul_batched_ref(const float* a, const float* b, float* c, int M, int K, int N) {
  const int col = blockIdx.x * blockDim.x + threadIdx.x, row = blockIdx.y * blockDim.y + threadIdx.y;
  if (row >= M || col >= N) return;
  const size_t t = blockIdx.z;
  const float* at = a + t * M * K;
  const float* bt = b + t * K * N;
  double acc = 0.0;
  for (int k = 0; k < K; ++k) acc += (double)at[(size_t)row * K + k] * bt[(size_t)k * N + col];
  c[t * M * N + (size_t)row * N + col] = (float)acc;
}
