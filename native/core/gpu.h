// The CUDA side of the core, callable from plain C++. Implemented in cuda/ when CUDA is compiled in,
// and by circles_cuda_fallback.cpp otherwise (compiled = false, every kernel call throws).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tansaku::gpu {

struct Device {
  int index = 0;
  std::string name;
  int major = 0;
  int minor = 0;
  uint64_t total_memory = 0;
  int multiprocessors = 0;
};

struct Info {
  bool compiled = false;       // CUDA kernels are in this build
  int runtime_version = 0;     // e.g. 13000
  int driver_version = 0;      // 0 when no driver answers
  int error_code = 0;          // cudaError_t of the device query, 0 when fine
  std::string error;           // e.g. "CUDA driver version is insufficient for CUDA runtime version"
  std::string architectures;   // the architectures compiled in, e.g. "90"
  std::vector<Device> devices;
};

Info info();
bool available();  // compiled and at least one device answers

// Circle-packing energy and gradient on device 0. Host pointers in and out (copies included).
// Same layout and semantics as circles::energy; grad pointers may be null.
void circles_energy_f32(const float* centers, const float* radii, int64_t batch, int32_t n, float width,
                        float height, float weight, float* energy, float* grad_centers, float* grad_radii);
void circles_energy_f64(const double* centers, const double* radii, int64_t batch, int32_t n, double width,
                        double height, double weight, double* energy, double* grad_centers,
                        double* grad_radii);

// Validation on device 0, same semantics and outputs as circles::validate (double precision,
// numpy summation order), so results match the CPU bit for bit.
void circles_validate(const double* centers, const double* radii, int64_t batch, int32_t n, double width,
                      double height, double tolerance, double* sum_radii, double* max_violation,
                      uint8_t* valid);

// Throughput of the float32 energy+gradient kernel with data resident on the device: random
// packings of n circles, `batch` per launch, `repetitions` timed launches after a warm-up.
// Returns evaluations per second measured with CUDA events (kernel time only).
struct KernelTiming {
  double evals_per_sec = 0.0;
  double median_ms = 0.0;
};
KernelTiming circles_energy_benchmark(int32_t n, int64_t batch, int32_t repetitions);

}  // namespace tansaku::gpu
