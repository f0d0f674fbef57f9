// circlesSolve({n, width, height, seconds, seed, device}, onProgress?) -> Promise<result>.
// The solver runs on the libuv pool and reports each round to onProgress on the main thread.
#include <cmath>
#include <memory>

#include "args.h"
#include "circles.h"
#include "gpu.h"
#include "promise_worker.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

class SolveWorker : public Napi::AsyncProgressQueueWorker<circles::SolveProgress> {
 public:
  SolveWorker(Napi::Env env, circles::SolveOptions options, Napi::Function on_progress)
      : Napi::AsyncProgressQueueWorker<circles::SolveProgress>(env), options_(options),
        deferred_(Napi::Promise::Deferred::New(env)) {
    if (!on_progress.IsEmpty()) on_progress_ = Napi::Persistent(on_progress);
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute(const ExecutionProgress& progress) override {
    try {
      result_ = circles::solve(options_, [&](const circles::SolveProgress& step) {
        progress.Send(&step, 1);
        return true;
      });
    } catch (const std::exception& error) {
      SetError(error.what());
    }
  }

  void OnProgress(const circles::SolveProgress* steps, size_t count) override {
    if (on_progress_.IsEmpty() || count == 0) return;
    const Napi::Env env = Env();
    Napi::HandleScope scope(env);
    const circles::SolveProgress& last = steps[count - 1];
    Napi::Object update = Napi::Object::New(env);
    update.Set("elapsedSeconds", last.elapsed_seconds);
    update.Set("starts", static_cast<double>(last.starts));
    update.Set("bestSum", last.best_sum);
    on_progress_.Call({update});
  }

  void OnOK() override {
    const Napi::Env env = Env();
    const int32_t n = options_.n;
    auto centers = Napi::Float64Array::New(env, 2 * n);
    auto radii = Napi::Float64Array::New(env, n);
    std::copy(result_.centers.begin(), result_.centers.end(), centers.Data());
    std::copy(result_.radii.begin(), result_.radii.end(), radii.Data());
    Napi::Object out = Napi::Object::New(env);
    out.Set("centers", centers);
    out.Set("radii", radii);
    out.Set("sumRadii", result_.sum_radii);
    out.Set("starts", static_cast<double>(result_.starts));
    out.Set("seconds", result_.seconds);
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  circles::SolveOptions options_;
  Napi::Promise::Deferred deferred_;
  Napi::FunctionReference on_progress_;
  circles::SolveResult result_;
};

double option(const Napi::Object& options, const char* key, double fallback) {
  if (!options.Has(key) || options.Get(key).IsUndefined()) return fallback;
  Napi::Value value = options.Get(key);
  if (!value.IsNumber() || !std::isfinite(value.As<Napi::Number>().DoubleValue())) {
    throw_type(options.Env(), std::string("options.") + key + " must be a finite number");
  }
  return value.As<Napi::Number>().DoubleValue();
}

Napi::Value Solve(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throw_type(env, "options must be an object");
  const Napi::Object options = info[0].As<Napi::Object>();
  circles::SolveOptions solve;
  const double n = option(options, "n", -1);
  if (n < 1 || n > 100000 || n != std::floor(n)) throw_range(env, "options.n must be an integer in [1, 100000]");
  solve.n = static_cast<int32_t>(n);
  solve.box.width = option(options, "width", 1.0);
  solve.box.height = option(options, "height", 1.0);
  if (!(solve.box.width > 0) || !(solve.box.height > 0)) throw_range(env, "options.width and options.height must be positive");
  solve.seconds = option(options, "seconds", 10.0);
  if (solve.seconds < 0) throw_range(env, "options.seconds must be >= 0");
  const double seed = option(options, "seed", 0);
  if (seed < 0 || seed != std::floor(seed) || seed > 9007199254740991.0) throw_range(env, "options.seed must be a non-negative integer");
  solve.seed = static_cast<uint64_t>(seed);
  std::string device = "cpu";
  if (options.Has("device") && !options.Get("device").IsUndefined()) {
    if (!options.Get("device").IsString()) throw_type(env, "options.device must be a string");
    device = options.Get("device").As<Napi::String>().Utf8Value();
  }
  if (device == "cuda") {
    if (!gpu::available()) throw_range(env, "options.device is \"cuda\" but no CUDA device is available: " + gpu::info().error);
    solve.backend = circles::Backend::Cuda;
  } else if (device != "cpu") {
    throw_range(env, "options.device must be \"cpu\" or \"cuda\", got \"" + device + "\"");
  }
  Napi::Function on_progress;
  if (info.Length() > 1 && !info[1].IsUndefined() && !info[1].IsNull()) {
    if (!info[1].IsFunction()) throw_type(env, "onProgress must be a function");
    on_progress = info[1].As<Napi::Function>();
  }
  auto* worker = new SolveWorker(env, solve, on_progress);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// circlesCudaBenchmark(n, batch, repetitions) -> Promise<{evalsPerSec, medianMs}>
Napi::Value CudaBenchmark(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int32_t n = static_cast<int32_t>(integer_arg(info, 0, "n", 1, 4096));
  const int64_t batch = integer_arg(info, 1, "batch", 1, int64_t{1} << 26);
  const int32_t repetitions = static_cast<int32_t>(integer_arg(info, 2, "repetitions", 1, 10000));
  if (!gpu::available()) throw_range(env, "no CUDA device is available: " + gpu::info().error);
  auto timing = std::make_shared<gpu::KernelTiming>();
  return PromiseWorker::Start(
      env, {}, [=] { *timing = gpu::circles_energy_benchmark(n, batch, repetitions); },
      [timing](Napi::Env env) -> Napi::Value {
        Napi::Object out = Napi::Object::New(env);
        out.Set("evalsPerSec", timing->evals_per_sec);
        out.Set("medianMs", timing->median_ms);
        return out;
      });
}

const Registration solve_registration("circlesSolve", Solve);
const Registration benchmark_registration("circlesCudaBenchmark", CudaBenchmark);

}  // namespace

}  // namespace tansaku::addon
