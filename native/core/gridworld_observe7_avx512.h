// MiniGrid's 7 x 7 first-person view with AVX-512 (VBMI byte permutes), byte-identical to
// observe_partial7 (gridworld_observe7.h). Entered only after supported() says yes; the file builds
// without -mavx512* flags (the functions carry their own target attribute).
#pragma once
#include <cstdint>

#include "gridworld.h"

namespace tansaku::gridworld::avx512 {

// True when the CPU and the OS support AVX-512 F, BW, VL and VBMI, and BMI2.
bool observe7_supported();

void observe_partial7(const EnvView& e, uint8_t* out);

}  // namespace tansaku::gridworld::avx512
