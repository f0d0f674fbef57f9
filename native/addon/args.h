// Argument checks for addon entry points. Each failure throws a JS TypeError or RangeError whose
// message names the argument, with code ERR_TANSAKU_ARGUMENT, so bad input never reaches the core.
#pragma once
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

namespace tansaku::addon {

[[noreturn]] inline void throw_type(Napi::Env env, const std::string& message) {
  Napi::Error error = Napi::TypeError::New(env, message);
  error.Set("code", Napi::String::New(env, "ERR_TANSAKU_ARGUMENT"));
  throw error;
}

[[noreturn]] inline void throw_range(Napi::Env env, const std::string& message) {
  Napi::Error error = Napi::RangeError::New(env, message);
  error.Set("code", Napi::String::New(env, "ERR_TANSAKU_ARGUMENT"));
  throw error;
}

inline double number_arg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsNumber()) throw_type(info.Env(), std::string(name) + " must be a number");
  const double value = info[index].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(value)) throw_range(info.Env(), std::string(name) + " must be finite, got " + std::to_string(value));
  return value;
}

inline double positive_arg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  const double value = number_arg(info, index, name);
  if (!(value > 0)) throw_range(info.Env(), std::string(name) + " must be positive, got " + std::to_string(value));
  return value;
}

inline int64_t integer_arg(const Napi::CallbackInfo& info, size_t index, const char* name, int64_t min, int64_t max) {
  const double value = number_arg(info, index, name);
  if (value != std::floor(value) || value < static_cast<double>(min) || value > static_cast<double>(max)) {
    throw_range(info.Env(), std::string(name) + " must be an integer in [" + std::to_string(min) + ", " +
                                std::to_string(max) + "], got " + std::to_string(value));
  }
  return static_cast<int64_t>(value);
}

inline std::string string_arg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsString()) throw_type(info.Env(), std::string(name) + " must be a string");
  return info[index].As<Napi::String>().Utf8Value();
}

template <typename T>
constexpr napi_typedarray_type typed_array_kind();
template <>
constexpr napi_typedarray_type typed_array_kind<float>() { return napi_float32_array; }
template <>
constexpr napi_typedarray_type typed_array_kind<double>() { return napi_float64_array; }
template <>
constexpr napi_typedarray_type typed_array_kind<uint8_t>() { return napi_uint8_array; }
template <>
constexpr napi_typedarray_type typed_array_kind<int32_t>() { return napi_int32_array; }

template <typename T>
constexpr const char* typed_array_name() {
  if constexpr (std::is_same_v<T, float>) return "Float32Array";
  if constexpr (std::is_same_v<T, double>) return "Float64Array";
  if constexpr (std::is_same_v<T, uint8_t>) return "Uint8Array";
  return "Int32Array";
}

// A typed array of element type T and exactly `length` elements.
template <typename T>
Napi::TypedArrayOf<T> array_arg(const Napi::CallbackInfo& info, size_t index, const char* name, int64_t length) {
  const Napi::Env env = info.Env();
  if (info.Length() <= index || !info[index].IsTypedArray() ||
      info[index].As<Napi::TypedArray>().TypedArrayType() != typed_array_kind<T>()) {
    throw_type(env, std::string(name) + " must be a " + typed_array_name<T>());
  }
  auto array = info[index].As<Napi::TypedArrayOf<T>>();
  if (static_cast<int64_t>(array.ElementLength()) != length) {
    throw_range(env, std::string(name) + " must have " + std::to_string(length) + " elements, got " +
                         std::to_string(array.ElementLength()));
  }
  return array;
}

inline bool is_absent(const Napi::CallbackInfo& info, size_t index) {
  return info.Length() <= index || info[index].IsNull() || info[index].IsUndefined();
}

// Every element finite; names the first offending index.
template <typename T>
void require_finite(Napi::Env env, const Napi::TypedArrayOf<T>& array, const char* name) {
  const T* data = array.Data();
  const size_t length = array.ElementLength();
  for (size_t i = 0; i < length; ++i) {
    if (!std::isfinite(data[i])) {
      throw_range(env, std::string(name) + "[" + std::to_string(i) + "] must be finite, got " +
                           std::to_string(static_cast<double>(data[i])));
    }
  }
}

}  // namespace tansaku::addon
