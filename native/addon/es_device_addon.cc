// Device-resident ES populations (es::gpu::DeviceSession) as opaque, type-tagged handles, and the
// fused ask for every problem on either device. A handle's session is shared with the workers that
// use it, so collecting the handle while a call runs cannot free the device memory under it.
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

constexpr int64_t kMaxCount = int64_t{1} << 40;
constexpr int64_t kMaxCounter = int64_t{1} << 53;
constexpr napi_type_tag kSessionTag = {0x7a3c1e9b5d2f4a60ULL, 0x91b8e4c7d3a25f18ULL};

using SessionPointer = std::shared_ptr<es::gpu::DeviceSession>;

es::Problem problem_arg(const Napi::CallbackInfo& info, size_t index) {
  const std::string name = string_arg(info, index, "problem");
  if (name == "sphere") return es::Problem::sphere;
  if (name == "rosenbrock") return es::Problem::rosenbrock;
  if (name == "rastrigin") return es::Problem::rastrigin;
  throw_range(info.Env(), "problem must be \"sphere\", \"rosenbrock\" or \"rastrigin\", got \"" + name + "\"");
}

es::NoiseKey key_args(const Napi::CallbackInfo& info, size_t index) {
  return es::NoiseKey{static_cast<uint64_t>(integer_arg(info, index, "seed", 0, kMaxCounter)),
                      static_cast<uint64_t>(integer_arg(info, index + 1, "generation", 0, kMaxCounter))};
}

bool bool_arg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsBoolean()) throw_type(info.Env(), std::string(name) + " must be a boolean");
  return info[index].As<Napi::Boolean>().Value();
}

// mean (dim values) and sigma (1 or dim values, >= 0), both finite.
void check_search(const Napi::CallbackInfo& info, size_t index, int64_t dim, int64_t sigma_length,
                  Napi::Float32Array& mean, Napi::Float32Array& sigma) {
  const Napi::Env env = info.Env();
  mean = array_arg<float>(info, index, "mean", dim);
  sigma = array_arg<float>(info, index + 1, "sigma", sigma_length);
  require_finite(env, mean, "mean");
  require_finite(env, sigma, "sigma");
  for (int64_t j = 0; j < sigma_length; ++j) {
    if (sigma.Data()[j] < 0) throw_range(env, "sigma[" + std::to_string(j) + "] must be >= 0");
  }
}

// The handle argument: an object made by esDeviceCreate and not yet released.
struct Handle {
  SessionPointer session;
  int64_t sigma_length;
};

Handle handle_arg(const Napi::CallbackInfo& info, size_t index) {
  const Napi::Env env = info.Env();
  if (info.Length() <= index || !info[index].IsObject() || !info[index].As<Napi::Object>().CheckTypeTag(&kSessionTag)) {
    throw_type(env, "session must be a handle returned by esDeviceCreate");
  }
  const Napi::Object handle = info[index].As<Napi::Object>();
  auto* holder = handle.Get("native").As<Napi::External<SessionPointer>>().Data();
  if (!holder || !*holder) throw_range(env, "session was released");
  return Handle{*holder, handle.Get("sigmaLength").As<Napi::Number>().Int64Value()};
}

// esDeviceCreate(popsize, dim, sigmaLength, antithetic) -> handle (device "cuda" only).
Napi::Value DeviceCreate(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const bool antithetic = bool_arg(info, 3, "antithetic");
  const int64_t popsize = integer_arg(info, 0, "popsize", antithetic ? 2 : 1, kMaxCount);
  if (antithetic && popsize % 2 != 0) throw_range(env, "popsize must be even for antithetic sampling, got " + std::to_string(popsize));
  const int64_t dim = integer_arg(info, 1, "dim", 1, kMaxCount / popsize);
  const int64_t sigma_length = integer_arg(info, 2, "sigmaLength", 1, dim);
  if (sigma_length != 1 && sigma_length != dim) {
    throw_range(env, "sigmaLength must be 1 or dim = " + std::to_string(dim) + ", got " + std::to_string(sigma_length));
  }
  if (!gpu::available()) throw_range(env, "a device-resident ES population needs a CUDA device: " + gpu::info().error);
  SessionPointer session;
  try {
    session = es::gpu::DeviceSession::create(es::Layout{popsize, dim, antithetic}, sigma_length);
  } catch (const std::exception& error) {
    throw_range(env, std::string("could not create the device population: ") + error.what());
  }
  Napi::Object handle = Napi::Object::New(env);
  handle.TypeTag(&kSessionTag);
  auto external = Napi::External<SessionPointer>::New(env, new SessionPointer(session),
                                                      [](Napi::Env, SessionPointer* holder) { delete holder; });
  handle.DefineProperties({
      Napi::PropertyDescriptor::Value("native", external, napi_default),
      Napi::PropertyDescriptor::Value("popsize", Napi::Number::New(env, static_cast<double>(popsize)), napi_enumerable),
      Napi::PropertyDescriptor::Value("dim", Napi::Number::New(env, static_cast<double>(dim)), napi_enumerable),
      Napi::PropertyDescriptor::Value("sigmaLength", Napi::Number::New(env, static_cast<double>(sigma_length)), napi_enumerable),
      Napi::PropertyDescriptor::Value("antithetic", Napi::Boolean::New(env, antithetic), napi_enumerable),
  });
  return handle;
}

