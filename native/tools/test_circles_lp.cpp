// Tests for optimal_radii / optimal_radii_batch / shrink_to_strict (native/core/circles_lp.cpp).
// Independent references: a textbook full-tableau simplex with Bland's rule over every constraint (no
// pruning, no components), and brute-force vertex enumeration for tiny n.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "circles.h"
#include "rng.h"

using namespace tansaku;
using namespace tansaku::circles;

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
  if (!ok) ++failures;
}

bool near(double a, double b, double tol) { return std::fabs(a - b) <= tol; }

double sum_of(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}

bool strictly_valid(const std::vector<double>& c, const std::vector<double>& r, Box box) {
  double sum = 0, violation = 0;
  uint8_t valid = 0;
  validate(c.data(), r.data(), 1, static_cast<int32_t>(r.size()), box, 0.0, &sum, &violation, &valid);
  return valid == 1;
}

double dist(const std::vector<double>& c, int i, int j) {
  const double dx = c[2 * i] - c[2 * j], dy = c[2 * i + 1] - c[2 * j + 1];
  return std::sqrt(dx * dx + dy * dy);
}

double wall(const std::vector<double>& c, int i, Box box) {
  const double x = c[2 * i], y = c[2 * i + 1];
  return std::min(std::min(x, box.width - x), std::min(y, box.height - y));
}

// Every radius blocked by a wall or a neighbour within tol (no radius can grow alone).
bool all_blocked(const std::vector<double>& c, const std::vector<double>& r, Box box, double tol) {
  const int n = static_cast<int>(r.size());
  for (int i = 0; i < n; ++i) {
    double slack = wall(c, i, box) - r[i];
    for (int j = 0; j < n; ++j) {
      if (j != i) slack = std::min(slack, dist(c, i, j) - r[i] - r[j]);
    }
    if (slack > tol) return false;
  }
  return true;
}

// ---- Reference 1: textbook simplex, full tableau with slack columns, Bland's rule only ------------
double reference_simplex(const std::vector<double>& c, Box box) {
  const int n = static_cast<int>(c.size() / 2);
  std::vector<std::vector<double>> rows;
  std::vector<double> rhs;
  for (int i = 0; i < n; ++i) {
    std::vector<double> a(n, 0.0);
    a[i] = 1.0;
    rows.push_back(a);
    rhs.push_back(wall(c, i, box));
  }
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      std::vector<double> a(n, 0.0);
      a[i] = a[j] = 1.0;
      rows.push_back(a);
      rhs.push_back(dist(c, i, j));
    }
  }
  const int m = static_cast<int>(rows.size());
  const int width = n + m + 1;
  std::vector<double> t(static_cast<size_t>(m + 1) * width, 0.0);
  auto at = [&](int k, int j) -> double& { return t[static_cast<size_t>(k) * width + j]; };
  std::vector<int> basis(m);
  for (int k = 0; k < m; ++k) {
    for (int j = 0; j < n; ++j) at(k, j) = rows[k][j];
    at(k, n + k) = 1.0;
    at(k, width - 1) = rhs[k];
    basis[k] = n + k;
  }
  for (int j = 0; j < n; ++j) at(m, j) = 1.0;  // reduced gains c_j - z_j
  for (int iteration = 0; iteration < 100000; ++iteration) {
    int q = -1;
    for (int j = 0; j < n + m; ++j) {
      if (at(m, j) > 1e-9) {
        q = j;
        break;
      }
    }
    if (q < 0) break;
    int p = -1;
    double best = 0.0;
    for (int k = 0; k < m; ++k) {
      if (at(k, q) <= 1e-9) continue;
      const double ratio = std::max(0.0, at(k, width - 1)) / at(k, q);
      if (p < 0 || ratio < best - 1e-13 || (ratio <= best + 1e-13 && basis[k] < basis[p])) {
        if (p < 0 || ratio < best - 1e-13) best = ratio;
        p = k;
      }
    }
    if (p < 0) return -1.0;
    const double a = at(p, q);
    for (int j = 0; j < width; ++j) at(p, j) /= a;
    for (int k = 0; k <= m; ++k) {
      if (k == p || at(k, q) == 0.0) continue;
      const double f = at(k, q);
      for (int j = 0; j < width; ++j) at(k, j) -= f * at(p, j);
    }
    basis[p] = q;
  }
  double total = 0.0;
  for (int k = 0; k < m; ++k) {
    if (basis[k] < n) total += at(k, width - 1);
  }
  return total;
}

