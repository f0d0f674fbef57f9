// ctest for the kbench core: Philox4x32-10 against the Random123 known-answer vectors, and the
// reference registry's errors for an unknown id and a wrong shape.
#include <string>
#include <vector>

#include "kbench_inputs.h"
#include "kbench_reference.h"
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
  return self_check::exit_code();
}
