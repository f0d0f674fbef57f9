// gridworldLayout: the state layout (field offsets, kinds, generators) for TypeScript.
#include <utility>

#include "gridworld.h"
#include "gridworld_check.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

namespace gw = tansaku::gridworld;

// The state layout, so TypeScript never hard-codes field offsets.
Napi::Value Layout(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  Napi::Object layout = Napi::Object::New(env);
  layout.Set("infoFields", static_cast<int>(gw::kInfoFields));
  layout.Set("maxView", gw::kMaxView);
  layout.Set("maxSide", gw::kMaxSide);
  Napi::Object fields = Napi::Object::New(env);
  const std::pair<const char*, int> names[] = {
      {"kind", gw::kKindField}, {"width", gw::kWidth}, {"height", gw::kHeight}, {"agentX", gw::kAgentX},
      {"agentY", gw::kAgentY}, {"agentDir", gw::kAgentDir}, {"carryType", gw::kCarryType},
      {"carryColour", gw::kCarryColour}, {"carryState", gw::kCarryState}, {"carryContentType", gw::kCarryContentType},
      {"carryContentColour", gw::kCarryContentColour}, {"stepCount", gw::kStepCount}, {"maxSteps", gw::kMaxSteps},
      {"seeThrough", gw::kSeeThrough}, {"pendingReset", gw::kPendingReset}, {"seedLow", gw::kSeedLow},
      {"seedHigh", gw::kSeedHigh}, {"episode", gw::kEpisode}, {"rngLow", gw::kRngLow}, {"rngHigh", gw::kRngHigh},
      {"generationRetries", gw::kGenerationRetries}, {"param0", gw::kParam0}, {"param1", gw::kParam1},
      {"param2", gw::kParam2}, {"param3", gw::kParam3}, {"deviations", gw::kDeviations}, {"pocketDropped", gw::kPocketDropped}, {"task0", gw::kTask0}};
  for (const auto& [name, index] : names) fields.Set(name, index);
  layout.Set("fields", fields);
  Napi::Array generators = Napi::Array::New(env);
  uint32_t n = 0;
  for (int32_t kind = 0; kind < gw::kKindCount; ++kind) {
    if (gw::kind_has_generator(kind)) generators.Set(n++, kind);
  }
  layout.Set("generatorKinds", generators);
  // Kind names in code order, so TypeScript maps ids to kinds without repeating the numbers.
  const char* kinds[gw::kKindCount] = {
      "empty", "door-key", "four-rooms", "lava-gap", "crossing", "dist-shift", "dynamic-obstacles", "fetch",
      "go-to-door", "go-to-object", "put-near", "red-blue-doors", "memory", "locked-room", "unlock", "unlock-pickup",
      "blocked-unlock-pickup", "key-corridor", "obstructed-maze", "multi-room", "playground"};
  Napi::Array kind_names = Napi::Array::New(env);
  for (uint32_t k = 0; k < gw::kKindCount; ++k) kind_names.Set(k, kinds[k]);
  layout.Set("kinds", kind_names);
  return layout;
}

const Registration layout_registration("gridworldLayout", Layout);

}  // namespace

}  // namespace tansaku::addon