// ---- Reference 2: vertex enumeration (tiny n) -----------------------------------------------------
bool solve_linear(std::vector<std::vector<double>> a, std::vector<double> b, std::vector<double>& x) {
  const int n = static_cast<int>(b.size());
  for (int col = 0; col < n; ++col) {
    int piv = col;
    for (int k = col + 1; k < n; ++k) {
      if (std::fabs(a[k][col]) > std::fabs(a[piv][col])) piv = k;
    }
    if (std::fabs(a[piv][col]) < 1e-12) return false;
    std::swap(a[piv], a[col]);
    std::swap(b[piv], b[col]);
    for (int k = 0; k < n; ++k) {
      if (k == col) continue;
      const double f = a[k][col] / a[col][col];
      for (int j = col; j < n; ++j) a[k][j] -= f * a[col][j];
      b[k] -= f * b[col];
    }
  }
  x.resize(n);
  for (int i = 0; i < n; ++i) x[i] = b[i] / a[i][i];
  return true;
}

double vertex_enumeration(const std::vector<double>& c, Box box) {
  const int n = static_cast<int>(c.size() / 2);
  std::vector<std::vector<double>> rows;
  std::vector<double> rhs;
  for (int i = 0; i < n; ++i) {
    std::vector<double> a(n, 0.0);
    a[i] = 1.0;
    rows.push_back(a);
    rhs.push_back(wall(c, i, box));
    a[i] = -1.0;
    rows.push_back(a);
    rhs.push_back(0.0);
  }
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      std::vector<double> a(n, 0.0);
      a[i] = a[j] = 1.0;
      rows.push_back(a);
      rhs.push_back(dist(c, i, j));
    }
  }
  const int m = static_cast<int>(rows.size());
  double best = -1.0;
  std::vector<int> pick(n);
  for (int k = 0; k < n; ++k) pick[k] = k;
  for (;;) {
    std::vector<std::vector<double>> a;
    std::vector<double> b, x;
    for (int k : pick) {
      a.push_back(rows[k]);
      b.push_back(rhs[k]);
    }
    if (solve_linear(a, b, x)) {
      bool feasible = true;
      for (int k = 0; k < m && feasible; ++k) {
        double lhs = 0.0;
        for (int j = 0; j < n; ++j) lhs += rows[k][j] * x[j];
        if (lhs > rhs[k] + 1e-12) feasible = false;
      }
      if (feasible) {
        double s = 0.0;
        for (double v : x) s += v;
        best = std::max(best, s);
      }
    }
    int k = n - 1;
    while (k >= 0 && pick[k] == m - n + k) --k;
    if (k < 0) break;
    ++pick[k];
    for (int j = k + 1; j < n; ++j) pick[j] = pick[j - 1] + 1;
  }
  return best;
}

// ---- Centre generators ---------------------------------------------------------------------------
std::vector<double> random_centers(Rng& rng, int n, Box box) {
  std::vector<double> c(2 * n);
  for (int i = 0; i < n; ++i) {
    c[2 * i] = rng.uniform(0.0, box.width);
    c[2 * i + 1] = rng.uniform(0.0, box.height);
  }
  return c;
}

// Rows of a hexagonal-ish arrangement filling the unit square, jittered: many near-tight contacts.
std::vector<double> hex_centers(Rng& rng, int n, double jitter) {
  int rows = std::max(1, static_cast<int>(std::lround(std::sqrt(n * 0.866))));
  std::vector<int> per_row(rows, n / rows);
  for (int k = 0; k < n % rows; ++k) per_row[(2 * k + 1) % rows]++;
  std::vector<double> c;
  for (int k = 0; k < rows; ++k) {
    const double y = (k + 0.5) / rows;
    for (int i = 0; i < per_row[k]; ++i) {
      const double x = (i + (k % 2 ? 0.75 : 0.25) + 0.25 * (per_row[k] > n / rows)) / (per_row[k] + 0.5);
      c.push_back(std::clamp(x + rng.uniform(-jitter, jitter), 0.0, 1.0));
      c.push_back(std::clamp(y + rng.uniform(-jitter, jitter), 0.0, 1.0));
    }
  }
  return c;
}

