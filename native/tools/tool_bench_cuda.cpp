// tansaku-bench_cuda [N]: throughput of the float32 circle energy+gradient kernel with device-resident
// packings, as one JSON object on stdout. Exit 0 with results, 77 when there is no device (so
// scripts can tell "skipped" from "failed"), 1 on a CUDA error.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "gpu.h"
#include "json_text.h"

using tansaku::tools::json_string;

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 26;
  if (n < 1 || n > 4096) {
    std::fprintf(stderr, "usage: tansaku-bench_cuda [N]  (1 <= N <= 4096, default 26)\n");
    return 2;
  }
  const tansaku::gpu::Info info = tansaku::gpu::info();
  if (!tansaku::gpu::available() || info.devices.empty()) {
    const std::string reason = info.error.empty() ? "no CUDA device" : info.error;
    std::printf("{\"device\": null, \"n\": %d, \"error\": %s}\n", n, json_string(reason).c_str());
    std::fprintf(stderr, "tansaku-bench_cuda: skipped, no CUDA device: %s\n", reason.c_str());
    return 77;
  }
  const std::string device = json_string(info.devices[0].name);
  const long long batches[] = {65536, 1048576};
  const int repetitions = 20;
  std::string rows;
  try {
    for (const long long batch : batches) {
      const auto timing = tansaku::gpu::circles_energy_benchmark(n, batch, repetitions);
      char row[160];
      std::snprintf(row, sizeof row, "%s{\"batch\": %lld, \"evals_per_sec\": %.6g, \"median_ms\": %.6g}",
                    rows.empty() ? "" : ", ", batch, timing.evals_per_sec, timing.median_ms);
      rows += row;
    }
  } catch (const std::exception& error) {
    std::printf("{\"device\": %s, \"n\": %d, \"error\": %s}\n", device.c_str(), n, json_string(error.what()).c_str());
    return 1;
  }
  std::printf("{\"device\": %s, \"n\": %d, \"repetitions\": %d, \"rows\": [%s]}\n", device.c_str(), n, repetitions,
              rows.c_str());
  return 0;
}
