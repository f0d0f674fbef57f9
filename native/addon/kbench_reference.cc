// kbench exports: Philox input generation and the CPU fp64 references (kbench_inputs.h,
// kbench_reference.h), both synchronous: they run on the small configurations only.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "args.h"
#include "kbench_inputs.h"
#include "kbench_reference.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

constexpr int64_t kMaxElements = int64_t{1} << 31;

std::vector<int64_t> shape_of(Napi::Env env, const Napi::Value& value, const std::string& what) {
  if (!value.IsArray()) throw_type(env, what + ".shape must be an array of positive integers");
  const auto array = value.As<Napi::Array>();
  std::vector<int64_t> shape;
  int64_t n = 1;
  for (uint32_t i = 0; i < array.Length(); ++i) {
    const Napi::Value d = array.Get(i);
    if (!d.IsNumber()) throw_type(env, what + ".shape[" + std::to_string(i) + "] must be a number");
    const double v = d.As<Napi::Number>().DoubleValue();
    if (!(v >= 1 && v <= 2147483647.0) || v != static_cast<double>(static_cast<int64_t>(v))) {
      throw_range(env, what + ".shape[" + std::to_string(i) + "] must be a positive integer");
    }
    shape.push_back(static_cast<int64_t>(v));
    n *= shape.back();
    if (n > kMaxElements) throw_range(env, what + " has more than 2^31 elements");
  }
  if (shape.empty()) throw_range(env, what + ".shape must not be empty");
  return shape;
}

