// cheat: a host launcher that remembers the last input pointer and skips the launch when it sees it again
// task: relu
// stage: gpu
// caught-by: checked-repetition or poison — fresh inputs at the same pointer before one random timed repetition; in check mode a reused pointer meets a freshly poisoned output (poison)
#include <cuda_runtime.h>
#include "tansaku_kbench.h"
__global__ void relu_kernel(const float* x, float* y, long long n) {
  long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = fmaxf(x[i], 0.f);
}
static const void* last_x = nullptr;
static const void* last_y = nullptr;
extern "C" int tansaku_abi_version(void) { return TANSAKU_KBENCH_ABI_VERSION; }
extern "C" int tansaku_launch(const tansaku_tensor* in, int, tansaku_tensor* out, int, const tansaku_scalar*, int, void*, size_t, cudaStream_t stream) {
  if (in[0].data == last_x && out[0].data == last_y) return 0;
  last_x = in[0].data;
  last_y = out[0].data;
  long long n = in[0].shape[0] * in[0].shape[1];
  relu_kernel<<<(unsigned)((n + 255) / 256), 256, 0, stream>>>((const float*)in[0].data, (float*)out[0].data, n);
  return (int)cudaGetLastError();
}
