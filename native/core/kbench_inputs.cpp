// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11) and the
// kbench init kinds built on it. Element i of a tensor uses word i%4 of block i/4, so a tensor
// can be generated in any order or in parallel and always gives the same values.
#include "kbench_inputs.h"

#include <cmath>

namespace tansaku::kbench {

namespace {

constexpr uint32_t kMul0 = 0xD2511F53u;
constexpr uint32_t kMul1 = 0xCD9E8D57u;
constexpr uint32_t kWeyl0 = 0x9E3779B9u;
constexpr uint32_t kWeyl1 = 0xBB67AE85u;
constexpr double kPi = 3.14159265358979323846;

// Uniform in (0, 1): 32 random bits, offset by half a step so log() never sees 0.
double unit_open(uint32_t bits) { return (static_cast<double>(bits) + 0.5) * (1.0 / 4294967296.0); }

// The 4 words for block b of a tensor.
std::array<uint32_t, 4> block_words(const InputKey& key, uint64_t block) {
  return philox4x32_10({static_cast<uint32_t>(block), key.tensor_index, key.trial, key.config_index},
                       {key.task_hash, key.seed});
}

// Standard normal for element i: Box-Muller on the two words of its half of the block, using
// the cosine branch for even i and the sine branch for odd i.
template <typename Sink>
void for_each_normal(int64_t n, const InputKey& key, Sink sink) {
  for (int64_t base = 0; base < n; base += 4) {
    const auto w = block_words(key, static_cast<uint64_t>(base / 4));
    for (int pair = 0; pair < 2; ++pair) {
      const double r = std::sqrt(-2.0 * std::log(unit_open(w[2 * pair])));
      const double theta = 2.0 * kPi * unit_open(w[2 * pair + 1]);
      if (base + 2 * pair < n) sink(base + 2 * pair, r * std::cos(theta));
      if (base + 2 * pair + 1 < n) sink(base + 2 * pair + 1, r * std::sin(theta));
    }
  }
}

template <typename Sink>
void for_each_uniform(int64_t n, const InputKey& key, Sink sink) {
  for (int64_t base = 0; base < n; base += 4) {
    const auto w = block_words(key, static_cast<uint64_t>(base / 4));
    for (int j = 0; j < 4 && base + j < n; ++j) sink(base + j, unit_open(w[j]));
  }
}

}  // namespace

std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> c, std::array<uint32_t, 2> k) {
  for (int round = 0; round < 10; ++round) {
    const uint64_t p0 = static_cast<uint64_t>(kMul0) * c[0];
    const uint64_t p1 = static_cast<uint64_t>(kMul1) * c[2];
    const uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
    const uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
    c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
    k[0] += kWeyl0;
    k[1] += kWeyl1;
  }
  return c;
}

void tensor_fans(const std::vector<int64_t>& shape, int64_t* fan_in, int64_t* fan_out) {
  if (shape.empty()) {
    *fan_in = *fan_out = 1;
    return;
  }
  if (shape.size() == 1) {
    *fan_in = *fan_out = shape[0];
    return;
  }
  int64_t receptive = 1;
  for (size_t d = 2; d < shape.size(); ++d) receptive *= shape[d];
  *fan_in = shape[1] * receptive;
  *fan_out = shape[0] * receptive;
}

bool valid_init(const std::string& init, bool is_int) {
  if (is_int) return init == "zeros" || init == "ones" || (init.rfind("randint:", 0) == 0 && init.size() > 8);
  for (const char* k : {"normal", "uniform", "kaiming_uniform", "xavier_normal", "ones", "zeros", "bias", "large", "negative", "ties", "positive", "sparse", "row_scaled"}) {
    if (init == k) return true;
  }
  return false;
}

