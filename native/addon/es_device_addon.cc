// Device-resident ES populations (es::gpu::DeviceSession) as opaque, type-tagged handles, and the
// fused ask for every problem on either device. A handle's session is shared with the workers that
// use it, so collecting the handle while a call runs cannot free the device memory under it.
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "args.h"
#include "device_arg.h"
#include "es.h"
#include "es_gpu.h"
#include "es_update.h"
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

// mean and sigma, or null and null for the session's resident ones.
bool resident_search(const Napi::CallbackInfo& info, size_t index, const Handle& handle, Napi::Float32Array& mean,
                     Napi::Float32Array& sigma) {
  const bool resident = is_absent(info, index);
  if (resident != is_absent(info, index + 1)) throw_type(info.Env(), "mean and sigma must both be given or both be null");
  if (!resident) check_search(info, index, handle.session->layout().dim, handle.sigma_length, mean, sigma);
  return resident;
}

// esDeviceSample(handle, mean | null, sigma | null, seed, generation)
Napi::Value DeviceSample(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  Napi::Float32Array mean, sigma;
  const bool resident = resident_search(info, 1, handle, mean, sigma);
  const es::NoiseKey key = key_args(info, 3);
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {mean, sigma}, [session, key, mean, sigma, resident]() {
    session->sample(key, resident ? nullptr : mean.Data(), resident ? nullptr : sigma.Data());
  });
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

