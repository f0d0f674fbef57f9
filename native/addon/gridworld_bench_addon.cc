// gridworldBenchmark: random-action throughput of a reset batch, on the CPU (one thread per block
// of environments for all steps) or on the device (state resident there, timed with events).
#include <memory>
#include <string>
#include <vector>

#include "gridworld_args.h"
#include "gridworld_bench.h"
#include "gridworld_gpu.h"
#include "promise_worker.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

using namespace gridworld_args;

// gridworldBenchmark(numEnvs, width, height, grid, contents, info, observation, viewSize, steps,
// threads, actionSeed, device?) -> Promise<{ seconds, checksum }>: random actions, observations written
// for every environment and step; the batch must have been reset.
Napi::Value Benchmark(const Napi::CallbackInfo& info) {
  const StateArgs state = state_args(info);
  const gw::Observation observation = observation_arg(info, 6);
  const int32_t view = view_size_arg(info, 7);
  const int32_t steps = static_cast<int32_t>(integer_arg(info, 8, "steps", 1, int64_t{1} << 30));
  const int32_t threads = threads_arg(info, 9);
  const uint64_t seed = static_cast<uint64_t>(integer_arg(info, 10, "actionSeed", 0, int64_t{1} << 53));
  const bool cuda = cuda_device_arg(info, 11, true);
  require_valid_state(info.Env(), state.batch, false);
  for (int64_t b = 0; b < state.batch.count; ++b) {
    if (!gw::kind_has_generator(state.batch.info[b * gw::kInfoFields + gw::kKindField])) {
      throw_range(info.Env(), "the benchmark needs kinds with a layout generator (autoreset)");
    }
  }
  auto timing = std::make_shared<gw::BenchTiming>();
  const gw::Batch batch = state.batch;
  return PromiseWorker::Start(
      info.Env(), {state.grid, state.contents, state.info},
      [=]() {
        if (cuda) {
          *timing = gw::gpu::benchmark(batch, observation, view, steps, seed);
          return;
        }
        std::vector<uint8_t> obs(static_cast<size_t>(batch.count * gw::observation_size(batch, observation, view)));
        *timing = gw::benchmark_cpu(batch, observation, view, steps, threads, obs.empty() ? nullptr : obs.data(), seed);
      },
      [timing](Napi::Env env) -> Napi::Value {
        Napi::Object result = Napi::Object::New(env);
        result.Set("seconds", timing->seconds);
        result.Set("checksum", static_cast<double>(timing->checksum % (uint64_t{1} << 53)));
        return result;
      });
}

const Registration benchmark_registration("gridworldBenchmark", Benchmark);

}  // namespace

}  // namespace tansaku::addon
