// gpuInfo(): what CUDA support this build has and which devices answer.
#include "gpu.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

Napi::Value GpuInfo(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const gpu::Info gpu = gpu::info();
  Napi::Object result = Napi::Object::New(env);
  result.Set("compiled", gpu.compiled);
  result.Set("architectures", gpu.architectures);
  result.Set("runtimeVersion", gpu.runtime_version);
  result.Set("driverVersion", gpu.driver_version);
  Napi::Array devices = Napi::Array::New(env, gpu.devices.size());
  for (size_t k = 0; k < gpu.devices.size(); ++k) {
    const gpu::Device& device = gpu.devices[k];
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("index", device.index);
    entry.Set("name", device.name);
    entry.Set("computeCapability", std::to_string(device.major) + "." + std::to_string(device.minor));
    entry.Set("totalMemoryBytes", static_cast<double>(device.total_memory));
    entry.Set("multiprocessors", device.multiprocessors);
    devices.Set(static_cast<uint32_t>(k), entry);
  }
  result.Set("devices", devices);
  result.Set("errorCode", gpu.error_code);
  result.Set("error", gpu.error.empty() ? env.Null() : Napi::String::New(env, gpu.error));
  return result;
}

const Registration registration("gpuInfo", GpuInfo);

}  // namespace

}  // namespace tansaku::addon
