// Circle packing in a W x H box: validation, penalty energy, optimal radii (LP) and a solver.
// Plain C++ over caller-owned buffers; no Node headers. Batched layout everywhere:
//   centers [batch][n][2] (x, y interleaved), radii [batch][n].
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace tansaku::circles {

struct Box {
  double width = 1.0;
  double height = 1.0;
};

// ---- 1. Validation (double precision) --------------------------------------------------------
// The checks, exactly as ShinkaEvolve's evaluator writes them, with atol = tolerance:
//   r_i >= 0 (no tolerance), x - r >= -atol, x + r <= W + atol, y - r >= -atol, y + r <= H + atol,
//   sqrt(dx*dx + dy*dy) >= r_i + r_j - atol for every pair i < j. NaN fails every check.
// max_violation is the largest amount by which any constraint is broken (0 when none is).
void validate(const double* centers, const double* radii, int64_t batch, int32_t n, Box box, double tolerance,
              double* sum_radii, double* max_violation, uint8_t* valid);

enum class ViolationKind : int32_t { Overlap = 0, Left = 1, Right = 2, Bottom = 3, Top = 4, NegativeRadius = 5 };
struct Violation {
  ViolationKind kind;
  int32_t i;
  int32_t j;  // the second circle of an overlap, -1 otherwise
  double amount;
};
// Writes up to max_count violations of one packing (check order: radii, walls per circle, pairs)
// and returns how many there are in all.
int64_t list_violations(const double* centers, const double* radii, int32_t n, Box box, double tolerance,
                        Violation* out, int64_t max_count);

// numpy's float64 sum order (pairwise, 8 strided accumulators below 128 elements), so that
// sums match Python evaluators bit for bit.
double numpy_sum(const double* values, int64_t n);

// ---- 2. Penalty energy and gradient (float or double) ---------------------------------------
// E = -sum r + w * ( sum_{i<j} max(0, r_i + r_j - d_ij)^2
//                    + sum_i [max(0, r_i - x_i)^2 + max(0, x_i + r_i - W)^2
//                           + max(0, r_i - y_i)^2 + max(0, y_i + r_i - H)^2 + max(0, -r_i)^2] )
// grad_centers and grad_radii may be null (energy only). Coincident centres (d = 0) contribute
// to the energy but give no direction, so their centre gradient is 0. Runs on the thread pool.
template <typename T>
void energy(const T* centers, const T* radii, int64_t batch, int32_t n, T width, T height, T weight,
            T* energy_out, T* grad_centers, T* grad_radii);

// ---- 3. Optimal radii for fixed centres ------------------------------------------------------
enum class LpStatus : int32_t { Optimal = 0, CenterOutside = 1, IterationLimit = 2 };
// Maximises sum r subject to r_i + r_j <= d_ij, r_i <= x_i, W - x_i, y_i, H - y_i, r_i >= 0
// (a dense simplex in double), then shrinks the result until validate(tolerance 0) passes.
// Centres outside the box have no feasible radii: status CenterOutside and zero radii.
LpStatus optimal_radii(const double* centers, int32_t n, Box box, double* radii_out);
void optimal_radii_batch(const double* centers, int64_t batch, int32_t n, Box box, double* radii_out,
                         int32_t* status_out);

// Shrinks radii in place until the strict validator passes: clamp to the walls and at 0, then
// scale each overlapping pair by d / (r_i + r_j), repeating passes until nothing overlaps.
void shrink_to_strict(const double* centers, double* radii, int32_t n, Box box);

// ---- 4. Solver ---------------------------------------------------------------------------------
enum class Backend : int32_t { Cpu = 0, Cuda = 1 };
struct SolveOptions {
  int32_t n = 26;
  Box box;
  double seconds = 10.0;
  uint64_t seed = 0;
  Backend backend = Backend::Cpu;
};
struct SolveProgress {
  double elapsed_seconds;
  int64_t starts;
  double best_sum;
};
struct SolveResult {
  std::vector<double> centers;  // [n][2]
  std::vector<double> radii;    // [n], strictly valid
  double sum_radii = 0.0;
  int64_t starts = 0;
  double seconds = 0.0;
};
// Multi-start optimisation of the energy (batched L-BFGS with penalty continuation), each result
// polished by optimal_radii; returns the best strictly valid packing found. on_progress is called
// after every round; returning false stops early.
SolveResult solve(const SolveOptions& options, const std::function<bool(const SolveProgress&)>& on_progress);

}  // namespace tansaku::circles
