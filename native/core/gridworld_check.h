// Checks of a batch's state before native code touches it: a state that JavaScript wrote (or
// corrupted) must never make the step read or write outside its buffers.
#pragma once
#include <string>

#include "gridworld.h"

namespace tansaku::gridworld {

// "" when environment b can be stepped and observed safely, else what is wrong with it.
std::string check_env(const Batch& batch, int64_t b);

// "" when environment b's kind, size and parameters can be generated, else why not.
std::string check_generation(const Batch& batch, int64_t b);

// Whether this build can generate the kind's layouts (others load recorded layouts only).
bool kind_has_generator(int32_t kind);

}  // namespace tansaku::gridworld