// esDeviceSampleEvaluate(handle, mean | null, sigma | null, seed, generation, problem, fitnessOut): the fused ask.
Napi::Value DeviceSampleEvaluate(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const es::Layout layout = handle.session->layout();
  Napi::Float32Array mean, sigma;
  const bool resident = resident_search(info, 1, handle, mean, sigma);
  const es::NoiseKey key = key_args(info, 3);
  const es::Problem problem = problem_arg(info, 5);
  auto fitness = array_arg<double>(info, 6, "fitnessOut", layout.popsize);
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {mean, sigma, fitness}, [=]() {
    session->sample_evaluate(key, resident ? nullptr : mean.Data(), resident ? nullptr : sigma.Data(), problem,
                             const_cast<double*>(fitness.Data()));
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

constexpr std::pair<const char*, es::StepRule> kRules[] = {
    {"sgd", es::StepRule::sgd},
    {"adam", es::StepRule::adam},
    {"snes", es::StepRule::snes},
    {"simple_es", es::StepRule::simple_es},
    {"pgpe_gradient_norm", es::StepRule::pgpe_gradient_norm},
    {"pgpe_velocity", es::StepRule::pgpe_velocity},
    {"pgpe_apply", es::StepRule::pgpe_apply},
    {"sep_cma_paths", es::StepRule::sep_cma_paths},
    {"sep_cma_covariance", es::StepRule::sep_cma_covariance},
};

es::StepRule rule_arg(const Napi::CallbackInfo& info, size_t index) {
  const std::string name = string_arg(info, index, "rule");
  std::string known;
  for (const auto& [rule_name, rule] : kRules) {
    if (name == rule_name) return rule;
    known += std::string(known.empty() ? "" : ", ") + rule_name;
  }
  throw_range(info.Env(), "rule must be one of " + known + ", got \"" + name + "\"");
}

// The step's scalars from an object; absent fields keep their defaults, present ones must be finite.
es::StepScalars scalars_arg(const Napi::CallbackInfo& info, size_t index) {
  const Napi::Env env = info.Env();
  if (info.Length() <= index || !info[index].IsObject()) throw_type(env, "scalars must be an object");
  const Napi::Object object = info[index].As<Napi::Object>();
  es::StepScalars scalars;
  const std::pair<const char*, float*> fields[] = {
      {"learningRate", &scalars.learning_rate}, {"beta1", &scalars.beta1},           {"beta2", &scalars.beta2},
      {"epsilon", &scalars.epsilon},            {"correction1", &scalars.correction1}, {"correction2", &scalars.correction2},
      {"sigmaRate", &scalars.sigma_rate},       {"weightTotal", &scalars.weight_total},
      {"gradientNorm", &scalars.gradient_norm}, {"maxSigmaChange", &scalars.max_sigma_change},
      {"momentum", &scalars.momentum},          {"speedScale", &scalars.speed_scale},
      {"pathSigmaDecay", &scalars.path_sigma_decay}, {"pathSigmaRate", &scalars.path_sigma_rate},
      {"pathCDecay", &scalars.path_c_decay},    {"pathCRate", &scalars.path_c_rate},
      {"covarianceDecay", &scalars.covariance_decay}, {"c1", &scalars.c1},
      {"cMu", &scalars.c_mu},                   {"newSigma", &scalars.new_sigma},
  };
  for (const auto& [name, target] : fields) {
    const Napi::Value value = object.Get(name);
    if (value.IsUndefined()) continue;
    if (!value.IsNumber() || !std::isfinite(value.As<Napi::Number>().DoubleValue())) {
      throw_range(env, std::string("scalars.") + name + " must be a finite number");
    }
    *target = value.As<Napi::Number>().FloatValue();
  }
  if (!(scalars.correction1 > 0) || !(scalars.correction2 > 0)) throw_range(env, "scalars.correction1 and correction2 must be > 0");
  return scalars;
}

// A Float32Array property of `vectors` with dim elements, or an empty array when absent and optional.
Napi::Float32Array vector_property(Napi::Env env, const Napi::Object& vectors, const char* name, int64_t length, bool required) {
  const Napi::Value value = vectors.Get(name);
  if (value.IsUndefined() || value.IsNull()) {
    if (required) throw_type(env, std::string("vectors.") + name + " must be a Float32Array");
    return Napi::Float32Array();
  }
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw_type(env, std::string("vectors.") + name + " must be a Float32Array");
  }
  auto array = value.As<Napi::Float32Array>();
  if (static_cast<int64_t>(array.ElementLength()) != length) {
    throw_range(env, std::string("vectors.") + name + " must have " + std::to_string(length) + " elements, got " +
                         std::to_string(array.ElementLength()));
  }
  return array;
}

// esDiagonalStep(rule, scalars, vectors) -> the pass's sum: the element-wise update on the CPU, in
// place (the same code the device session runs). vectors: { mean, sigma, first, and as the rule
// needs: second, moment1, moment2, velocity, pathSigma, pathC, covariance }.
Napi::Value DiagonalStep(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const es::StepRule rule = rule_arg(info, 0);
  const es::StepScalars scalars = scalars_arg(info, 1);
  if (info.Length() < 3 || !info[2].IsObject()) throw_type(env, "vectors must be an object");
  const Napi::Object vectors = info[2].As<Napi::Object>();
  const Napi::Value mean_value = vectors.Get("mean");
  if (!mean_value.IsTypedArray()) throw_type(env, "vectors.mean must be a Float32Array");
  const int64_t dim = static_cast<int64_t>(mean_value.As<Napi::TypedArray>().ElementLength());
  if (dim < 1) throw_range(env, "vectors.mean must have at least one element");
  auto mean = vector_property(env, vectors, "mean", dim, true);
  const Napi::Value sigma_value = vectors.Get("sigma");
  const int64_t sigma_length = sigma_value.IsTypedArray() ? static_cast<int64_t>(sigma_value.As<Napi::TypedArray>().ElementLength()) : 0;
  auto sigma = vector_property(env, vectors, "sigma", sigma_length == 1 ? 1 : dim, true);
  const bool per_dim = sigma_length != 1 || dim == 1;
  const bool needs_per_dim = rule != es::StepRule::sgd && rule != es::StepRule::adam;
  if (needs_per_dim && !per_dim) throw_range(env, "vectors.sigma must have one value per dimension for this rule");
  auto first = vector_property(env, vectors, "first", dim, true);
  auto second = vector_property(env, vectors, "second", dim, es::step_needs_second(rule));
  const bool adam = rule == es::StepRule::adam;
  const bool pgpe = rule == es::StepRule::pgpe_velocity || rule == es::StepRule::pgpe_apply;
  const bool sep_cma = rule == es::StepRule::sep_cma_paths || rule == es::StepRule::sep_cma_covariance;
  auto moment1 = vector_property(env, vectors, "moment1", dim, adam);
  auto moment2 = vector_property(env, vectors, "moment2", dim, adam);
  auto velocity = vector_property(env, vectors, "velocity", dim, pgpe);
  auto path_sigma = vector_property(env, vectors, "pathSigma", dim, sep_cma);
  auto path_c = vector_property(env, vectors, "pathC", dim, sep_cma);
  auto covariance = vector_property(env, vectors, "covariance", dim, sep_cma);
  auto data = [](const Napi::Float32Array& array) { return array.IsEmpty() ? nullptr : const_cast<float*>(array.Data()); };
  es::StepState state;
  state.mean = data(mean);
  state.sigma = data(sigma);
  state.sigma_per_dim = per_dim;
  state.first = data(first);
  state.second = data(second);
  state.moment1 = data(moment1);
  state.moment2 = data(moment2);
  state.velocity = data(velocity);
  state.path_sigma = data(path_sigma);
  state.path_c = data(path_c);
  state.covariance = data(covariance);
  return Napi::Number::New(env, es::diagonal_step(rule, scalars, state, dim));
}

// esDeviceSetState(handle, mean | null, sigma | null) and esDeviceGetState(handle, meanOut | null, sigmaOut | null)
Napi::Value DeviceSetState(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const es::Layout layout = handle.session->layout();
  Napi::Float32Array mean, sigma;
  if (!is_absent(info, 1)) {
    mean = array_arg<float>(info, 1, "mean", layout.dim);
    require_finite(info.Env(), mean, "mean");
  }
  if (!is_absent(info, 2)) {
    sigma = array_arg<float>(info, 2, "sigma", handle.sigma_length);
    require_finite(info.Env(), sigma, "sigma");
  }
  const bool with_mean = !mean.IsEmpty(), with_sigma = !sigma.IsEmpty();
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {mean, sigma}, [=]() {
    session->set_state(with_mean ? mean.Data() : nullptr, with_sigma ? sigma.Data() : nullptr);
  });
}

