// The kbench runner's request (fully resolved by TypeScript: concrete shapes, launches, seeds)
// and helpers shared by its modes: input generation per trial, checksums, tolerance comparison.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "json.h"
#include "kbench_inputs.h"
#include "kbench_reference.h"
#include "kbench_reference_trivial.h"

namespace tansaku::kbench {

struct OutputSpec {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  int64_t numel() const;
};

struct LaunchArgSpec {
  std::string kind;  // "tensor" | "i32" | "i64" | "f32" | "f64"
  std::string name;  // tensor name
  double value = 0;
};

struct LaunchSpec {
  std::string kernel;
  std::array<unsigned, 3> grid{1, 1, 1};
  std::array<unsigned, 3> block{1, 1, 1};
  unsigned shared_bytes = 0;
  std::vector<LaunchArgSpec> args;
};

struct ConfigSpec {
  std::string id;
  uint32_t index = 0;
  bool hidden = false;
  std::map<std::string, int64_t> vars;
  std::map<std::string, double> scalars;
  std::vector<InputSpec> inputs;
  std::vector<OutputSpec> outputs;
  double flops = 0;
  double bytes = 0;
  bool cpu_reference = false;  // small enough for the CPU fp64 reference
  LaunchSpec reference;
  LaunchSpec candidate;
};

struct TimingSpec {
  double warmup_ms = 25;
  int min_reps = 100;
  double min_seconds = 0.5;
  int max_reps = 10000;
  int rotations = 2;
  int64_t flush_bytes = 256ll << 20;
};

struct Request {
  std::string mode;  // "reference-cpu" | "check" | "time"
  std::string task;
  std::string cpu;  // CPU reference id
  uint32_t task_hash = 0;
  uint32_t seed = 42;
  int trials = 5;
  Tolerance tolerance;
  std::vector<ConfigSpec> configs;
  std::string reference_module;  // cubin of the naive reference kernels
  std::string candidate_module;  // cubin or shared object
  std::string candidate_kind = "cubin";
  TimingSpec timing;
  int device = 0;
  double peak_bandwidth = 3.35e12;  // bytes/s (H100 SXM nominal)
  double peak_flops = 67e12;        // FP32 SIMT
  std::string test_hook;            // "sleep" | "crash": runner stand-ins for the harness tests
};

/** Validates and converts a request; throws std::runtime_error naming the bad field. */
Request parse_request(const json::Value& v);

/** Inputs of one (config, trial) from the request's seed. */
bool trial_inputs(const Request& r, const ConfigSpec& c, uint32_t trial, uint32_t seed, std::vector<GeneratedTensor>* out, std::string* error);

/** The CPU fp64 reference on generated inputs. */
bool cpu_outputs(const Request& r, const ConfigSpec& c, const std::vector<GeneratedTensor>& inputs, std::vector<KbenchTensorOut>* out, std::string* error);

std::vector<KbenchTensorIn> as_inputs(const std::vector<GeneratedTensor>& tensors);

/** FNV-1a 64 of raw bytes, as 16 hex digits. */
std::string checksum_bytes(const void* data, size_t n);

/** Error metrics of a float output against a double reference. */
struct Comparison {
  bool within = true;
  double max_abs_error = 0;
  double rel_frobenius = 0;
  int64_t first_bad = -1;
  int64_t bad_count = 0;
};
Comparison compare_output(const float* actual, const double* ref, int64_t n, const Tolerance& tol);

/** Reference-cpu mode: inputs, CPU references, trivial-output test, checksums (no GPU). */
json::Value run_reference_cpu(const Request& r);

/** check / time modes on a CUDA device (loaded at run time); without one {"ran": false, ...}. */
json::Value run_gpu(const Request& r);

}  // namespace tansaku::kbench
