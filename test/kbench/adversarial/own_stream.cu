// cheat: launches on its own stream so the work escapes the harness's events
// task: relu
// stage: static
// caught-by: symbol-allowlist — cudaStreamCreate is imported by the shared object (the source rule no-streams also fires)
#include <cuda_runtime.h>
#include "tansaku_kbench.h"
__global__ void relu_kernel(const float* x, float* y, long long n) {
  long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = fmaxf(x[i], 0.f);
}
extern "C" int tansaku_abi_version(void) { return TANSAKU_KBENCH_ABI_VERSION; }
extern "C" int tansaku_launch(const tansaku_tensor* in, int, tansaku_tensor* out, int, const tansaku_scalar*, int, void*, size_t, cudaStream_t) {
  static cudaStream_t side = nullptr;
  if (!side) cudaStreamCreateWithFlags(&side, cudaStreamNonBlocking);
  long long n = in[0].shape[0] * in[0].shape[1];
  relu_kernel<<<(unsigned)((n + 255) / 256), 256, 0, side>>>((const float*)in[0].data, (float*)out[0].data, n);
  return (int)cudaGetLastError();
}
