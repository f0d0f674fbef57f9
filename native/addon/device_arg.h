// The `device` argument of addon entry points: "cpu" or "cuda" (TypeScript resolves "auto" first).
// "cuda" without a device is a RangeError that carries the CUDA runtime's reason.
#pragma once
#include <exception>
#include <string>

#include "args.h"
#include "gpu.h"

namespace tansaku::addon {

// True for "cuda"; an absent argument means "cpu" when absent_is_cpu is set.
inline bool cuda_device_arg(const Napi::CallbackInfo& info, size_t index, bool absent_is_cpu = false) {
  if (absent_is_cpu && is_absent(info, index)) return false;
  const std::string device = string_arg(info, index, "device");
  if (device == "cpu") return false;
  if (device == "cuda") {
    if (!gpu::available()) throw_range(info.Env(), "device is \"cuda\" but no CUDA device is available: " + gpu::info().error);
    return true;
  }
  throw_range(info.Env(), "device must be \"cpu\" or \"cuda\", got \"" + device + "\"");
}

// Runs a synchronous device call; a CUDA failure (thrown as std::exception by the gpu layer)
// becomes a RangeError that says what failed instead of escaping the addon.
template <typename Body>
void device_guard(Napi::Env env, Body&& body) {
  try {
    body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& error) {
    throw_range(env, std::string("the CUDA call failed: ") + error.what());
  }
}

}  // namespace tansaku::addon
