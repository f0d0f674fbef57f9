// CUDA circle kernels against the CPU core on seeded random packings: validate must match bit for
// bit, the energy and gradient to 1e-12 (double) or 1e-4 (float) relative to the packing's scale.
// Exit 0: all match, 1: a mismatch or a CUDA error, 77: skipped (no CUDA build or no device).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "circles.h"
#include "gpu.h"
#include "rng.h"

namespace {

using tansaku::Rng;
namespace circles = tansaku::circles;
namespace gpu = tansaku::gpu;

int g_checks = 0;
int g_failures = 0;

void fail(const std::string& what) {
  ++g_failures;
  if (g_failures <= 20) std::printf("  MISMATCH %s\n", what.c_str());
}

struct Packings {
  int64_t batch;
  int32_t n;
  std::vector<double> centers, radii;
};

// Random packings in a box, with the edge cases mixed in: centres outside the box, negative radii,
// coincident centres, and exactly touching lattices (where only exact arithmetic agrees).
Packings make_packings(int64_t batch, int32_t n, circles::Box box, uint64_t seed) {
  Rng rng(seed);
  Packings p{batch, n, std::vector<double>(batch * 2 * n), std::vector<double>(batch * n)};
  const double scale = 0.6 / std::sqrt(std::max(1, n));
  for (int64_t b = 0; b < batch; ++b) {
    double* c = p.centers.data() + b * 2 * n;
    double* r = p.radii.data() + b * n;
    const int kind = static_cast<int>(b % 4);
    for (int32_t i = 0; i < n; ++i) {
      c[2 * i] = rng.uniform(-0.1, 1.1) * box.width;
      c[2 * i + 1] = rng.uniform(-0.1, 1.1) * box.height;
      r[i] = scale * rng.uniform(kind == 1 ? -0.3 : 0.0, 1.0);
    }
    if (kind == 2 && n >= 2) {  // coincident centres
      for (int32_t i = 1; i < n; i += 3) {
        c[2 * i] = c[0];
        c[2 * i + 1] = c[1];
      }
    }
    if (kind == 3) {  // a lattice of touching circles: k per row, radius 1/(2k), in the unit box
      const int32_t k = static_cast<int32_t>(std::ceil(std::sqrt(static_cast<double>(n))));
      for (int32_t i = 0; i < n; ++i) {
        c[2 * i] = (2 * (i % k) + 1) / (2.0 * k);
        c[2 * i + 1] = (2 * (i / k) + 1) / (2.0 * k);
        // Exactly touching in half of them, one ulp larger or smaller in the other half.
        const double touching = 1.0 / (2.0 * k);
        r[i] = b % 8 == 3 || i % 3 == 0 ? touching : std::nextafter(touching, i % 3 == 1 ? 1.0 : 0.0);
      }
    }
  }
  return p;
}

bool same_double(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void check_validate(const Packings& p, circles::Box box, double tolerance, const char* label) {
  const size_t batch = p.batch;
  std::vector<double> sum_cpu(batch), worst_cpu(batch), sum_gpu(batch), worst_gpu(batch);
  std::vector<uint8_t> ok_cpu(batch), ok_gpu(batch);
  circles::validate(p.centers.data(), p.radii.data(), p.batch, p.n, box, tolerance, sum_cpu.data(),
                    worst_cpu.data(), ok_cpu.data());
  gpu::circles_validate(p.centers.data(), p.radii.data(), p.batch, p.n, box.width, box.height, tolerance,
                        sum_gpu.data(), worst_gpu.data(), ok_gpu.data());
  int64_t valid = 0;
  for (size_t b = 0; b < batch; ++b) {
    ++g_checks;
    valid += ok_cpu[b];
    if (!same_double(sum_cpu[b], sum_gpu[b]) || !same_double(worst_cpu[b], worst_gpu[b]) || ok_cpu[b] != ok_gpu[b]) {
      char line[256];
      std::snprintf(line, sizeof line, "validate %s packing %zu: cpu (%.17g, %.17g, %d) cuda (%.17g, %.17g, %d)",
                    label, b, sum_cpu[b], worst_cpu[b], ok_cpu[b], sum_gpu[b], worst_gpu[b], ok_gpu[b]);
      fail(line);
    }
  }
  std::printf("validate %-28s tol=%-6g %lld/%zu valid\n", label, tolerance, static_cast<long long>(valid), batch);
}

// |a - b| <= tolerance * scale, where scale is the size of the packing's values (so cancellation in
// a sum of large terms is judged against the terms, not the small result).
template <typename T>
void check_energy(const Packings& p, circles::Box box, T weight, double tolerance, bool with_grad,
                  const char* label) {
  const size_t batch = p.batch, n = p.n;
  std::vector<T> c(p.centers.begin(), p.centers.end()), r(p.radii.begin(), p.radii.end());
  std::vector<T> e_cpu(batch), e_gpu(batch), gc_cpu(batch * 2 * n), gc_gpu(batch * 2 * n, T(-7)),
      gr_cpu(batch * n), gr_gpu(batch * n, T(-7));
  const T w = static_cast<T>(box.width), h = static_cast<T>(box.height);
  circles::energy<T>(c.data(), r.data(), p.batch, p.n, w, h, weight, e_cpu.data(), gc_cpu.data(), gr_cpu.data());
  T* gc = with_grad ? gc_gpu.data() : nullptr;
  T* gr = with_grad ? gr_gpu.data() : nullptr;
  if constexpr (sizeof(T) == 4) {
    gpu::circles_energy_f32(c.data(), r.data(), p.batch, p.n, w, h, weight, e_gpu.data(), gc, gr);
  } else {
    gpu::circles_energy_f64(c.data(), r.data(), p.batch, p.n, w, h, weight, e_gpu.data(), gc, gr);
  }
  double worst = 0.0;
  for (size_t b = 0; b < batch; ++b) {
    double scale = 1.0 + std::fabs(static_cast<double>(e_cpu[b]));
    for (size_t i = 0; i < n; ++i) {
      scale = std::max(scale, std::fabs(static_cast<double>(r[b * n + i])) * n);
      scale = std::max({scale, std::fabs(static_cast<double>(gc_cpu[b * 2 * n + 2 * i])),
                        std::fabs(static_cast<double>(gc_cpu[b * 2 * n + 2 * i + 1])),
                        std::fabs(static_cast<double>(gr_cpu[b * n + i]))});
    }
    auto compare = [&](T cpu, T cuda, const char* what, size_t index) {
      ++g_checks;
      const double error = std::fabs(static_cast<double>(cpu) - static_cast<double>(cuda)) / scale;
      worst = std::max(worst, error);
      if (!(error <= tolerance)) {
        char line[256];
        std::snprintf(line, sizeof line, "energy %s %s packing %zu [%zu]: cpu %.17g cuda %.17g (rel %.3g)", label,
                      what, b, index, static_cast<double>(cpu), static_cast<double>(cuda), error);
        fail(line);
      }
    };
    compare(e_cpu[b], e_gpu[b], "E", 0);
    if (!with_grad) continue;
    for (size_t k = 0; k < 2 * n; ++k) compare(gc_cpu[b * 2 * n + k], gc_gpu[b * 2 * n + k], "dE/dc", k);
    for (size_t i = 0; i < n; ++i) compare(gr_cpu[b * n + i], gr_gpu[b * n + i], "dE/dr", i);
  }
  std::printf("energy   %-28s %s w=%-5g grad=%d worst rel error %.3g\n", label, sizeof(T) == 4 ? "f32" : "f64",
              static_cast<double>(weight), with_grad ? 1 : 0, worst);
}

// Only the gradient of the radii requested: the centre gradient pointer stays null.
void check_partial_grad(const Packings& p, circles::Box box) {
  const size_t batch = p.batch, n = p.n;
  std::vector<double> e_cpu(batch), e_gpu(batch), gr_cpu(batch * n), gr_gpu(batch * n);
  circles::energy<double>(p.centers.data(), p.radii.data(), p.batch, p.n, box.width, box.height, 3.0, e_cpu.data(),
                          nullptr, gr_cpu.data());
  gpu::circles_energy_f64(p.centers.data(), p.radii.data(), p.batch, p.n, box.width, box.height, 3.0, e_gpu.data(),
                          nullptr, gr_gpu.data());
  for (size_t k = 0; k < batch * n; ++k) {
    ++g_checks;
    if (std::fabs(gr_cpu[k] - gr_gpu[k]) > 1e-12 * (1.0 + std::fabs(gr_cpu[k]) + 3.0 * n)) {
      fail("energy radii-only gradient at " + std::to_string(k));
    }
  }
  std::printf("energy   radii-only gradient (grad_centers null) checked\n");
}

}  // namespace

int main() {
  if (!gpu::available()) {
    const gpu::Info info = gpu::info();
    std::printf("SKIPPED: no CUDA device (compiled=%d, error %d: %s)\n", info.compiled ? 1 : 0, info.error_code,
                info.error.c_str());
    return 77;
  }
  const gpu::Info info = gpu::info();
  std::printf("device: %s (sm_%d%d), built for %s\n", info.devices.at(0).name.c_str(), info.devices[0].major,
              info.devices[0].minor, info.architectures.c_str());
  try {
    struct Case {
      int32_t n;
      int64_t batch;
      circles::Box box;
    };
    // n = 26 and 62 take the shared-memory path of the float energy kernel, n = 100 and 300 the
    // global one; n = 300 and 1000 also take numpy's pairwise split of the radii sum (n > 128).
    const Case cases[] = {{0, 3, {1.0, 1.0}},   {1, 1, {1.0, 1.0}},     {1, 1000, {1.0, 1.0}},
                          {2, 777, {1.0, 1.0}}, {26, 1, {1.0, 1.0}},    {26, 4099, {1.0, 1.0}},
                          {26, 333, {1.5, 0.75}}, {62, 129, {1.0, 1.0}}, {100, 257, {1.0, 1.0}},
                          {300, 21, {1.0, 1.0}},  {1000, 3, {1.0, 1.0}}};
    uint64_t seed = 1;
    for (const Case& test : cases) {
      const Packings p = make_packings(test.batch, test.n, test.box, seed++);
      char label[64];
      std::snprintf(label, sizeof label, "n=%d batch=%lld box=%gx%g", test.n, static_cast<long long>(test.batch),
                    test.box.width, test.box.height);
      check_validate(p, test.box, 0.0, label);
      check_validate(p, test.box, 1e-6, label);
      if (test.n == 0) continue;  // circles::energy itself needs n >= 1
      check_energy<double>(p, test.box, 1.0, 1e-12, true, label);
      check_energy<double>(p, test.box, 100.0, 1e-12, false, label);
      check_energy<float>(p, test.box, 1.0f, 1e-4, true, label);
      check_energy<float>(p, test.box, 100.0f, 1e-4, false, label);
    }
    // NaN anywhere fails every check it touches; max_violation becomes NaN on both sides.
    Packings nan_case = make_packings(8, 5, {1.0, 1.0}, 99);
    nan_case.radii[2] = NAN;
    nan_case.centers[2 * 5 + 3] = NAN;
    check_validate(nan_case, {1.0, 1.0}, 0.0, "NaN inputs");
    check_partial_grad(make_packings(50, 26, {1.0, 1.0}, 7), {1.0, 1.0});
  } catch (const std::exception& error) {
    std::printf("FAILED: %s\n", error.what());
    return 1;
  }
  std::printf("%d checks, %d mismatches\n", g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}
