// ctest for the kbench core: Philox4x32-10 against the Random123 known-answer vectors, and the
// reference registry's errors for an unknown id and a wrong shape.
#include <cmath>
#include <string>
#include <vector>

#include "kbench_inputs.h"
#include "kbench_reference.h"
#include "kbench_reference_trivial.h"
#include "self_check.h"

using namespace tansaku;

int main() {
  struct Kat {
    std::array<uint32_t, 4> counter;
    std::array<uint32_t, 2> key;
    std::array<uint32_t, 4> expected;
  };
  const Kat kats[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
      {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}, {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
      {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}, {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
  };
  for (const auto& k : kats) {
    self_check::expect(kbench::philox4x32_10(k.counter, k.key) == k.expected, "philox4x32-10 known-answer vector", 0);
  }

  std::vector<kbench::KbenchTensorOut> outputs{{"y", {2}, {}}};
  std::string error;
  const bool unknown = kbench::kbench_cpu_reference("no_such_reference", {}, {}, {}, outputs, &error);
  self_check::expect(!unknown && error.find("unknown kbench reference") != std::string::npos, "unknown reference id is an error", 0);

  const float x[3] = {1, -2, 3};
  std::vector<kbench::KbenchTensorIn> inputs{{"x", {3}, x, nullptr}};
  error.clear();
  const bool bad = kbench::kbench_cpu_reference("relu", inputs, {}, {{"B", 1}, {"D", 3}}, outputs, &error);
  self_check::expect(!bad && error.find("shape") != std::string::npos, "wrong input shape is an error", 0);

  std::vector<kbench::KbenchTensorIn> good{{"x", {1, 3}, x, nullptr}};
  std::vector<kbench::KbenchTensorOut> out{{"y", {1, 3}, {}}};
  const bool ok = kbench::kbench_cpu_reference("relu", good, {}, {{"B", 1}, {"D", 3}}, out, &error);
  self_check::expect(ok && out[0].data == std::vector<double>{1, 0, 3}, "relu on (1, 3)", ok ? out[0].data[2] : -1);

  // generate_inputs: tensor i is fill_tensor on stream i, with fans from the shape.
  kbench::InputKey key{7, 1, 2, 0, 42};
  std::vector<kbench::GeneratedTensor> gen;
  const bool generated = kbench::generate_inputs(
      key, {{"x", "f32", {3, 4}, "normal", 0}, {"w", "f32", {5, 4}, "kaiming_uniform", 0}, {"t", "i32", {6}, "randint:C", 3}}, &gen, &error);
  std::vector<float> w(20);
  kbench::InputKey wkey = key;
  wkey.tensor_index = 1;
  kbench::fill_tensor(w.data(), 20, "kaiming_uniform", wkey, 4, 5, &error);
  self_check::expect(generated && gen.size() == 3 && gen[1].f32 == w, "generate_inputs matches fill_tensor on stream 1", 0);
  bool in_range = generated;
  for (int32_t v : gen[2].i32) in_range = in_range && v >= 0 && v < 3;
  self_check::expect(in_range, "randint targets in [0, high)", 0);
  const bool bad_init = kbench::generate_inputs(key, {{"x", "f32", {3}, "gaussian", 0}}, &gen, &error);
  self_check::expect(!bad_init && error.find("gaussian") != std::string::npos, "unknown init is an error", 0);

  // Trivial outputs: relu of mixed-sign inputs rejects every trivial output; a constant function
  // (the same output for both seeds) is caught by "constant" and "reference of another seed".
  const float xs[4] = {-1, 2, -3, 4};
  std::vector<kbench::KbenchTensorIn> tin{{"x", {1, 4}, xs, nullptr}};
  std::vector<kbench::KbenchTensorOut> ref{{"y", {1, 4}, {0, 2, 0, 4}}}, other{{"y", {1, 4}, {1, 0, 0.5, 0}}};
  const kbench::Tolerance tol{1e-4, 1e-4};
  self_check::expect(kbench::trivial_output_failures(tin, ref, other, tol).empty(), "relu rejects all trivial outputs", 0);
  std::vector<kbench::KbenchTensorOut> flat{{"y", {1, 4}, {0.25, 0.25, 0.25, 0.25}}};
  const auto caught = kbench::trivial_output_failures(tin, flat, flat, tol);
  self_check::expect(caught.size() == 2 && caught[0].rfind("constant", 0) == 0, "a constant function is caught", static_cast<double>(caught.size()));
  const double nan = std::nan("");
  const double a[2] = {nan, 1.0}, r[2] = {nan, 1.00005}, r2[2] = {1.0, 1.0};
  self_check::expect(kbench::within_tolerance(a, r, 2, tol) && !kbench::within_tolerance(a, r2, 2, tol), "NaN parity", 0);
  return self_check::exit_code();
}