std::vector<double> clustered_centers(Rng& rng, int n, Box box) {
  std::vector<double> c(2 * n);
  const int clusters = 1 + static_cast<int>(rng.below(4));
  std::vector<double> cx(clusters), cy(clusters);
  for (int k = 0; k < clusters; ++k) {
    cx[k] = rng.uniform(0.2, 0.8) * box.width;
    cy[k] = rng.uniform(0.2, 0.8) * box.height;
  }
  for (int i = 0; i < n; ++i) {
    const int k = static_cast<int>(rng.below(clusters));
    c[2 * i] = std::clamp(cx[k] + 0.1 * rng.normal() * box.width, 0.0, box.width);
    c[2 * i + 1] = std::clamp(cy[k] + 0.1 * rng.normal() * box.height, 0.0, box.height);
  }
  return c;
}

std::vector<double> lp(const std::vector<double>& c, Box box, LpStatus* status = nullptr) {
  std::vector<double> r(c.size() / 2, -1.0);
  const LpStatus s = optimal_radii(c.data(), static_cast<int32_t>(r.size()), box, r.data());
  if (status) *status = s;
  return r;
}

template <typename F>
double microseconds_per_call(F&& f, int calls) {
  const auto start = std::chrono::steady_clock::now();
  for (int k = 0; k < calls; ++k) f(k);
  const auto end = std::chrono::steady_clock::now();
  return std::chrono::duration<double, std::micro>(end - start).count() / calls;
}

}  // namespace

