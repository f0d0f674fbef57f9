// tansaku-bench_es_cuda [repetitions]: one OpenAI-ES generation with everything resident on the
// device (ask writing the population once, sphere fitness, centred ranks, tell from regenerated
// noise, SGD) at the sizes, the fused variant (fitness computed while sampling, population
// never stored), and the memory floor measured in the same run (a device copy of the P x D floats).
// Prints one JSON object with evosax's H100 times and the target (half of them) beside ours.
// Exit 0 with results, 77 without a device, 1 on a CUDA error.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "es_gpu.h"
#include "gpu.h"

namespace {

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (static_cast<unsigned char>(ch) >= 0x20) {
      out += ch;
    }
  }
  return out + "\"";
}

struct Size {
  long long popsize;
  long long dim;
  double evosax_ms;  // evosax 0.3.1 Open_ES on an H100 80 GB (the spec's reference timing)
};

}  // namespace

int main(int argc, char** argv) {
  const int repetitions = argc > 1 ? std::atoi(argv[1]) : 50;
  if (repetitions < 1 || repetitions > 100000) {
    std::fprintf(stderr, "usage: tansaku-bench_es_cuda [repetitions]  (1..100000, default 50)\n");
    return 2;
  }
  const tansaku::gpu::Info info = tansaku::gpu::info();
  if (!tansaku::gpu::available() || info.devices.empty()) {
    const std::string reason = info.error.empty() ? "no CUDA device" : info.error;
    std::printf("{\"device\": null, \"error\": %s}\n", json_string(reason).c_str());
    std::fprintf(stderr, "tansaku-bench_es_cuda: skipped, no CUDA device: %s\n", reason.c_str());
    return 77;
  }
  const std::string device = json_string(info.devices[0].name);
  const Size sizes[] = {{1024, 10000, 0.172}, {1024, 100000, 0.838}, {256, 1000000, 1.95}, {4096, 100000, 3.09}};
  std::string rows;
  try {
    for (const Size& size : sizes) {
      const auto timing = tansaku::es::gpu::benchmark_open_es(size.popsize, size.dim, repetitions);
      const double target = 0.5 * size.evosax_ms;
      char row[640];
      std::snprintf(row, sizeof row,
                    "%s\n    {\"popsize\": %lld, \"dim\": %lld, \"stored_ms\": %.5g, \"fused_ms\": %.5g, \"floor_ms\": %.5g, "
                    "\"copy_gb_per_s\": %.5g, \"stored_over_floor\": %.4g, \"evosax_h100_ms\": %.4g, \"target_ms\": %.4g, "
                    "\"stored_over_evosax\": %.4g, \"fused_over_evosax\": %.4g, \"stored_meets_target\": %s, "
                    "\"fused_meets_target\": %s}",
                    rows.empty() ? "" : ",", size.popsize, size.dim, timing.stored_ms, timing.fused_ms, timing.floor_ms,
                    timing.copy_bytes_per_s / 1e9, timing.stored_ms / timing.floor_ms, size.evosax_ms, target,
                    timing.stored_ms / size.evosax_ms, timing.fused_ms / size.evosax_ms,
                    timing.stored_ms <= target ? "true" : "false", timing.fused_ms <= target ? "true" : "false");
      rows += row;
      std::fprintf(stderr, "P=%lld D=%lld: stored %.4f ms, fused %.4f ms, floor %.4f ms (evosax H100 %.3f ms)\n",
                   size.popsize, size.dim, timing.stored_ms, timing.fused_ms, timing.floor_ms, size.evosax_ms);
    }
  } catch (const std::exception& error) {
    std::printf("{\"device\": %s, \"error\": %s}\n", device.c_str(), json_string(error.what()).c_str());
    return 1;
  }
  std::printf("{\"benchmark\": \"es-open-es-generation\", \"device\": %s, \"repetitions\": %d, "
              "\"generation\": \"antithetic ask (population written once), sphere fitness, centred ranks, tell from "
              "regenerated noise, SGD on the mean\", \"floor\": \"device-to-device copy of the P x D floats in the same "
              "run (read once, written once)\", \"rows\": [%s\n  ]}\n",
              device.c_str(), repetitions, rows.c_str());
  return 0;
}
