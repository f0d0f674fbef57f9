// A host-memory stand-in for libcuda.so.1, for testing the kbench runner's device modes on a machine
// without a GPU: "device" memory is host memory, launches run synchronously on the CPU, events read
// the host clock. A "module" file holds one word naming how its kernels behave (the cheats of the
// adversarial suite): relu (correct), zeros, partial, oob, mutate, unwritten, skip-computed,
// pointer-cache, noisy. Kernels take (const float* x, float* y, int n) like the relu task's plan.
// Built by test/kbench/harness-fake-device.test.ts with the host C++ compiler; never shipped.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

extern "C" {
typedef int CUresult;
typedef unsigned long long CUdeviceptr;
struct Module { std::string behaviour; };
struct Function { std::string behaviour; };
struct Event { double ms; };

static double now_ms() { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

CUresult cuInit(unsigned) { return 0; }
CUresult cuDriverGetVersion(int* v) { *v = 13000; return 0; }
CUresult cuDeviceGetCount(int* n) { *n = 1; return 0; }
CUresult cuDeviceGet(int* d, int i) { *d = i; return 0; }
CUresult cuDeviceGetName(char* name, int len, int) { std::strncpy(name, "Fake CUDA (host emulation)", len); return 0; }
CUresult cuDevicePrimaryCtxRetain(void** ctx, int) { static int c; *ctx = &c; return 0; }
CUresult cuCtxSetCurrent(void*) { return 0; }
CUresult cuCtxSynchronize() { return 0; }
CUresult cuModuleLoad(Module** m, const char* path) {
  std::ifstream f(path);
  if (!f) return 301;  // CUDA_ERROR_FILE_NOT_FOUND
  auto* mod = new Module();
  f >> mod->behaviour;
  *m = mod;
  return 0;
}
CUresult cuModuleUnload(Module* m) { delete m; return 0; }
CUresult cuModuleGetFunction(Function** fn, Module* m, const char*) {
  if (m->behaviour == "missing") return 500;  // CUDA_ERROR_NOT_FOUND
  *fn = new Function{m->behaviour};
  return 0;
}
CUresult cuFuncSetAttribute(Function*, int, int) { return 0; }
CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t n) { *p = reinterpret_cast<CUdeviceptr>(std::malloc(n ? n : 1)); return *p ? 0 : 2; }
CUresult cuMemFree_v2(CUdeviceptr p) { std::free(reinterpret_cast<void*>(p)); return 0; }
CUresult cuMemcpyHtoD_v2(CUdeviceptr d, const void* s, size_t n) { std::memcpy(reinterpret_cast<void*>(d), s, n); return 0; }
CUresult cuMemcpyDtoH_v2(void* d, CUdeviceptr s, size_t n) { std::memcpy(d, reinterpret_cast<void*>(s), n); return 0; }
CUresult cuMemsetD8_v2(CUdeviceptr d, unsigned char v, size_t n) { std::memset(reinterpret_cast<void*>(d), v, n); return 0; }
CUresult cuMemsetD32_v2(CUdeviceptr d, unsigned v, size_t n) { auto* p = reinterpret_cast<unsigned*>(d); for (size_t i = 0; i < n; i++) p[i] = v; return 0; }
CUresult cuMemsetD8Async(CUdeviceptr d, unsigned char v, size_t n, void*) { return cuMemsetD8_v2(d, v, n); }
CUresult cuStreamCreate(void** s, unsigned) { static int st; *s = &st; return 0; }
CUresult cuStreamSynchronize(void*) { return 0; }
CUresult cuEventCreate(Event** e, unsigned) { *e = new Event{0}; return 0; }
CUresult cuEventRecord(Event* e, void*) { e->ms = now_ms(); return 0; }
CUresult cuEventSynchronize(Event*) { return 0; }
CUresult cuEventElapsedTime(float* ms, Event* a, Event* b) { *ms = static_cast<float>(b->ms - a->ms); return 0; }
CUresult cuGetErrorString(CUresult, const char** s) { *s = "fake driver error"; return 0; }

CUresult cuLaunchKernel(Function* fn, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, void*, void** params, void**) {
  float* x = *static_cast<float**>(params[0]);
  float* y = *static_cast<float**>(params[1]);
  int n = *static_cast<int*>(params[2]);
  const std::string& b = fn->behaviour;
  static const float* seen[8] = {nullptr};
  static int seen_count = 0;
  static unsigned noise = 1;
  if (b == "unwritten") return 0;
  if (b == "skip-computed" && !std::isnan(y[0]) && y[0] < 1e29f) return 0;
  if (b == "pointer-cache") {  // remembers the last 8 input pointers and skips the work for a known one
    for (const float* p : seen) if (p == x) return 0;
    seen[seen_count++ % 8] = x;
  }
  int limit = b == "partial" ? n / 2 : n;
  for (int i = 0; i < limit; i++) {
    float v = x[i] > 0 ? x[i] : 0.f;
    if (b == "zeros" || b == "mutate") v = 0.f;
    if (b == "noisy") { noise = noise * 1664525u + 1013904223u; v += (noise >> 8) * 1e-7f; }
    if (b == "slow") { volatile double s = 0; for (int k = 0; k < 200; k++) s = s + std::sqrt(k + v); }
    y[i] = v;
    if (b == "mutate") x[i] = 0.f;
  }
  if (b == "oob") y[n] = 0.f;
  return 0;
}
}