int main() {
  const Box unit{1.0, 1.0};

  std::printf("1. two circles at (0.25,0.5),(0.75,0.5) in 1x1: radii 0.25 each\n");
  {
    LpStatus status;
    const std::vector<double> c = {0.25, 0.5, 0.75, 0.5};
    const auto r = lp(c, unit, &status);
    check(status == LpStatus::Optimal, "status Optimal");
    check(near(r[0], 0.25, 1e-12) && near(r[1], 0.25, 1e-12), "r = 0.25, 0.25");
    check(near(sum_of(r), 0.5, 1e-12), "sum 0.5");
    check(strictly_valid(c, r, unit), "strictly valid");
  }

  std::printf("2. 2x2 grid of centres: all 0.25, sum 1.0\n");
  {
    LpStatus status;
    const std::vector<double> c = {0.25, 0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.75};
    const auto r = lp(c, unit, &status);
    bool all = status == LpStatus::Optimal;
    for (double v : r) all = all && near(v, 0.25, 1e-12);
    check(all, "all radii 0.25, status Optimal");
    check(near(sum_of(r), 1.0, 1e-12), "sum 1.0");
    check(strictly_valid(c, r, unit), "strictly valid");
  }

  std::printf("3. optimality against independent solvers (strict validity, maximality, sums to 1e-9)\n");
  {
    Rng rng(12345);
    int valid_all = 1, blocked_all = 1, optimal_all = 1, instances = 0;
    double worst = 0.0;
    for (int trial = 0; trial < 90; ++trial) {
      const int n = 5 + static_cast<int>(rng.below(26));
      Box box = unit;
      std::vector<double> c;
      switch (trial % 3) {
        case 0: c = random_centers(rng, n, box); break;
        case 1: c = hex_centers(rng, n, 0.02); break;
        default:
          box = Box{rng.uniform(0.3, 3.0), rng.uniform(0.3, 3.0)};
          c = clustered_centers(rng, n, box);
      }
      LpStatus status;
      const auto r = lp(c, box, &status);
      ++instances;
      if (status != LpStatus::Optimal) optimal_all = 0;
      if (!strictly_valid(c, r, box)) valid_all = 0;
      if (!all_blocked(c, r, box, 1e-9)) blocked_all = 0;
      const double reference = reference_simplex(c, box);
      worst = std::max(worst, std::fabs(reference - sum_of(r)));
    }
    std::printf("  %d instances (n = 5..30; random, jittered hex, clustered in random boxes), worst |sum - "
                "reference simplex| = %.3g\n",
                instances, worst);
    check(optimal_all, "status Optimal everywhere");
    check(valid_all, "strictly valid (validate, tolerance 0)");
    check(blocked_all, "every radius blocked by a wall or a neighbour within 1e-9");
    check(worst <= 1e-9, "sum equals the textbook simplex (all constraints, Bland) within 1e-9");

    double worst_tiny = 0.0;
    int tiny = 0;
    for (int n = 3; n <= 5; ++n) {
      for (int trial = 0; trial < (n == 5 ? 40 : 150); ++trial) {
        const std::vector<double> c = trial % 2 ? random_centers(rng, n, unit) : clustered_centers(rng, n, unit);
        const auto r = lp(c, unit);
        worst_tiny = std::max(worst_tiny, std::fabs(vertex_enumeration(c, unit) - sum_of(r)));
        ++tiny;
      }
    }
    std::printf("  %d tiny instances (n = 3..5), worst |sum - best vertex| = %.3g\n", tiny, worst_tiny);
    check(worst_tiny <= 1e-9, "sum equals brute-force vertex enumeration within 1e-9");
  }

  std::printf("4. edge cases\n");
  {
    LpStatus status;
    {
      const std::vector<double> c = {0.5, 0.5, 0.5, 0.5, 0.2, 0.2};
      const auto r = lp(c, unit, &status);
      check(status == LpStatus::Optimal && r[0] == 0.0 && r[1] == 0.0 && near(r[2], 0.2, 1e-12) &&
                strictly_valid(c, r, unit),
            "coincident centres: both 0, the third 0.2");
    }
    {
      const std::vector<double> c = {0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.7, 0.7};
      const auto r = lp(c, unit, &status);
      check(status == LpStatus::Optimal && r[0] == 0.0 && r[1] == 0.0 && r[2] == 0.0 && near(r[3], 0.3, 1e-12),
            "three coincident centres: all 0, the fourth takes its wall");
    }
    {
      const std::vector<double> c = {0.0, 0.5, 0.5, 0.5};
      const auto r = lp(c, unit, &status);
      check(status == LpStatus::Optimal && r[0] == 0.0 && near(r[1], 0.5, 1e-12) && strictly_valid(c, r, unit),
            "centre on the wall (u = 0): r = 0, the other 0.5");
    }
    {
      const std::vector<double> c = {0.5, 0.5, 1.1, 0.5};
      const auto r = lp(c, unit, &status);
      check(status == LpStatus::CenterOutside && r[0] == 0.0 && r[1] == 0.0, "centre outside: CenterOutside, zeros");
      const std::vector<double> c2 = {0.5, 0.5, NAN, 0.5};
      const auto r2 = lp(c2, unit, &status);
      check(status == LpStatus::CenterOutside && r2[0] == 0.0 && r2[1] == 0.0, "NaN centre: CenterOutside, zeros");
      const std::vector<double> c3 = {0.5, -1e-300};
      const auto r3 = lp(c3, unit, &status);
      check(status == LpStatus::CenterOutside && r3[0] == 0.0, "centre a hair below the floor: CenterOutside");
    }
    {
      const std::vector<double> c = {0.3, 0.6};
      const auto r = lp(c, unit, &status);
      check(status == LpStatus::Optimal && near(r[0], 0.3, 1e-15) && strictly_valid(c, r, unit), "n = 1: r = u = 0.3");
      double none = 0.0;
      check(optimal_radii(c.data(), 0, unit, &none) == LpStatus::Optimal, "n = 0: Optimal, nothing written");
    }
    {
      const Box wide{2.0, 0.5};
      const std::vector<double> c = {0.25, 0.25, 0.75, 0.25, 1.25, 0.25, 1.75, 0.25};
      const auto r = lp(c, wide, &status);
      bool all = status == LpStatus::Optimal && strictly_valid(c, r, wide);
      for (double v : r) all = all && near(v, 0.25, 1e-12);
      check(all, "2 x 0.5 box, four centres in a row: all 0.25");
      Rng rng(7);
      double worst = 0.0;
      bool valid = true;
      for (int trial = 0; trial < 20; ++trial) {
        const auto c2 = random_centers(rng, 12, wide);
        const auto r2 = lp(c2, wide);
        valid = valid && strictly_valid(c2, r2, wide);
        worst = std::max(worst, std::fabs(reference_simplex(c2, wide) - sum_of(r2)));
      }
      check(valid && worst <= 1e-9, "2 x 0.5 box, random centres: valid and optimal (reference simplex)");
    }
    {
      // Centres exactly on a tangent lattice: every constraint tight, fully degenerate.
      std::vector<double> c;
      for (int i = 0; i < 10; ++i) {
        for (int j = 0; j < 10; ++j) {
          c.push_back((i + 0.5) / 10);
          c.push_back((j + 0.5) / 10);
        }
      }
      const auto r = lp(c, unit, &status);
      check(status == LpStatus::Optimal && strictly_valid(c, r, unit) && near(sum_of(r), 5.0, 1e-9),
            "10x10 tangent grid (fully degenerate): sum 5");
    }
  }

  std::printf("5. shrink_to_strict on overlaps of 1e-17..1e-7\n");
  {
    Rng rng(99);
    bool valid = true, small_loss = true, untouched = true;
    double worst_loss = 0.0;
    for (int trial = 0; trial < 60; ++trial) {
      const int n = 26;
      const auto c = trial % 2 ? hex_centers(rng, n, 0.01) : random_centers(rng, n, unit);
      const auto r = lp(c, unit);
      auto copy = r;
      shrink_to_strict(c.data(), copy.data(), n, unit);
      untouched = untouched && std::memcmp(copy.data(), r.data(), n * sizeof(double)) == 0;
      auto inflated = r;
      for (double& v : inflated) v += std::pow(10.0, rng.uniform(-17.0, -7.0));
      auto shrunk = inflated;
      shrink_to_strict(c.data(), shrunk.data(), n, unit);
      valid = valid && strictly_valid(c, shrunk, unit);
      const double loss = sum_of(inflated) - sum_of(shrunk);
      worst_loss = std::max(worst_loss, loss);
      small_loss = small_loss && loss < n * 1e-7;
      for (int i = 0; i < n; ++i) valid = valid && shrunk[i] >= 0.0 && shrunk[i] <= inflated[i];
    }
    // Ulp-level overlaps: two tangent circles with radii one ulp too large.
    for (int trial = 0; trial < 2000; ++trial) {
      const double x0 = rng.uniform(0.1, 0.5), x1 = rng.uniform(0.5, 0.9), y = rng.uniform(0.1, 0.9);
      const std::vector<double> c = {x0, y, x1, y + rng.uniform(-0.01, 0.01)};
      const double d = dist(c, 0, 1);
      const double t = rng.uniform(0.2, 0.8);
      std::vector<double> rr = {std::nextafter(d * t, 1.0), std::nextafter(d * (1 - t), 1.0)};
      rr[0] = std::min(rr[0], wall(c, 0, unit) * 2);
      const auto before = rr;
      shrink_to_strict(c.data(), rr.data(), 2, unit);
      valid = valid && strictly_valid(c, rr, unit);
      const double loss = (before[0] + before[1]) - (rr[0] + rr[1]);
      if (before[0] <= wall(c, 0, unit) && before[1] <= wall(c, 1, unit)) small_loss = small_loss && loss < 1e-14;
    }
    // Walls: r = W - x may still give x + r > W by rounding.
    for (int trial = 0; trial < 2000; ++trial) {
      const Box box{rng.uniform(0.5, 3.0), rng.uniform(0.5, 3.0)};
      const std::vector<double> c = {box.width - rng.uniform(0.0, 0.3), box.height * rng.uniform(0.4, 0.6)};
      std::vector<double> rr = {box.width - c[0] + 1e-12};
      shrink_to_strict(c.data(), rr.data(), 1, box);
      valid = valid && strictly_valid(c, rr, box) && rr[0] >= wall(c, 0, box) * (1 - 1e-15);
    }
    // Gross input: NaN, negative and huge radii.
    {
      const std::vector<double> c = {0.2, 0.2, 0.3, 0.3, 0.8, 0.8};
      std::vector<double> rr = {NAN, -1.0, 1e300};
      shrink_to_strict(c.data(), rr.data(), 3, unit);
      valid = valid && strictly_valid(c, rr, unit) && rr[0] == 0.0 && rr[1] == 0.0 && near(rr[2], 0.2, 1e-15);
    }
    std::printf("  worst loss on n = 26 (inflated sum - shrunk sum) = %.3g\n", worst_loss);
    check(untouched, "a strictly valid packing is left bit for bit unchanged");
    check(valid, "every shrunk packing strictly valid (walls, ulp overlaps, NaN/negative/huge radii)");
    check(small_loss, "loss below n * 1e-7 (and below 1e-14 for ulp overlaps)");
  }

  std::printf("6. optimal_radii_batch equals optimal_radii one by one\n");
  {
    Rng rng(2024);
    const int batch = 97, n = 26;
    std::vector<double> centers;
    for (int b = 0; b < batch; ++b) {
      auto c = b % 2 ? hex_centers(rng, n, 0.01) : random_centers(rng, n, unit);
      if (b == 5) c[0] = -0.5;  // one CenterOutside in the batch
      centers.insert(centers.end(), c.begin(), c.end());
    }
    std::vector<double> radii(static_cast<size_t>(batch) * n, -1.0);
    std::vector<int32_t> status(batch, -1);
    optimal_radii_batch(centers.data(), batch, n, unit, radii.data(), status.data());
    bool same = true;
    for (int b = 0; b < batch; ++b) {
      std::vector<double> one(n);
      const LpStatus s = optimal_radii(centers.data() + 2 * b * n, n, unit, one.data());
      same = same && static_cast<int32_t>(s) == status[b] &&
             std::memcmp(one.data(), radii.data() + static_cast<size_t>(b) * n, n * sizeof(double)) == 0;
    }
    check(same, "radii bit for bit and statuses equal (97 packings, one CenterOutside)");
    check(status[5] == static_cast<int32_t>(LpStatus::CenterOutside), "status_out carries CenterOutside");
  }

  std::printf("7. larger n and timings (single thread, informational)\n");
  {
    Rng rng(5);
    const int calls = 2000;
    std::vector<std::vector<double>> randoms, hexes;
    for (int k = 0; k < calls; ++k) {
      randoms.push_back(random_centers(rng, 26, unit));
      hexes.push_back(hex_centers(rng, 26, 0.005));
    }
    std::vector<double> r(26);
    volatile double sink = 0.0;
    const double t_random = microseconds_per_call(
        [&](int k) { optimal_radii(randoms[k].data(), 26, unit, r.data()), sink = sink + r[0]; }, calls);
    const double t_hex = microseconds_per_call(
        [&](int k) { optimal_radii(hexes[k].data(), 26, unit, r.data()), sink = sink + r[0]; }, calls);
    std::printf("  n = 26 random centres: %.1f us per call; n = 26 jittered hex: %.1f us per call\n", t_random,
                t_hex);
    const auto hex26 = lp(hexes[0], unit);
    std::printf("  (hex n = 26 example sum = %.6f)\n", sum_of(hex26));
    for (int n : {200, 1000}) {
      for (int kind = 0; kind < 2; ++kind) {
        const auto c = kind ? hex_centers(rng, n, 0.1 / std::sqrt(n)) : random_centers(rng, n, unit);
        LpStatus status;
        std::vector<double> rr;
        const double us = microseconds_per_call([&](int) { rr = lp(c, unit, &status); }, 1);
        std::printf("  n = %d %s: %.1f ms, sum %.6f\n", n, kind ? "jittered hex" : "random", us / 1000.0, sum_of(rr));
        check(status == LpStatus::Optimal && strictly_valid(c, rr, unit) && all_blocked(c, rr, unit, 1e-9),
              "large n: Optimal, strictly valid, every radius blocked");
      }
    }
  }

  std::printf("%s (%d failure%s)\n", failures ? "FAILED" : "PASSED", failures, failures == 1 ? "" : "s");
  return failures ? 1 : 0;
}
