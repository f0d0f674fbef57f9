// tansaku-bench_merge_cuda [dim] [repetitions]: one split-point merge of two float32 vectors of dim
// parameters (default 1e9) resident on the device, linear (12 bytes per parameter) and SLERP (20:
// a moments pass, then the merge), against the card's copy bandwidth measured in the same run
// (cudaMemcpy device to device and a copy kernel of the merge kernel's shape, 8 bytes per
// parameter). Prints one JSON object; the target is a linear merge at >= 95 % of copy
// bandwidth (PyTorch's lerp: 3.0 TB/s on an H100). Exit 0 with results, 77 without a device.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "gpu.h"
#include "merge_gpu.h"

int main(int argc, char** argv) {
  const long long dim = argc > 1 ? std::atoll(argv[1]) : 1000000000LL;
  const int repetitions = argc > 2 ? std::atoi(argv[2]) : 10;
  if (dim < 1 || repetitions < 1) {
    std::fprintf(stderr, "usage: tansaku-bench_merge_cuda [dim >= 1] [repetitions >= 1]\n");
    return 2;
  }
  const tansaku::gpu::Info info = tansaku::gpu::info();
  if (!tansaku::gpu::available() || info.devices.empty()) {
    std::printf("{\"device\": null}\n");
    std::fprintf(stderr, "tansaku-bench_merge_cuda: skipped, no CUDA device: %s\n", info.error.c_str());
    return 77;
  }
  // Three vectors (A, B, child) must fit with some room.
  long long used = dim;
  if (14.0 * static_cast<double>(used) > static_cast<double>(info.devices[0].total_memory)) {
    used = static_cast<long long>(static_cast<double>(info.devices[0].total_memory) / 14.0);
    std::fprintf(stderr, "tansaku-bench_merge_cuda: %lld parameters do not fit, using %lld\n", dim, used);
  }
  try {
    const auto t = tansaku::merge::gpu::benchmark_merge(used, repetitions);
    const double n = static_cast<double>(used);
    const double copy = 8 * n / t.copy_ms / 1e6, copy_kernel = 8 * n / t.copy_kernel_ms / 1e6;
    const double linear = 12 * n / t.linear_ms / 1e6, slerp = 20 * n / t.slerp_ms / 1e6;
    const double best_copy = copy > copy_kernel ? copy : copy_kernel;
    std::printf(
        "{\"device\": \"%s\", \"parameters\": %lld, \"repetitions\": %d,\n"
        " \"copy_memcpy_ms\": %.4f, \"copy_memcpy_GBps\": %.1f, \"copy_kernel_ms\": %.4f, \"copy_kernel_GBps\": %.1f,\n"
        " \"linear_ms\": %.4f, \"linear_GBps\": %.1f, \"linear_fraction_of_copy\": %.4f,\n"
        " \"slerp_ms\": %.4f, \"slerp_GBps\": %.1f,\n"
        " \"target\": \"linear merge >= 0.95 of the best copy bandwidth; PyTorch lerp 3.0 TB/s on an H100; project anchor 4.24 ms at 1e9\"}\n",
        info.devices[0].name.c_str(), used, repetitions, t.copy_ms, copy, t.copy_kernel_ms, copy_kernel, t.linear_ms, linear,
        linear / best_copy, t.slerp_ms, slerp);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "tansaku-bench_merge_cuda: %s\n", error.what());
    return 1;
  }
  return 0;
}
