// Standalone solver: tansaku-pack N SECONDS [SEED] prints the best packing as JSON (no Node needed).
#include <cstdio>
#include <cstdlib>

#include "circles.h"

int main(int argc, char** argv) {
  tansaku::circles::SolveOptions options;
  options.n = argc > 1 ? std::atoi(argv[1]) : 26;
  options.seconds = argc > 2 ? std::atof(argv[2]) : 10.0;
  options.seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 0;
  const auto result = tansaku::circles::solve(options, [](const tansaku::circles::SolveProgress& p) {
    std::fprintf(stderr, "\r%.1fs starts=%lld best=%.6f", p.elapsed_seconds, static_cast<long long>(p.starts),
                 p.best_sum);
    return true;
  });
  std::fprintf(stderr, "\n");
  std::printf("{\"n\": %d, \"sum_radii\": %.17g, \"starts\": %lld, \"seconds\": %.3f, \"radii\": [", options.n,
              result.sum_radii, static_cast<long long>(result.starts), result.seconds);
  for (size_t i = 0; i < result.radii.size(); ++i) std::printf("%s%.17g", i ? ", " : "", result.radii[i]);
  std::printf("], \"centers\": [");
  for (int i = 0; i < options.n; ++i) {
    std::printf("%s[%.17g, %.17g]", i ? ", " : "", result.centers[2 * i], result.centers[2 * i + 1]);
  }
  std::printf("]}\n");
  return 0;
}