bool fill_tensor(float* out, int64_t n, const std::string& init, const InputKey& key, int64_t fan_in, int64_t fan_out,
                 std::string* error, int64_t row_length) {
  auto scaled_normal = [&](double scale, double shift) {
    for_each_normal(n, key, [&](int64_t i, double z) { out[i] = static_cast<float>(shift + scale * z); });
  };
  if (init == "normal") {
    scaled_normal(1.0, 0.0);
  } else if (init == "bias") {
    scaled_normal(0.1, 0.0);
  } else if (init == "large") {
    // Magnitudes where exp() overflows float: softmax/logsumexp without the max subtraction fail.
    scaled_normal(100.0, 0.0);
  } else if (init == "xavier_normal") {
    if (fan_in + fan_out <= 0) return *error = "xavier_normal needs positive fans", false;
    scaled_normal(std::sqrt(2.0 / static_cast<double>(fan_in + fan_out)), 0.0);
  } else if (init == "negative") {
    for_each_normal(n, key, [&](int64_t i, double z) { out[i] = static_cast<float>(-std::fabs(z) - 0.25); });
  } else if (init == "uniform") {
    for_each_uniform(n, key, [&](int64_t i, double u) { out[i] = static_cast<float>(u); });
  } else if (init == "sparse") {
    // |z| below the median of |N(0, 1)| becomes an exact zero: about half the elements.
    for_each_normal(n, key, [&](int64_t i, double z) { out[i] = std::fabs(z) < 0.6744897501960817 ? 0.0f : static_cast<float>(z); });
  } else if (init == "row_scaled") {
    // Rows whose scales span six decades expose reductions that lose small rows to large ones.
    if (row_length <= 0) return *error = "row_scaled needs the row length (the last dimension)", false;
    for_each_normal(n, key, [&](int64_t i, double z) { out[i] = static_cast<float>(z * std::pow(10.0, static_cast<double>((i / row_length) % 7) - 3.0)); });
  } else if (init == "positive") {
    // Strictly positive, around 1 (variances, products that must neither vanish nor blow up fast).
    for_each_uniform(n, key, [&](int64_t i, double u) { out[i] = static_cast<float>(0.5 + u); });
  } else if (init == "kaiming_uniform") {
    // gain = sqrt(2 / (1 + a^2)) with a = sqrt(5); bound = gain * sqrt(3 / fan_in) = 1 / sqrt(fan_in).
    if (fan_in <= 0) return *error = "kaiming_uniform needs a positive fan_in", false;
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    for_each_uniform(n, key, [&](int64_t i, double u) { out[i] = static_cast<float>((2.0 * u - 1.0) * bound); });
  } else if (init == "ties") {
    // Only four distinct values, so maxima are tied and first-index rules matter.
    for_each_uniform(n, key, [&](int64_t i, double u) { out[i] = static_cast<float>(std::floor(u * 4.0) - 2.0); });
  } else if (init == "ones" || init == "zeros") {
    const float v = init == "ones" ? 1.0f : 0.0f;
    for (int64_t i = 0; i < n; ++i) out[i] = v;
  } else {
    return *error = "unknown float init \"" + init + "\"", false;
  }
  return true;
}

bool fill_tensor(int32_t* out, int64_t n, const std::string& init, const InputKey& key, int64_t high, std::string* error) {
  if (init == "ones" || init == "zeros") {
    for (int64_t i = 0; i < n; ++i) out[i] = init == "ones" ? 1 : 0;
    return true;
  }
  if (init.rfind("randint:", 0) != 0) return *error = "unknown int init \"" + init + "\"", false;
  if (high <= 0 || high > 2147483647) return *error = init + " needs a bound in 1..2^31-1, got " + std::to_string(high), false;
  for_each_uniform(n, key, [&](int64_t i, double u) {
    const int64_t v = static_cast<int64_t>(u * static_cast<double>(high));
    out[i] = static_cast<int32_t>(v < high ? v : high - 1);
  });
  return true;
}

bool generate_inputs(InputKey key, const std::vector<InputSpec>& specs, std::vector<GeneratedTensor>* out, std::string* error) {
  out->clear();
  for (size_t i = 0; i < specs.size(); ++i) {
    const InputSpec& spec = specs[i];
    const std::string where = "input \"" + spec.name + "\": ";
    int64_t n = 1;
    for (int64_t d : spec.shape) {
      if (d <= 0) return *error = where + "shape dimensions must be positive", false;
      n *= d;
    }
    if (spec.shape.empty()) return *error = where + "empty shape", false;
    const bool is_int = spec.dtype == "i32";
    if (!is_int && spec.dtype != "f32") return *error = where + "dtype must be f32 or i32", false;
    if (!valid_init(spec.init, is_int)) return *error = where + "init \"" + spec.init + "\" is not valid for " + spec.dtype, false;
    key.tensor_index = static_cast<uint32_t>(i);
    GeneratedTensor t{spec.name, spec.shape, {}, {}};
    std::string why;
    if (is_int) {
      t.i32.resize(static_cast<size_t>(n));
      if (!fill_tensor(t.i32.data(), n, spec.init, key, spec.high, &why)) return *error = where + why, false;
    } else {
      t.f32.resize(static_cast<size_t>(n));
      int64_t fan_in = 0, fan_out = 0;
      tensor_fans(spec.shape, &fan_in, &fan_out);
      if (!fill_tensor(t.f32.data(), n, spec.init, key, fan_in, fan_out, &why, spec.shape.back())) return *error = where + why, false;
    }
    out->push_back(std::move(t));
  }
  return true;
}

}  // namespace tansaku::kbench
