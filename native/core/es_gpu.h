// The CUDA side of the ES core (cuda/es_*.cu). The free functions take host pointers: each call
// copies its inputs to device 0, runs the same counter-based noise as the CPU, and copies the
// results back. DeviceSession keeps a population resident in device memory instead, so a whole
// generation (ask, evaluation, the noise sums of tell) moves only O(P + D) numbers across the bus.
// CPU-only builds get es_cuda_fallback.cpp, which throws.
#pragma once
#include <cstdint>
#include <memory>

#include "es.h"
#include "es_update.h"

namespace tansaku::es::gpu {

void sample(NoiseKey key, Layout layout, Search search, float* population);
void sample_sphere(NoiseKey key, Layout layout, Search search, double* fitness);
void sample_evaluate(Problem problem, NoiseKey key, Layout layout, Search search, double* fitness);
void noise_moments(NoiseKey key, int64_t rows, int64_t dim, const float* a, const float* b, float* first,
                   float* second);

// One search distribution on device 0: its mean, sigma (1 or dim values) and population live in
// device memory. The P x D population is allocated on the first stored ask and never leaves the
// device unless downloaded. Calls that take mean and sigma upload them first (O(D)); passing null
// uses the resident ones, which `step` updates in place, so a strategy whose update is element-wise
// runs whole generations with only O(P) numbers crossing the bus. Calls are serialised per session.
enum class StateVector : int32_t { velocity = 0, path_sigma = 1, path_c = 2, covariance = 3 };

class DeviceSession {
 public:
  static std::shared_ptr<DeviceSession> create(Layout layout, int64_t sigma_length);
  virtual ~DeviceSession() = default;
  virtual Layout layout() const = 0;
  // Samples the population of `key` into device memory (mean, sigma: host pointers or null).
  virtual void sample(NoiseKey key, const float* mean, const float* sigma) = 0;
  // fitness (host, popsize values) of the resident population; needs a sample first.
  virtual void evaluate(Problem problem, double* fitness) = 0;
  // The fused ask: fitness of the population `sample` would write, without writing it.
  virtual void sample_evaluate(NoiseKey key, const float* mean, const float* sigma, Problem problem, double* fitness) = 0;
  // Copies the resident population (popsize x dim) or one of its rows (dim) to the host.
  virtual void download(float* population) = 0;
  virtual void download_row(int64_t row, float* out) = 0;
  // Uploads or downloads the resident mean and sigma (either may be null).
  virtual void set_state(const float* mean, const float* sigma) = 0;
  virtual void get_state(float* mean, float* sigma) = 0;
  // The noise sums of tell into resident vectors: first = sum_r a_r z_r, second = sum_r b_r z_r^2
  // (b may be null); a and b are host arrays of `rows` weights.
  virtual void moments(NoiseKey key, int64_t rows, const float* a, const float* b) = 0;
  // One element-wise pass over the resident mean, sigma and strategy vectors from the resident
  // moments (es_update.h); returns the pass's sum (a squared norm, or 0). The strategy vectors start
  // as the TypeScript strategies' initial values (velocity and paths 0, covariance 1 + 1e-8).
  virtual double step(StepRule rule, const StepScalars& scalars) = 0;
  // Copies one resident strategy vector (dim values) to the host.
  virtual void get_vector(StateVector which, float* out) = 0;
};

// One OpenAI-ES generation with everything resident on the device (sample the population, sphere
// fitness, centred ranks, gradient from regenerated noise, SGD on the mean), timed with CUDA events,
// next to the memory floor of the same run: one device-to-device copy of P x D floats, which reads
// and writes them once each, as the stored generation must at least.
struct GenerationTiming {
  double stored_ms = 0.0;       // population written to device memory, then evaluated
  double fused_ms = 0.0;        // fitness computed while sampling, population never stored
  double floor_ms = 0.0;        // copy of the P x D floats (read once + written once)
  double copy_bytes_per_s = 0.0;  // that copy's bandwidth, counting read and written bytes
};
GenerationTiming benchmark_open_es(int64_t popsize, int64_t dim, int32_t repetitions);

}  // namespace tansaku::es::gpu
