// Shared by the native self-tests (ctest): printed pass/fail checks, the exit code, and the
// "skipped" exit code 77 for CUDA tests on machines without a device.
#pragma once
#include <cstdio>

#include "gpu.h"

namespace tansaku::self_check {

inline int failures = 0;

inline void expect(bool ok, const char* what, double value) {
  std::printf("%s %s (%.3g)\n", ok ? "ok  " : "FAIL", what, value);
  if (!ok) ++failures;
}

inline int exit_code() { return failures == 0 ? 0 : 1; }

constexpr int kSkipped = 77;

// True, after printing why, when no CUDA device answers; the test then returns kSkipped.
inline bool no_cuda_device() {
  if (gpu::available()) return false;
  std::printf("skipped: %s\n", gpu::info().error.c_str());
  return true;
}

}  // namespace tansaku::self_check
