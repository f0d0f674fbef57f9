// Evolution-strategy exports: sampling (stored or fused with the sphere), raw noise, the noise
// moments of `tell`, and the benchmark problems. Every call checks its arguments, then runs on the
// libuv pool and resolves a Promise; outputs are caller-allocated typed arrays filled in place.
#include <memory>
#include <string>

#include "args.h"
#include "device_arg.h"
#include "es.h"
#include "es_gpu.h"
#include "gpu.h"
#include "promise_worker.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

constexpr int64_t kMaxCount = int64_t{1} << 40;  // elements in any one buffer
constexpr int64_t kMaxCounter = int64_t{1} << 53;  // seeds and generations are exact JS integers

es::NoiseKey key_args(const Napi::CallbackInfo& info, size_t index) {
  return es::NoiseKey{static_cast<uint64_t>(integer_arg(info, index, "seed", 0, kMaxCounter)),
                      static_cast<uint64_t>(integer_arg(info, index + 1, "generation", 0, kMaxCounter))};
}

bool bool_arg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsBoolean()) throw_type(info.Env(), std::string(name) + " must be a boolean");
  return info[index].As<Napi::Boolean>().Value();
}

// The shared leading arguments of the samplers: (mean, sigma, seed, generation, popsize, antithetic).
struct SampleArgs {
  Napi::Float32Array mean;
  Napi::Float32Array sigma;
  es::NoiseKey key;
  es::Layout layout;
  es::Search search() const { return es::Search{mean.Data(), sigma.Data(), sigma.ElementLength() != 1 || layout.dim == 1}; }
};

SampleArgs sample_args(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray()) throw_type(env, "mean must be a Float32Array");
  const int64_t dim = static_cast<int64_t>(info[0].As<Napi::TypedArray>().ElementLength());
  if (dim < 1) throw_range(env, "mean must have at least one element");
  auto mean = array_arg<float>(info, 0, "mean", dim);
  if (info.Length() < 2 || !info[1].IsTypedArray()) throw_type(env, "sigma must be a Float32Array");
  const int64_t sigma_length = static_cast<int64_t>(info[1].As<Napi::TypedArray>().ElementLength());
  if (sigma_length != 1 && sigma_length != dim) {
    throw_range(env, "sigma must have 1 or " + std::to_string(dim) + " elements (mean's length), got " +
                         std::to_string(sigma_length));
  }
  auto sigma = array_arg<float>(info, 1, "sigma", sigma_length);
  require_finite(env, mean, "mean");
  require_finite(env, sigma, "sigma");
  for (int64_t j = 0; j < sigma_length; ++j) {
    if (sigma.Data()[j] < 0) throw_range(env, "sigma[" + std::to_string(j) + "] must be >= 0");
  }
  const es::NoiseKey key = key_args(info, 2);
  const bool antithetic = bool_arg(info, 5, "antithetic");
  const int64_t popsize = integer_arg(info, 4, "popsize", antithetic ? 2 : 1, kMaxCount / dim);
  if (antithetic && popsize % 2 != 0) throw_range(env, "popsize must be even for antithetic sampling, got " + std::to_string(popsize));
  return SampleArgs{mean, sigma, key, es::Layout{popsize, dim, antithetic}};
}

// esSample(mean, sigma, seed, generation, popsize, antithetic, populationOut, device)
Napi::Value Sample(const Napi::CallbackInfo& info) {
  const SampleArgs args = sample_args(info);
  auto population = array_arg<float>(info, 6, "populationOut", args.layout.popsize * args.layout.dim);
  const bool cuda = cuda_device_arg(info, 7);
  return PromiseWorker::Start(info.Env(), {args.mean, args.sigma, population}, [args, population, cuda]() {
    float* out = const_cast<float*>(population.Data());
    if (cuda) {
      es::gpu::sample(args.key, args.layout, args.search(), out);
    } else {
      es::sample(args.key, args.layout, args.search(), out);
    }
  });
}

// esSampleSphere(mean, sigma, seed, generation, popsize, antithetic, fitnessOut, device)
Napi::Value SampleSphere(const Napi::CallbackInfo& info) {
  const SampleArgs args = sample_args(info);
  auto fitness = array_arg<double>(info, 6, "fitnessOut", args.layout.popsize);
  const bool cuda = cuda_device_arg(info, 7);
  return PromiseWorker::Start(info.Env(), {args.mean, args.sigma, fitness}, [args, fitness, cuda]() {
    double* out = const_cast<double*>(fitness.Data());
    if (cuda) {
      es::gpu::sample_sphere(args.key, args.layout, args.search(), out);
    } else {
      es::sample_sphere(args.key, args.layout, args.search(), out);
    }
  });
}

