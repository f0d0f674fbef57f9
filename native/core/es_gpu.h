// The CUDA side of the ES core (cuda/es_*.cu), with host pointers in and out: each call copies its
// inputs to device 0, runs the same counter-based noise as the CPU, and copies the results back.
// CPU-only builds get es_cuda_fallback.cpp, which throws.
#pragma once
#include <cstdint>

#include "es.h"

namespace tansaku::es::gpu {

void sample(NoiseKey key, Layout layout, Search search, float* population);
void sample_sphere(NoiseKey key, Layout layout, Search search, double* fitness);
void noise_moments(NoiseKey key, int64_t rows, int64_t dim, const float* a, const float* b, float* first,
                   float* second);

// One OpenAI-ES generation with everything resident on the device (sample the population, sphere
// fitness, centred ranks, gradient from regenerated noise, SGD on the mean), timed with CUDA events.
struct GenerationTiming {
  double stored_ms = 0.0;  // population written to device memory, then evaluated
  double fused_ms = 0.0;   // fitness computed while sampling, population never stored
};
GenerationTiming benchmark_open_es(int64_t popsize, int64_t dim, int32_t repetitions);

}  // namespace tansaku::es::gpu