// esDeviceRelease(handle): frees the device memory now (it is also freed when the handle is collected).
Napi::Value DeviceRelease(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject() || !info[0].As<Napi::Object>().CheckTypeTag(&kSessionTag)) {
    throw_type(env, "session must be a handle returned by esDeviceCreate");
  }
  auto* holder = info[0].As<Napi::Object>().Get("native").As<Napi::External<SessionPointer>>().Data();
  if (holder) holder->reset();  // workers still running hold their own reference
  return env.Undefined();
}

// esDeviceSample(handle, mean, sigma, seed, generation)
Napi::Value DeviceSample(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const es::Layout layout = handle.session->layout();
  Napi::Float32Array mean, sigma;
  check_search(info, 1, layout.dim, handle.sigma_length, mean, sigma);
  const es::NoiseKey key = key_args(info, 3);
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {mean, sigma}, [session, key, mean, sigma]() { session->sample(key, mean.Data(), sigma.Data()); });
}

// esDeviceEvaluate(handle, problem, fitnessOut)
Napi::Value DeviceEvaluate(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const es::Problem problem = problem_arg(info, 1);
  auto fitness = array_arg<double>(info, 2, "fitnessOut", handle.session->layout().popsize);
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {fitness}, [session, problem, fitness]() {
    session->evaluate(problem, const_cast<double*>(fitness.Data()));
  });
}

// esDeviceSampleEvaluate(handle, mean, sigma, seed, generation, problem, fitnessOut): the fused ask.
Napi::Value DeviceSampleEvaluate(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const es::Layout layout = handle.session->layout();
  Napi::Float32Array mean, sigma;
  check_search(info, 1, layout.dim, handle.sigma_length, mean, sigma);
  const es::NoiseKey key = key_args(info, 3);
  const es::Problem problem = problem_arg(info, 5);
  auto fitness = array_arg<double>(info, 6, "fitnessOut", layout.popsize);
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {mean, sigma, fitness}, [=]() {
    session->sample_evaluate(key, mean.Data(), sigma.Data(), problem, const_cast<double*>(fitness.Data()));
  });
}

// esDeviceDownload(handle, populationOut)
Napi::Value DeviceDownload(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const es::Layout layout = handle.session->layout();
  auto out = array_arg<float>(info, 1, "populationOut", layout.popsize * layout.dim);
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {out}, [session, out]() { session->download(const_cast<float*>(out.Data())); });
}

// esDeviceDownloadRow(handle, row, out)
Napi::Value DeviceDownloadRow(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const es::Layout layout = handle.session->layout();
  const int64_t row = integer_arg(info, 1, "row", 0, layout.popsize - 1);
  auto out = array_arg<float>(info, 2, "out", layout.dim);
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {out}, [session, row, out]() { session->download_row(row, const_cast<float*>(out.Data())); });
}

// esSampleEvaluate(problem, mean, sigma, seed, generation, popsize, antithetic, fitnessOut, device):
// the fused ask without a session (CPU, or CUDA with host buffers).
Napi::Value SampleEvaluate(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const es::Problem problem = problem_arg(info, 0);
  if (info.Length() < 2 || !info[1].IsTypedArray()) throw_type(env, "mean must be a Float32Array");
  const int64_t dim = static_cast<int64_t>(info[1].As<Napi::TypedArray>().ElementLength());
  if (dim < 1) throw_range(env, "mean must have at least one element");
  if (info.Length() < 3 || !info[2].IsTypedArray()) throw_type(env, "sigma must be a Float32Array");
  const int64_t sigma_length = static_cast<int64_t>(info[2].As<Napi::TypedArray>().ElementLength());
  if (sigma_length != 1 && sigma_length != dim) {
    throw_range(env, "sigma must have 1 or " + std::to_string(dim) + " elements (mean's length), got " + std::to_string(sigma_length));
  }
  Napi::Float32Array mean, sigma;
  check_search(info, 1, dim, sigma_length, mean, sigma);
  const es::NoiseKey key = key_args(info, 3);
  const bool antithetic = bool_arg(info, 6, "antithetic");
  const int64_t popsize = integer_arg(info, 5, "popsize", antithetic ? 2 : 1, kMaxCount / dim);
  if (antithetic && popsize % 2 != 0) throw_range(env, "popsize must be even for antithetic sampling, got " + std::to_string(popsize));
  auto fitness = array_arg<double>(info, 7, "fitnessOut", popsize);
  const bool cuda = cuda_device_arg(info, 8);
  const es::Layout layout{popsize, dim, antithetic};
  return PromiseWorker::Start(env, {mean, sigma, fitness}, [=]() {
    const es::Search search{mean.Data(), sigma.Data(), sigma_length != 1 || dim == 1};
    double* out = const_cast<double*>(fitness.Data());
    if (cuda) {
      es::gpu::sample_evaluate(problem, key, layout, search, out);
    } else {
      es::sample_evaluate(problem, key, layout, search, out);
    }
  });
}

const Registration kDeviceCreate("esDeviceCreate", DeviceCreate);
const Registration kDeviceRelease("esDeviceRelease", DeviceRelease);
const Registration kDeviceSample("esDeviceSample", DeviceSample);
const Registration kDeviceEvaluate("esDeviceEvaluate", DeviceEvaluate);
const Registration kDeviceSampleEvaluate("esDeviceSampleEvaluate", DeviceSampleEvaluate);
const Registration kDeviceDownload("esDeviceDownload", DeviceDownload);
const Registration kDeviceDownloadRow("esDeviceDownloadRow", DeviceDownloadRow);
const Registration kSampleEvaluate("esSampleEvaluate", SampleEvaluate);

}  // namespace

}  // namespace tansaku::addon