Napi::Value DeviceGetState(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const es::Layout layout = handle.session->layout();
  Napi::Float32Array mean, sigma;
  if (!is_absent(info, 1)) mean = array_arg<float>(info, 1, "meanOut", layout.dim);
  if (!is_absent(info, 2)) sigma = array_arg<float>(info, 2, "sigmaOut", handle.sigma_length);
  const bool with_mean = !mean.IsEmpty(), with_sigma = !sigma.IsEmpty();
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {mean, sigma}, [=]() {
    session->get_state(with_mean ? const_cast<float*>(mean.Data()) : nullptr, with_sigma ? const_cast<float*>(sigma.Data()) : nullptr);
  });
}

// esDeviceMoments(handle, seed, generation, a, b | null): the noise sums of tell, kept on the device.
Napi::Value DeviceMoments(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Handle handle = handle_arg(info, 0);
  const es::NoiseKey key = key_args(info, 1);
  if (info.Length() < 4 || !info[3].IsTypedArray()) throw_type(env, "a must be a Float32Array");
  const int64_t rows = static_cast<int64_t>(info[3].As<Napi::TypedArray>().ElementLength());
  if (rows < 1 || rows > handle.session->layout().popsize) throw_range(env, "a must have between 1 and popsize elements");
  auto a = array_arg<float>(info, 3, "a", rows);
  require_finite(env, a, "a");
  Napi::Float32Array b;
  if (!is_absent(info, 4)) {
    b = array_arg<float>(info, 4, "b", rows);
    require_finite(env, b, "b");
  }
  const bool with_b = !b.IsEmpty();
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(env, {a, b}, [=]() { session->moments(key, rows, a.Data(), with_b ? b.Data() : nullptr); });
}

// esDeviceStep(handle, rule, scalars) -> the pass's sum: one element-wise pass over the resident state.
Napi::Value DeviceStep(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const es::StepRule rule = rule_arg(info, 1);
  const es::StepScalars scalars = scalars_arg(info, 2);
  const SessionPointer session = handle.session;
  auto sum = std::make_shared<double>(0.0);
  return PromiseWorker::Start(
      info.Env(), {}, [=]() { *sum = session->step(rule, scalars); },
      [sum](Napi::Env env) { return Napi::Number::New(env, *sum); });
}

// esDeviceGetVector(handle, which, out): one resident strategy vector to the host.
Napi::Value DeviceGetVector(const Napi::CallbackInfo& info) {
  const Handle handle = handle_arg(info, 0);
  const std::string name = string_arg(info, 1, "which");
  es::gpu::StateVector which;
  if (name == "velocity") {
    which = es::gpu::StateVector::velocity;
  } else if (name == "path_sigma") {
    which = es::gpu::StateVector::path_sigma;
  } else if (name == "path_c") {
    which = es::gpu::StateVector::path_c;
  } else if (name == "covariance") {
    which = es::gpu::StateVector::covariance;
  } else {
    throw_range(info.Env(), "which must be \"velocity\", \"path_sigma\", \"path_c\" or \"covariance\", got \"" + name + "\"");
  }
  auto out = array_arg<float>(info, 2, "out", handle.session->layout().dim);
  const SessionPointer session = handle.session;
  return PromiseWorker::Start(info.Env(), {out}, [=]() { session->get_vector(which, const_cast<float*>(out.Data())); });
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
const Registration kDiagonalStep("esDiagonalStep", DiagonalStep);
const Registration kDeviceSetState("esDeviceSetState", DeviceSetState);
const Registration kDeviceGetState("esDeviceGetState", DeviceGetState);
const Registration kDeviceMoments("esDeviceMoments", DeviceMoments);
const Registration kDeviceStep("esDeviceStep", DeviceStep);
const Registration kDeviceGetVector("esDeviceGetVector", DeviceGetVector);

}  // namespace

}  // namespace tansaku::addon
