// The Node-API module: exports every registered function plus the ABI handshake.
#include "parallel.h"
#include "registry.h"

namespace tansaku::addon {

// Bump whenever an export's signature or semantics change; lib/native/binding.ts holds the same number.
constexpr int kAbiVersion = 1;

Napi::Object Init(Napi::Env env, Napi::Object exports);

namespace {

Napi::Value AbiVersion(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), kAbiVersion); }

Napi::Value ThreadCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), tansaku::thread_count());
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("abiVersion", Napi::Function::New(env, AbiVersion, "abiVersion"));
  exports.Set("threadCount", Napi::Function::New(env, ThreadCount, "threadCount"));
  for (const auto& [name, function] : registered_functions()) {
    exports.Set(name, Napi::Function::New(env, function, name));
  }
  return exports;
}

}  // namespace tansaku::addon

// NODE_API_MODULE pastes the function name into an identifier, so it needs an unqualified name.
static Napi::Object InitTansaku(Napi::Env env, Napi::Object exports) { return tansaku::addon::Init(env, exports); }
NODE_API_MODULE(tansaku, InitTansaku)
