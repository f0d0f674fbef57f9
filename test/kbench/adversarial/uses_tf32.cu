// cheat: rounds GEMM operands to TF32 (cvt.rna.tf32.f32) where the task does not declare TF32
// task: matmul_square
// stage: static
// caught-by: no-tf32 — source rule (on the GPU, long-reduction configurations would exceed the fp32 tolerance)
__device__ __forceinline__ float to_tf32(float v) {
  unsigned r;
  asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(v));
  return __uint_as_float(r);
}
extern "C" __global__ void matmul_square(const float* A, const float* B, float* C, int N) {
  int row = blockIdx.y * blockDim.y + threadIdx.y, col = blockIdx.x * blockDim.x + threadIdx.x;
  if (row >= N || col >= N) return;
  float acc = 0.f;
  for (int k = 0; k < N; k++) acc += to_tf32(A[row * N + k]) * to_tf32(B[k * N + col]);
  C[row * N + col] = acc;
}
