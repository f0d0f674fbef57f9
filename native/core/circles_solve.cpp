// The packing solver: rounds of many starts, each minimised on the penalty energy with L-BFGS
// under an increasing penalty weight, then given the optimal radii for its centres by the LP.
// Starts mix fresh random layouts with perturbations of the best packing so far (basin hopping).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "circles.h"
#include "gpu.h"
#include "lbfgs.h"
#include "rng.h"

namespace tansaku::circles {

namespace {

// Adapts the batched energy (CPU or CUDA) to the optimiser's row layout.
class EnergyObjective {
 public:
  EnergyObjective(int32_t n, Box box, Backend backend) : n_(n), box_(box), backend_(backend) {}

  void set_weight(double weight) { weight_ = weight; }

  void operator()(const double* x, int64_t count, double* value, double* grad) {
    const int32_t n = n_;
    centers_.resize(count * 2 * n);
    radii_.resize(count * n);
    grad_c_.resize(count * 2 * n);
    grad_r_.resize(count * n);
    for (int64_t b = 0; b < count; ++b) {
      std::copy(x + b * 3 * n, x + b * 3 * n + 2 * n, &centers_[b * 2 * n]);
      std::copy(x + b * 3 * n + 2 * n, x + (b + 1) * 3 * n, &radii_[b * n]);
    }
    if (backend_ == Backend::Cuda) {
      gpu::circles_energy_f64(centers_.data(), radii_.data(), count, n, box_.width, box_.height, weight_, value,
                              grad_c_.data(), grad_r_.data());
    } else {
      energy<double>(centers_.data(), radii_.data(), count, n, box_.width, box_.height, weight_, value,
                     grad_c_.data(), grad_r_.data());
    }
    for (int64_t b = 0; b < count; ++b) {
      std::copy(&grad_c_[b * 2 * n], &grad_c_[(b + 1) * 2 * n], grad + b * 3 * n);
      std::copy(&grad_r_[b * n], &grad_r_[(b + 1) * n], grad + b * 3 * n + 2 * n);
    }
  }

 private:
  int32_t n_;
  Box box_;
  Backend backend_;
  double weight_ = 1.0;
  std::vector<double> centers_, radii_, grad_c_, grad_r_;
};

void random_start(Rng& rng, int32_t n, Box box, double* row) {
  const double typical = std::sqrt(box.width * box.height / (n * 3.14159265358979));
  for (int32_t i = 0; i < n; ++i) {
    row[2 * i] = rng.uniform(0.0, box.width);
    row[2 * i + 1] = rng.uniform(0.0, box.height);
    row[2 * n + i] = typical * rng.uniform(0.2, 1.0);
  }
}

// Jitters the best packing: every centre moves a little, a few circles jump elsewhere.
void perturbed_start(Rng& rng, int32_t n, Box box, const SolveResult& best, double* row) {
  const double scale = std::min(box.width, box.height) * std::pow(10.0, rng.uniform(-2.5, -1.0));
  for (int32_t i = 0; i < n; ++i) {
    row[2 * i] = std::clamp(best.centers[2 * i] + scale * rng.normal(), 0.0, box.width);
    row[2 * i + 1] = std::clamp(best.centers[2 * i + 1] + scale * rng.normal(), 0.0, box.height);
    row[2 * n + i] = best.radii[i] * 0.9;
  }
  const int64_t jumps = rng.below(4);
  for (int64_t k = 0; k < jumps; ++k) {
    const int64_t i = rng.below(n);
    row[2 * i] = rng.uniform(0.0, box.width);
    row[2 * i + 1] = rng.uniform(0.0, box.height);
    row[2 * n + i] = 0.0;
  }
}

// Centres clamped into the box, radii from the LP; returns the strict sum (or -1 if infeasible).
double polish(const double* row, int32_t n, Box box, std::vector<double>& centers, std::vector<double>& radii) {
  centers.resize(2 * n);
  radii.resize(n);
  for (int32_t i = 0; i < n; ++i) {
    centers[2 * i] = std::clamp(row[2 * i], 0.0, box.width);
    centers[2 * i + 1] = std::clamp(row[2 * i + 1], 0.0, box.height);
  }
  if (optimal_radii(centers.data(), n, box, radii.data()) == LpStatus::CenterOutside) return -1.0;
  double sum = 0, violation = 0;
  uint8_t valid = 0;
  validate(centers.data(), radii.data(), 1, n, box, 0.0, &sum, &violation, &valid);
  return valid ? sum : -1.0;
}

}  // namespace

SolveResult solve(const SolveOptions& options, const std::function<bool(const SolveProgress&)>& on_progress) {
  const int32_t n = options.n;
  const Box box = options.box;
  if (n < 1) throw std::invalid_argument("n must be at least 1");
  if (!(box.width > 0) || !(box.height > 0)) throw std::invalid_argument("width and height must be positive");
  if (options.backend == Backend::Cuda && !gpu::available()) {
    throw std::runtime_error("device cuda was asked for but no CUDA device is available");
  }
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };

  const int32_t dim = 3 * n;  // a row of the optimiser: [x0 y0 x1 y1 ... | r0 r1 ...]
  const int64_t starts_per_round = options.backend == Backend::Cuda ? 1024 : 32;
  const double weights[] = {10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7};
  LbfgsOptions lbfgs;
  lbfgs.max_iterations = 60 + 10 * n;

  EnergyObjective objective(n, box, options.backend);
  Rng rng(options.seed);
  SolveResult best;
  std::vector<double> rows(starts_per_round * dim);
  std::vector<double> centers, radii;

  do {
    for (int64_t s = 0; s < starts_per_round; ++s) {
      double* row = &rows[s * dim];
      const bool explore = best.radii.empty() || rng.uniform() < 0.4;
      if (explore) {
        random_start(rng, n, box, row);
      } else {
        perturbed_start(rng, n, box, best, row);
      }
    }
    for (double weight : weights) {
      objective.set_weight(weight);
      lbfgs_minimize(rows.data(), starts_per_round, dim,
                     [&](const double* x, int64_t count, double* value, double* grad) {
                       objective(x, count, value, grad);
                     },
                     lbfgs);
    }
    for (int64_t s = 0; s < starts_per_round; ++s) {
      const double sum = polish(&rows[s * dim], n, box, centers, radii);
      if (sum >= 0 && (sum > best.sum_radii || best.radii.empty())) {
        best.sum_radii = sum;
        best.centers = centers;
        best.radii = radii;
      }
    }
    best.starts += starts_per_round;
    best.seconds = elapsed();
    if (on_progress && !on_progress(SolveProgress{best.seconds, best.starts, best.sum_radii})) break;
  } while (elapsed() < options.seconds);
  best.seconds = elapsed();
  return best;
}

}  // namespace tansaku::circles
