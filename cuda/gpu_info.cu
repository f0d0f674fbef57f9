// What CUDA support this build has and which devices answer. cudart is linked statically and opens
// libcuda lazily, so on a machine without a driver these calls return an error code (35) instead
// of failing to load; we report it and never throw.
#include <cuda_runtime.h>

#include "gpu.h"

// CMake passes the architectures compiled in as a string literal, e.g. "90" or "90 100".
#ifndef TANSAKU_CUDA_ARCHS
#define TANSAKU_CUDA_ARCHS ""
#endif

namespace tansaku::gpu {

namespace {

void record_error(Info& info, cudaError_t status) {
  info.error_code = static_cast<int>(status);
  info.error = cudaGetErrorString(status);
  cudaGetLastError();  // a failed query must not leak into the next CUDA call
}

}  // namespace

Info info() {
  Info result;
  result.compiled = true;
  result.architectures = TANSAKU_CUDA_ARCHS;
  cudaRuntimeGetVersion(&result.runtime_version);
  int driver = 0;
  if (cudaDriverGetVersion(&driver) == cudaSuccess) result.driver_version = driver;
  cudaGetLastError();

  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    record_error(result, status);
    return result;
  }
  for (int index = 0; index < count; ++index) {
    cudaDeviceProp props{};
    const cudaError_t props_status = cudaGetDeviceProperties(&props, index);
    if (props_status != cudaSuccess) {
      record_error(result, props_status);
      continue;
    }
    Device device;
    device.index = index;
    device.name = props.name;
    device.major = props.major;
    device.minor = props.minor;
    device.total_memory = static_cast<uint64_t>(props.totalGlobalMem);
    device.multiprocessors = props.multiProcessorCount;
    result.devices.push_back(device);
  }
  return result;
}

bool available() {
  // The device set is fixed for the life of the process (CUDA_VISIBLE_DEVICES is read once), so
  // ask once; callers check this before every kernel call.
  static const bool answer = [] {
    int count = 0;
    const bool ok = cudaGetDeviceCount(&count) == cudaSuccess && count > 0;
    cudaGetLastError();
    return ok;
  }();
  return answer;
}

}  // namespace tansaku::gpu
