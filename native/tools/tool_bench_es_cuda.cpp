// tansaku-bench_es_cuda [repetitions]: one OpenAI-ES generation with everything resident on the
// device (ask writing the population once, sphere fitness, centred ranks, tell from regenerated
// noise, SGD) at the sizes, the fused variant (fitness computed while sampling, population
// never stored), and the memory floor measured in the same run (a device copy of the P x D floats).
// Also the library's own CUDA path (DeviceSession, with the P fitness values and weights crossing to
// the host for ranking). Prints one JSON object with evosax's H100 times and the target (half of
// them) beside ours.
// Exit 0 with results, 77 without a device, 1 on a CUDA error.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <numeric>
#include <string>
#include <vector>

#include "es_gpu.h"
#include "gpu.h"
#include "json_text.h"

namespace {

using tansaku::tools::json_string;

// Antithetic pair weights of centred ranks (average ties), as the library's tell computes them on
// the host: w_r = (shaped(r) - shaped(r + P/2)) / (P sigma).
std::vector<float> pair_weights(const std::vector<double>& fitness, float sigma) {
  const int64_t popsize = static_cast<int64_t>(fitness.size());
  std::vector<int64_t> order(popsize);
  std::iota(order.begin(), order.end(), int64_t{0});
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return fitness[a] < fitness[b]; });
  std::vector<double> shaped(popsize);
  for (int64_t start = 0; start < popsize;) {
    int64_t end = start + 1;
    while (end < popsize && fitness[order[end]] == fitness[order[start]]) ++end;
    const double rank = 0.5 * double(start + end - 1);
    for (int64_t k = start; k < end; ++k) shaped[order[k]] = rank / double(popsize - 1) - 0.5;
    start = end;
  }
  const int64_t rows = popsize / 2;
  std::vector<float> weights(rows);
  for (int64_t r = 0; r < rows; ++r) weights[r] = static_cast<float>((shaped[r] - shaped[r + rows]) / (double(popsize) * sigma));
  return weights;
}

// The library's CUDA generation (what Strategy.askEvaluate + tell do for open_es, minus JavaScript):
// a DeviceSession samples and evaluates on the device, the P fitness values come to the host for
// the ranks, the P/2 weights go back, and the noise sums and SGD step run on the device. Wall-clock
// milliseconds per generation, best of `repetitions` after warm-up.
double session_generation_ms(long long popsize, long long dim, int repetitions) {
  using namespace tansaku::es;
  const float sigma = 0.1f;
  auto session = gpu::DeviceSession::create(Layout{popsize, dim, true}, 1);
  const std::vector<float> mean(dim, 0.0f);
  session->set_state(mean.data(), &sigma);
  std::vector<double> fitness(popsize);
  StepScalars sgd;
  sgd.learning_rate = 1e-3f;
  auto generation = [&](uint64_t g) {
    session->sample(NoiseKey{1, g}, nullptr, &sigma);
    session->evaluate(Problem::sphere, fitness.data());
    const std::vector<float> weights = pair_weights(fitness, sigma);
    session->moments(NoiseKey{1, g}, popsize / 2, weights.data(), nullptr);
    session->step(StepRule::sgd, sgd);
  };
  for (uint64_t g = 0; g < 3; ++g) generation(g);
  double best = 1e300;
  for (int r = 0; r < repetitions; ++r) {
    const auto start = std::chrono::steady_clock::now();
    generation(static_cast<uint64_t>(r + 3));
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
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
      const double session_ms = session_generation_ms(size.popsize, size.dim, std::min(repetitions, 20));
      const double target = 0.5 * size.evosax_ms;
      char row[768];
      std::snprintf(row, sizeof row,
                    "%s\n    {\"popsize\": %lld, \"dim\": %lld, \"stored_ms\": %.5g, \"fused_ms\": %.5g, \"floor_ms\": %.5g, "
                    "\"copy_gb_per_s\": %.5g, \"stored_over_floor\": %.4g, \"evosax_h100_ms\": %.4g, \"target_ms\": %.4g, "
                    "\"stored_over_evosax\": %.4g, \"fused_over_evosax\": %.4g, \"stored_meets_target\": %s, "
                    "\"fused_meets_target\": %s, \"library_session_ms\": %.5g}",
                    rows.empty() ? "" : ",", size.popsize, size.dim, timing.stored_ms, timing.fused_ms, timing.floor_ms,
                    timing.copy_bytes_per_s / 1e9, timing.stored_ms / timing.floor_ms, size.evosax_ms, target,
                    timing.stored_ms / size.evosax_ms, timing.fused_ms / size.evosax_ms,
                    timing.stored_ms <= target ? "true" : "false", timing.fused_ms <= target ? "true" : "false", session_ms);
      rows += row;
      std::fprintf(stderr, "P=%lld D=%lld: stored %.4f ms, fused %.4f ms, floor %.4f ms, library session %.4f ms (evosax H100 %.3f ms)\n",
                   size.popsize, size.dim, timing.stored_ms, timing.fused_ms, timing.floor_ms, session_ms, size.evosax_ms);
    }
  } catch (const std::exception& error) {
    std::printf("{\"device\": %s, \"error\": %s}\n", device.c_str(), json_string(error.what()).c_str());
    return 1;
  }
  std::printf("{\"benchmark\": \"es-open-es-generation\", \"device\": %s, \"repetitions\": %d, "
              "\"generation\": \"antithetic ask (population written once), sphere fitness, centred ranks, tell from "
              "regenerated noise, SGD on the mean\", \"floor\": \"device-to-device copy of the P x D floats in the same "
              "run (read once, written once)\", \"library_session\": \"wall clock of the library path: DeviceSession sample + "
              "evaluate, fitness to the host for centred ranks, weights back, moments + SGD step on the device\", "
              "\"rows\": [%s\n  ]}\n",
              device.c_str(), repetitions, rows.c_str());
  return 0;
}
