// cheat: calls cuBLAS for a GEMM task that does not allow libraries
// task: matmul_square
// stage: static
// caught-by: symbol-allowlist — cublasSgemm_v2 and cublasCreate_v2 are imported (the source rule no-libraries also fires)
#include <cuda_runtime.h>
#include "tansaku_kbench.h"
// Declared here so the case builds without the cuBLAS headers; the import is what matters.
extern "C" int cublasCreate_v2(void** handle);
extern "C" int cublasSetStream_v2(void* handle, cudaStream_t stream);
extern "C" int cublasSgemm_v2(void* handle, int ta, int tb, int m, int n, int k, const float* alpha, const float* A, int lda,
                              const float* B, int ldb, const float* beta, float* C, int ldc);
extern "C" int tansaku_abi_version(void) { return TANSAKU_KBENCH_ABI_VERSION; }
extern "C" int tansaku_launch(const tansaku_tensor* in, int, tansaku_tensor* out, int, const tansaku_scalar*, int, void*, size_t, cudaStream_t stream) {
  static void* handle = nullptr;
  if (!handle) cublasCreate_v2(&handle);
  cublasSetStream_v2(handle, stream);
  int n = (int)in[0].shape[0];
  const float one = 1.f, zero = 0.f;
  return cublasSgemm_v2(handle, 0, 0, n, n, n, &one, (const float*)in[1].data, n, (const float*)in[0].data, n, &zero, (float*)out[0].data, n);
}
