// Each addon source registers its exports with a static Registration, so addon.cc needs no list.
#pragma once
#include <napi.h>

#include <utility>
#include <vector>

namespace tansaku::addon {

using Function = Napi::Value (*)(const Napi::CallbackInfo&);

inline std::vector<std::pair<const char*, Function>>& registered_functions() {
  static std::vector<std::pair<const char*, Function>> functions;
  return functions;
}

struct Registration {
  Registration(const char* name, Function function) { registered_functions().emplace_back(name, function); }
};

}  // namespace tansaku::addon
