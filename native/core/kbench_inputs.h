// kbench input generation: a Philox4x32-10 counter-based generator keyed on (task hash, seed)
// with counters (element block, tensor index, trial, config index), so every tensor of every
// trial of every configuration is an independent, reproducible stream, on any machine.
// Init kinds follow robust-kbench/PyTorch: kaiming uniform with a = sqrt(5) (bound 1/sqrt(fan_in)),
// xavier normal (std sqrt(2/(fan_in+fan_out))), bias ~ N(0, 0.1), plus adversarial ones.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tansaku::kbench {

/** Which stream a tensor draws from. TypeScript fills it as: task_hash = FNV-1a of the task name
 * (KbenchTask.hash), config_index = ResolvedConfig.index (0xFFFF for the small configuration),
 * trial = the trial number, tensor_index = the input's position in task.json, seed = the run's seed.
 * Philox key = (task_hash, seed); counter = (element / 4, tensor_index, trial, config_index). */
struct InputKey {
  uint32_t task_hash = 0;
  uint32_t config_index = 0;
  uint32_t trial = 0;
  uint32_t tensor_index = 0;
  uint32_t seed = 0;
};

/** One Philox4x32-10 block: 4 random words for a 128-bit counter and 64-bit key. */
std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> counter, std::array<uint32_t, 2> key);

/** PyTorch's fans for a weight shape: (out, in, k...) gives fan_in = in*prod(k), fan_out = out*prod(k);
 * a 1-D shape gives fan_in = fan_out = its length. */
void tensor_fans(const std::vector<int64_t>& shape, int64_t* fan_in, int64_t* fan_out);

/** True when `init` names a known kind for this dtype ("randint:<KEY>" only for i32). */
bool valid_init(const std::string& init, bool is_int);

/** Fills n floats. init: normal | uniform | kaiming_uniform | xavier_normal | ones | zeros | bias |
 * large | negative | ties | positive (U[0.5, 1.5)) | sparse (N(0, 1) with about half exact zeros) |
 * row_scaled (N(0, 1) times 10^(r mod 7 − 3) for row r of `row_length` elements, the last dim).
 * Returns false (and sets *error) for an unknown kind. */
bool fill_tensor(float* out, int64_t n, const std::string& init, const InputKey& key, int64_t fan_in, int64_t fan_out,
                 std::string* error, int64_t row_length = 0);

/** Fills n int32 values: "randint:<KEY>" draws uniformly in [0, high); "zeros"/"ones" are constant. */
bool fill_tensor(int32_t* out, int64_t n, const std::string& init, const InputKey& key, int64_t high, std::string* error);

/** One input tensor to generate; its position in the list is its tensor index (stream). */
struct InputSpec {
  std::string name;
  std::string dtype;  // "f32" or "i32"
  std::vector<int64_t> shape;
  std::string init;
  int64_t high = 0;  // exclusive bound for randint:<KEY>
};

struct GeneratedTensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> f32;    // filled for f32 tensors
  std::vector<int32_t> i32;  // filled for i32 tensors
};

/** Generates every tensor of one trial (tensor_index = position in `specs`, fans from the shape):
 * the one path both the addon and the standalone runner use, so their inputs are identical. */
bool generate_inputs(InputKey key, const std::vector<InputSpec>& specs, std::vector<GeneratedTensor>* out, std::string* error);

}  // namespace tansaku::kbench
