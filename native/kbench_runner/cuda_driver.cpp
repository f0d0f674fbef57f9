#include "cuda_driver.h"

#include <dlfcn.h>

namespace tansaku::kbench::cu {

namespace {
template <typename F>
bool bind(void* lib, F& fn, const char* name, std::string* missing) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  if (!fn && missing->empty()) *missing = name;
  return fn != nullptr;
}

Driver load() {
  Driver d;
  void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) lib = dlopen("libcuda.so", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    d.why = "no CUDA driver (libcuda.so.1 not found)";
    return d;
  }
  std::string missing;
  bind(lib, d.cuInit, "cuInit", &missing);
  bind(lib, d.cuDriverGetVersion, "cuDriverGetVersion", &missing);
  bind(lib, d.cuDeviceGetCount, "cuDeviceGetCount", &missing);
  bind(lib, d.cuDeviceGet, "cuDeviceGet", &missing);
  bind(lib, d.cuDeviceGetName, "cuDeviceGetName", &missing);
  bind(lib, d.cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", &missing);
  bind(lib, d.cuCtxSetCurrent, "cuCtxSetCurrent", &missing);
  bind(lib, d.cuCtxSynchronize, "cuCtxSynchronize", &missing);
  bind(lib, d.cuModuleLoad, "cuModuleLoad", &missing);
  bind(lib, d.cuModuleUnload, "cuModuleUnload", &missing);
  bind(lib, d.cuModuleGetFunction, "cuModuleGetFunction", &missing);
  bind(lib, d.cuFuncSetAttribute, "cuFuncSetAttribute", &missing);
  bind(lib, d.cuMemAlloc, "cuMemAlloc_v2", &missing);
  bind(lib, d.cuMemFree, "cuMemFree_v2", &missing);
  bind(lib, d.cuMemcpyHtoD, "cuMemcpyHtoD_v2", &missing);
  bind(lib, d.cuMemcpyDtoH, "cuMemcpyDtoH_v2", &missing);
  bind(lib, d.cuMemsetD8, "cuMemsetD8_v2", &missing);
  bind(lib, d.cuMemsetD32, "cuMemsetD32_v2", &missing);
  bind(lib, d.cuMemsetD8Async, "cuMemsetD8Async", &missing);
  bind(lib, d.cuLaunchKernel, "cuLaunchKernel", &missing);
  bind(lib, d.cuStreamCreate, "cuStreamCreate", &missing);
  bind(lib, d.cuStreamSynchronize, "cuStreamSynchronize", &missing);
  bind(lib, d.cuEventCreate, "cuEventCreate", &missing);
  bind(lib, d.cuEventRecord, "cuEventRecord", &missing);
  bind(lib, d.cuEventSynchronize, "cuEventSynchronize", &missing);
  bind(lib, d.cuEventElapsedTime, "cuEventElapsedTime", &missing);
  bind(lib, d.cuGetErrorString, "cuGetErrorString", &missing);
  if (!missing.empty()) {
    d.why = "the CUDA driver lacks " + missing;
    return d;
  }
  d.loaded = true;
  return d;
}
}  // namespace

const Driver& driver() {
  static const Driver d = load();
  return d;
}

std::string error_string(CUresult r) {
  const char* s = nullptr;
  if (driver().cuGetErrorString) driver().cuGetErrorString(r, &s);
  return "CUDA error " + std::to_string(r) + (s ? std::string(": ") + s : std::string());
}

}  // namespace tansaku::kbench::cu
