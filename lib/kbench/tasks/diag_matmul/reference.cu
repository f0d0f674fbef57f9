// Naive diag(d)·B reference: one element per thread.
extern "C" __global__ void diag_matmul_ref(const float* d, const float* b, float* c, int N, int M) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= (long long)N * M) return;
  c[i] = (float)((double)d[i / M] * b[i]);
}