// esNoise(seed, generation, rows, dim, out)
Napi::Value Noise(const Napi::CallbackInfo& info) {
  const es::NoiseKey key = key_args(info, 0);
  const int64_t rows = integer_arg(info, 2, "rows", 1, kMaxCount);
  const int64_t dim = integer_arg(info, 3, "dim", 1, kMaxCount / rows);
  auto out = array_arg<float>(info, 4, "out", rows * dim);
  return PromiseWorker::Start(info.Env(), {out}, [key, rows, dim, out]() {
    es::noise(key, rows, dim, const_cast<float*>(out.Data()));
  });
}

// esNoiseMoments(seed, generation, rows, dim, a, b | null, firstOut, secondOut | null, device)
Napi::Value NoiseMoments(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const es::NoiseKey key = key_args(info, 0);
  const int64_t rows = integer_arg(info, 2, "rows", 1, kMaxCount);
  const int64_t dim = integer_arg(info, 3, "dim", 1, kMaxCount / rows);
  auto a = array_arg<float>(info, 4, "a", rows);
  require_finite(env, a, "a");
  const bool with_second = !is_absent(info, 5);
  if (with_second != !is_absent(info, 7)) throw_type(env, "b and secondOut must both be given or both be null");
  auto first = array_arg<float>(info, 6, "firstOut", dim);
  Napi::Float32Array b, second;
  if (with_second) {
    b = array_arg<float>(info, 5, "b", rows);
    require_finite(env, b, "b");
    second = array_arg<float>(info, 7, "secondOut", dim);
  }
  const bool cuda = cuda_device_arg(info, 8);
  return PromiseWorker::Start(env, {a, b, first, second}, [=]() {
    const float* b_data = with_second ? b.Data() : nullptr;
    float* second_data = with_second ? const_cast<float*>(second.Data()) : nullptr;
    float* first_data = const_cast<float*>(first.Data());
    if (cuda) {
      es::gpu::noise_moments(key, rows, dim, a.Data(), b_data, first_data, second_data);
    } else {
      es::noise_moments(key, rows, dim, a.Data(), b_data, first_data, second_data);
    }
  });
}

// esEvaluate(problem, population, popsize, dim, fitnessOut)
Napi::Value Evaluate(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const std::string name = string_arg(info, 0, "problem");
  es::Problem problem;
  if (name == "sphere") {
    problem = es::Problem::sphere;
  } else if (name == "rosenbrock") {
    problem = es::Problem::rosenbrock;
  } else if (name == "rastrigin") {
    problem = es::Problem::rastrigin;
  } else {
    throw_range(env, "problem must be \"sphere\", \"rosenbrock\" or \"rastrigin\", got \"" + name + "\"");
  }
  const int64_t popsize = integer_arg(info, 2, "popsize", 1, kMaxCount);
  const int64_t dim = integer_arg(info, 3, "dim", 1, kMaxCount / popsize);
  auto population = array_arg<float>(info, 1, "population", popsize * dim);
  auto fitness = array_arg<double>(info, 4, "fitnessOut", popsize);
  return PromiseWorker::Start(env, {population, fitness}, [=]() {
    es::evaluate(problem, population.Data(), popsize, dim, const_cast<double*>(fitness.Data()));
  });
}

// esCudaBenchmark(popsize, dim, repetitions) -> { storedMs, fusedMs, floorMs, copyBytesPerSecond }
Napi::Value CudaBenchmark(const Napi::CallbackInfo& info) {
  const int64_t popsize = integer_arg(info, 0, "popsize", 2, kMaxCount);
  const int64_t dim = integer_arg(info, 1, "dim", 1, kMaxCount / popsize);
  if (popsize % 2 != 0) throw_range(info.Env(), "popsize must be even for antithetic sampling");
  const int32_t repetitions = static_cast<int32_t>(integer_arg(info, 2, "repetitions", 1, 100000));
  if (!gpu::available()) throw_range(info.Env(), "esCudaBenchmark needs a CUDA device: " + gpu::info().error);
  auto timing = std::make_shared<es::gpu::GenerationTiming>();
  return PromiseWorker::Start(
      info.Env(), {}, [=]() { *timing = es::gpu::benchmark_open_es(popsize, dim, repetitions); },
      [timing](Napi::Env env) {
        Napi::Object result = Napi::Object::New(env);
        result.Set("storedMs", timing->stored_ms);
        result.Set("fusedMs", timing->fused_ms);
        result.Set("floorMs", timing->floor_ms);
        result.Set("copyBytesPerSecond", timing->copy_bytes_per_s);
        return result;
      });
}

const Registration kSample("esSample", Sample);
const Registration kSampleSphere("esSampleSphere", SampleSphere);
const Registration kNoise("esNoise", Noise);
const Registration kNoiseMoments("esNoiseMoments", NoiseMoments);
const Registration kEvaluate("esEvaluate", Evaluate);
const Registration kCudaBenchmark("esCudaBenchmark", CudaBenchmark);

}  // namespace

}  // namespace tansaku::addon
