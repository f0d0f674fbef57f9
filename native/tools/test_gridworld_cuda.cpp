// CUDA gridworld parity with the CPU, without Node (for GPU machines): the same seeds must give the
// same layouts, and the same actions the same steps, observations and state. Exit 77 = skipped.
#include <cstdio>
#include <cstring>
#include <vector>

#include "gpu.h"
#include "gridworld.h"
#include "gridworld_gpu.h"
#include "gridworld_rng.h"

namespace gw = tansaku::gridworld;

namespace {

struct Host {
  std::vector<uint8_t> grid, contents, obs, terminated, truncated;
  std::vector<int32_t> info;
  std::vector<float> reward;
  gw::Batch batch() { return gw::Batch{int64_t(info.size() / gw::kInfoFields), 25, 25, grid.data(), contents.data(), info.data()}; }
  // The 7x7 kinds share one buffer sized for the largest (NAVIX's categorical view, i32 per cell).
  gw::StepOutputs out(gw::Observation kind = gw::Observation::kPartial) {
    return gw::StepOutputs{kind, obs.data(), reward.data(), terminated.data(), truncated.data()};
  }
};

constexpr int64_t kKinds = 10;

Host make(int64_t count) {
  Host h;
  const size_t cells = size_t(count) * 25 * 25;
  h.grid.assign(cells * 3, 0);
  h.contents.assign(cells * 2, 0);
  h.obs.assign(size_t(count) * 7 * 7 * 4, 0);
  h.terminated.assign(size_t(count), 0);
  h.truncated.assign(size_t(count), 0);
  h.reward.assign(size_t(count), 0.0f);
  h.info.assign(size_t(count) * gw::kInfoFields, 0);
  // A mixed batch: (kind, size, max_steps, see-through, param0, param1, NAVIX deviations) per
  // environment, cycling; the last four run NAVIX's rules (every deviation bit on).
  const int32_t navix = gw::kDeviationMask;
  const int32_t kinds[][7] = {{gw::kEmptyKind, 8, 256, 1, 1, 0, 0},          {gw::kDoorKeyKind, 8, 640, 0, 0, 0, 0},
                              {gw::kFourRoomsKind, 19, 100, 0, 0, 0, 0},     {gw::kLavaGapKind, 7, 196, 0, 0, 0, 0},
                              {gw::kCrossingKind, 11, 484, 0, 5, 1, 0},      {gw::kDynamicObstaclesKind, 8, 256, 1, 4, 1, 0},
                              {gw::kDynamicObstaclesKind, 8, 100, 1, 4, 0, navix}, {gw::kDoorKeyKind, 8, 100, 0, 1, 0, navix},
                              {gw::kEmptyKind, 8, 100, 1, 1, 0, navix},      {gw::kGoToDoorKind, 8, 100, 1, 0, 0, navix}};
  for (int64_t b = 0; b < count; ++b) {
    const int32_t* k = kinds[b % kKinds];
    int32_t* info = h.info.data() + b * gw::kInfoFields;
    info[gw::kKindField] = k[0];
    info[gw::kWidth] = info[gw::kHeight] = k[1];
    info[gw::kMaxSteps] = k[2];
    info[gw::kSeeThrough] = k[3];
    info[gw::kParam0] = k[4];
    info[gw::kParam1] = k[5];
    info[gw::kDeviations] = k[6];
    info[gw::kSeedLow] = int32_t(b * 7 + 1);
  }
  return h;
}

bool same(const Host& a, const Host& b, const char* when) {
  const bool ok = a.grid == b.grid && a.contents == b.contents && a.info == b.info && a.obs == b.obs &&
                  a.reward == b.reward && a.terminated == b.terminated && a.truncated == b.truncated;
  if (!ok) std::fprintf(stderr, "CPU and CUDA differ %s\n", when);
  return ok;
}

}  // namespace

int main() {
  if (!tansaku::gpu::available()) {
    std::printf("skipped: no CUDA device (%s)\n", tansaku::gpu::info().error.c_str());
    return 77;
  }
  const int64_t count = kKinds * 300;
  Host cpu = make(count), cuda = make(count);
  gw::reset(cpu.batch(), cpu.out(), 7, 0);
  gw::gpu::reset(cuda.batch(), cuda.out(), 7);
  if (!same(cpu, cuda, "after reset")) return 1;
  std::vector<int32_t> actions(static_cast<size_t>(count));
  gw::Rng rng{42};
  for (int t = 0; t < 300; ++t) {
    for (int64_t b = 0; b < count; ++b) actions[size_t(b)] = rng.below(gw::env_action_count(cpu.info.data() + b * gw::kInfoFields));
    const gw::Observation kinds[3] = {gw::Observation::kPartial, gw::Observation::kNavixFirstPerson,
                                      gw::Observation::kNavixCategoricalFirstPerson};
    const gw::Observation kind = kinds[t % 3];
    gw::step(cpu.batch(), actions.data(), gw::Autoreset::kNextStep, cpu.out(kind), 7, 0);
    gw::gpu::step(cuda.batch(), actions.data(), gw::Autoreset::kNextStep, cuda.out(kind), 7);
    char when[32];
    std::snprintf(when, sizeof when, "at step %d", t);
    if (!same(cpu, cuda, when)) return 1;
  }
  const gw::BenchTiming timing = gw::gpu::benchmark(cuda.batch(), gw::Observation::kPartial, 7, 1000, 1);
  std::printf("gridworld CUDA parity ok (%lld mixed envs x 300 steps); bench %.3e steps/s\n", (long long)count,
              double(count) * 1000 / timing.seconds);
  return 0;
}
