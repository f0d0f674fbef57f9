/* tansaku kbench launcher ABI (the shared-object path, spec §7B), version 1.
 *
 * A candidate that needs host logic defines, with C linkage:
 *
 *   int tansaku_abi_version(void);                       // must return TANSAKU_KBENCH_ABI_VERSION
 *   int tansaku_launch(const tansaku_tensor* inputs, int n_inputs,
 *                      tansaku_tensor* outputs, int n_outputs,
 *                      const tansaku_scalar* scalars, int n_scalars,
 *                      void* workspace, size_t workspace_bytes,
 *                      cudaStream_t stream);             // 0 on success
 *   size_t tansaku_workspace_bytes(const tansaku_tensor* inputs, int n_inputs,
 *                                  const tansaku_scalar* scalars, int n_scalars);   // optional
 *
 * The harness allocates every output and the workspace (candidates never allocate), passes tensors
 * in task.json order, and times work on `stream` only. Launch every kernel on `stream`; creating
 * streams, events or graphs, allocating, synchronising the device, threads, libraries (unless the
 * task allows them), environment and file access are rejected by the symbol allowlist.
 */
#ifndef TANSAKU_KBENCH_H
#define TANSAKU_KBENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TANSAKU_KBENCH_ABI_VERSION 1
#define TANSAKU_KBENCH_MAX_RANK 8

typedef enum tansaku_dtype { TANSAKU_F32 = 0, TANSAKU_I32 = 1, TANSAKU_F16 = 2, TANSAKU_BF16 = 3, TANSAKU_F64 = 4, TANSAKU_I64 = 5 } tansaku_dtype;

/** A dense tensor in device memory; strides are in elements (row-major contiguous unless stated). */
typedef struct tansaku_tensor {
  void* data;
  int32_t dtype; /* tansaku_dtype */
  int32_t rank;
  int64_t shape[TANSAKU_KBENCH_MAX_RANK];
  int64_t strides[TANSAKU_KBENCH_MAX_RANK];
  const char* name; /* the tensor's name in task.json */
} tansaku_tensor;

/** A by-value scalar: the runner passes every task scalar (task.json "scalars") as TANSAKU_F64 and
 * every shape variable of the configuration ("B", "D", ...) as TANSAKU_I64, each under its name.
 * ABI version 1 passes no workspace (NULL, 0): tansaku_workspace_bytes is reserved for version 2. */
typedef struct tansaku_scalar {
  const char* name;
  int32_t type; /* TANSAKU_F32, TANSAKU_F64, TANSAKU_I32 or TANSAKU_I64 */
  int32_t reserved;
  union {
    float f32;
    double f64;
    int32_t i32;
    int64_t i64;
  } value;
} tansaku_scalar;

#ifdef __cplusplus
}
#endif

#endif /* TANSAKU_KBENCH_H */
