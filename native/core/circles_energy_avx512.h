// Hand-written AVX-512 kernel of the float32 penalty energy (see circles.h, section 2), used by
// circles_energy.cpp when the CPU has AVX-512F; other CPUs and float64 keep the portable kernel.
#pragma once
#include <cstdint>

namespace tansaku::circles::avx512 {

// Packings per block: one per lane of a 512-bit float vector.
constexpr int32_t kLanes = 16;
// Largest n the kernel takes: its per-block scratch (about 384 * n bytes) must stay in L1.
constexpr int32_t kMaxCircles = 64;

// True when the CPU and the OS support AVX-512F.
bool supported();

// Evaluates the packings [begin, begin + kLanes * k) for the largest whole k, and returns the
// first packing it did not evaluate. Same contract as energy<float> otherwise. When stream_outputs
// is set, outputs go to memory with non-temporal stores (for batches far larger than the caches);
// the caller's thread must not read them before the call returns (it fences before returning).
int64_t energy_blocks(const float* centers, const float* radii, int64_t begin, int64_t end, int32_t n, float width,
                      float height, float weight, float* energy_out, float* grad_centers, float* grad_radii,
                      bool stream_outputs);

}  // namespace tansaku::circles::avx512