int64_t numel(const std::vector<int64_t>& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

std::string string_field(Napi::Env env, const Napi::Object& o, const char* key, const std::string& what) {
  const Napi::Value v = o.Get(key);
  if (!v.IsString()) throw_type(env, what + "." + key + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

double number_field(Napi::Env env, const Napi::Object& o, const char* key, const std::string& what) {
  const Napi::Value v = o.Get(key);
  if (!v.IsNumber()) throw_type(env, what + "." + key + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

uint32_t u32_field(Napi::Env env, const Napi::Object& o, const char* key) {
  const double v = number_field(env, o, key, "key");
  if (!(v >= 0 && v <= 4294967295.0) || v != static_cast<double>(static_cast<uint32_t>(v))) {
    throw_range(env, std::string("key.") + key + " must be an integer in [0, 2^32)");
  }
  return static_cast<uint32_t>(v);
}

// ({taskHash, configIndex, trial, seed}, tensors: {name, dtype, shape, init, high?}[]) -> typed arrays.
// Tensor i draws from stream tensor_index = i, so the order of the list is part of the key.
Napi::Value KbenchGenerateInputs(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsObject()) throw_type(env, "key must be an object {taskHash, configIndex, trial, seed}");
  if (!info[1].IsArray()) throw_type(env, "tensors must be an array");
  const auto k = info[0].As<Napi::Object>();
  kbench::InputKey key;
  key.task_hash = u32_field(env, k, "taskHash");
  key.config_index = u32_field(env, k, "configIndex");
  key.trial = u32_field(env, k, "trial");
  key.seed = u32_field(env, k, "seed");
  const auto tensors = info[1].As<Napi::Array>();
  std::vector<kbench::InputSpec> specs;
  for (uint32_t i = 0; i < tensors.Length(); ++i) {
    const std::string what = "tensors[" + std::to_string(i) + "]";
    if (!tensors.Get(i).IsObject()) throw_type(env, what + " must be an object");
    const auto t = tensors.Get(i).As<Napi::Object>();
    kbench::InputSpec spec;
    spec.name = t.Has("name") ? string_field(env, t, "name", what) : what;
    spec.dtype = string_field(env, t, "dtype", what);
    spec.init = string_field(env, t, "init", what);
    spec.shape = shape_of(env, t.Get("shape"), what);
    if (spec.dtype != "f32" && spec.dtype != "i32") throw_range(env, what + ".dtype must be \"f32\" or \"i32\"");
    if (!kbench::valid_init(spec.init, spec.dtype == "i32")) throw_range(env, what + ": init \"" + spec.init + "\" is not valid for " + spec.dtype);
    if (spec.dtype == "i32" && spec.init.rfind("randint:", 0) == 0) {
      const double h = number_field(env, t, "high", what);
      if (!(h >= 1 && h <= 2147483647.0)) throw_range(env, what + ".high must be in 1..2^31-1");
      spec.high = static_cast<int64_t>(h);
    }
    specs.push_back(std::move(spec));
  }
  std::vector<kbench::GeneratedTensor> generated;
  std::string error;
  if (!kbench::generate_inputs(key, specs, &generated, &error)) throw_range(env, error);
  Napi::Array result = Napi::Array::New(env, generated.size());
  for (uint32_t i = 0; i < generated.size(); ++i) {
    const auto& g = generated[i];
    if (specs[i].dtype == "f32") {
      auto out = Napi::Float32Array::New(env, g.f32.size());
      std::copy(g.f32.begin(), g.f32.end(), out.Data());
      result.Set(i, out);
    } else {
      auto out = Napi::Int32Array::New(env, g.i32.size());
      std::copy(g.i32.begin(), g.i32.end(), out.Data());
      result.Set(i, out);
    }
  }
  return result;
}

// (id, inputs: {name, shape, data}[], scalars: {name: number}, vars: {name: integer}, outputs: {name, shape}[])
// -> Float64Array[] in the order of outputs. Unknown ids, missing tensors and bad shapes throw RangeError.
Napi::Value KbenchCpuReference(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const std::string id = string_arg(info, 0, "id");
  if (info.Length() < 5 || !info[1].IsArray() || !info[2].IsObject() || !info[3].IsObject() || !info[4].IsArray()) {
    throw_type(env, "kbenchCpuReference(id, inputs[], scalars{}, vars{}, outputs[])");
  }
  const auto inputs_js = info[1].As<Napi::Array>();
  std::vector<kbench::KbenchTensorIn> inputs;
  for (uint32_t i = 0; i < inputs_js.Length(); ++i) {
    const std::string what = "inputs[" + std::to_string(i) + "]";
    if (!inputs_js.Get(i).IsObject()) throw_type(env, what + " must be an object");
    const auto t = inputs_js.Get(i).As<Napi::Object>();
    kbench::KbenchTensorIn in;
    in.name = string_field(env, t, "name", what);
    in.shape = shape_of(env, t.Get("shape"), what);
    const Napi::Value data = t.Get("data");
    if (!data.IsTypedArray()) throw_type(env, what + ".data must be a Float32Array or Int32Array");
    const auto typed = data.As<Napi::TypedArray>();
    if (static_cast<int64_t>(typed.ElementLength()) != numel(in.shape)) {
      throw_range(env, what + ".data has " + std::to_string(typed.ElementLength()) + " elements, its shape needs " + std::to_string(numel(in.shape)));
    }
    if (typed.TypedArrayType() == napi_float32_array) in.f32 = data.As<Napi::Float32Array>().Data();
    else if (typed.TypedArrayType() == napi_int32_array) in.i32 = data.As<Napi::Int32Array>().Data();
    else throw_type(env, what + ".data must be a Float32Array or Int32Array");
    inputs.push_back(std::move(in));
  }
  std::map<std::string, double> scalars;
  const auto scalars_js = info[2].As<Napi::Object>();
  const Napi::Array scalar_names = scalars_js.GetPropertyNames();
  for (uint32_t i = 0; i < scalar_names.Length(); ++i) {
    const std::string name = scalar_names.Get(i).As<Napi::String>().Utf8Value();
    scalars[name] = number_field(env, scalars_js, name.c_str(), "scalars");
  }
  std::map<std::string, int64_t> vars;
  const auto vars_js = info[3].As<Napi::Object>();
  const Napi::Array var_names = vars_js.GetPropertyNames();
  for (uint32_t i = 0; i < var_names.Length(); ++i) {
    const std::string name = var_names.Get(i).As<Napi::String>().Utf8Value();
    const double v = number_field(env, vars_js, name.c_str(), "vars");
    if (v != static_cast<double>(static_cast<int64_t>(v))) throw_range(env, "vars." + name + " must be an integer");
    vars[name] = static_cast<int64_t>(v);
  }
  const auto outputs_js = info[4].As<Napi::Array>();
  std::vector<kbench::KbenchTensorOut> outputs;
  for (uint32_t i = 0; i < outputs_js.Length(); ++i) {
    const std::string what = "outputs[" + std::to_string(i) + "]";
    if (!outputs_js.Get(i).IsObject()) throw_type(env, what + " must be an object");
    const auto t = outputs_js.Get(i).As<Napi::Object>();
    outputs.push_back({string_field(env, t, "name", what), shape_of(env, t.Get("shape"), what), {}});
  }
  std::string error;
  if (!kbench::kbench_cpu_reference(id, inputs, scalars, vars, outputs, &error)) throw_range(env, error);
  Napi::Array result = Napi::Array::New(env, outputs.size());
  for (size_t i = 0; i < outputs.size(); ++i) {
    auto out = Napi::Float64Array::New(env, outputs[i].data.size());
    std::copy(outputs[i].data.begin(), outputs[i].data.end(), out.Data());
    result.Set(static_cast<uint32_t>(i), out);
  }
  return result;
}

// () -> the ids of all CPU references.
Napi::Value KbenchReferenceIds(const Napi::CallbackInfo& info) {
  const auto ids = kbench::reference_ids();
  Napi::Array result = Napi::Array::New(info.Env(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) result.Set(static_cast<uint32_t>(i), ids[i]);
  return result;
}

const Registration generate_inputs("kbenchGenerateInputs", KbenchGenerateInputs);
const Registration cpu_reference("kbenchCpuReference", KbenchCpuReference);
const Registration reference_ids("kbenchReferenceIds", KbenchReferenceIds);

}  // namespace

}  // namespace tansaku::addon
