// Optimal radii for fixed centres: the linear programme
//   maximise sum r_i  subject to  r_i + r_j <= d_ij,  r_i <= u_i = min(x_i, W - x_i, y_i, H - y_i),  r_i >= 0
// solved exactly (a vertex-optimal basis) by a dense primal simplex in double, then shrunk by a few ulps
// until the strict validator (tolerance 0) accepts it.
//
// Size: pair constraints that can never bind are pruned first (m_i = min(u_i, min_j d_ij) bounds r_i in
// every feasible point, so a pair with d_ij >= m_i + m_j is implied by the bounds r_i <= m_i), and the
// remaining pair graph is split into connected components, each an independent LP. A component with c
// circles and p kept pairs uses a compact (c + p + 1) x (c + 1) tableau of doubles and O((c + p) c) work per
// pivot. Random centres give many small components; a near-packed layout gives one component with p ~ 3c,
// so n = 1000 needs ~32 MB and some seconds, n = 26 a few microseconds to tens of microseconds. Beyond a
// few thousand packed circles the dense tableau becomes slow and large (O(n^2) memory).
//
// Exactness: every basis of this constraint matrix (rows e_i + e_j, e_i and slacks) has a determinant
// +-2^k, so all pivots are powers of two and the coefficient part of the tableau stays exact in double;
// only the right-hand side accumulates round-off (clamped at 0 when it dips below).
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

#include "circles.h"
#include "parallel.h"

namespace tansaku::circles {

namespace {

// The validator's own expressions: sqrt(dx*dx + dy*dy) with dx = c_i - c_j.
inline double pair_distance(const double* c, int32_t i, int32_t j) {
  const double dx = c[2 * i] - c[2 * j];
  const double dy = c[2 * i + 1] - c[2 * j + 1];
  return std::sqrt(dx * dx + dy * dy);
}

inline bool walls_ok(double x, double y, double r, Box box) {
  return x - r >= 0.0 && x + r <= box.width && y - r >= 0.0 && y + r <= box.height;
}

inline double wall_bound(double x, double y, Box box) {
  return std::min(std::min(x, box.width - x), std::min(y, box.height - y));
}

// Lowers r until ok(r) holds: one ulp, then steps that double, so it ends within ~60 tries however far
// off the start is. Returns 0 when no positive value below r passes (the caller's predicates hold at 0).
template <typename Ok>
double lower_until(double r, Ok&& ok) {
  if (!(r > 0.0)) return 0.0;
  if (ok(r)) return r;
  double step = r - std::nextafter(r, 0.0);
  for (int k = 0; k < 2200; ++k) {
    r -= step;
    if (!(r > 0.0)) return 0.0;
    if (ok(r)) return r;
    step *= 2.0;
  }
  return 0.0;
}

// ---- Dense simplex on a compact tableau ---------------------------------------------------------
// Row 0 is the objective (z + sum_j t0j x_Nj = z0, so t0j = -reduced gain), rows 1..R the constraints
// x_B(k) + sum_j tkj x_Nj = rhs_k. Column `cols` is the right-hand side. Variables: 0..cols-1 structural
// (r of the component's circles), cols + k the slack of constraint k.
constexpr double kCostEps = 1e-9;   // coefficients are exact dyadic rationals: anything this small is 0
constexpr double kPivotEps = 1e-9;

struct Tableau {
  int rows = 0;
  int cols = 0;
  std::vector<double> t;
  std::vector<int> basic;     // [rows]
  std::vector<int> nonbasic;  // [cols]
  double* row(int k) { return t.data() + static_cast<std::size_t>(k) * static_cast<std::size_t>(cols + 1); }
};

void pivot(Tableau& tb, int p, int q) {
  const int C = tb.cols;
  double* prow = tb.row(p);
  const double inv = 1.0 / prow[q];
  for (int j = 0; j <= C; ++j) prow[j] *= inv;
  prow[q] = inv;
  for (int k = 0; k <= tb.rows; ++k) {
    if (k == p) continue;
    double* row = tb.row(k);
    const double f = row[q];
    if (f == 0.0) continue;
    for (int j = 0; j <= C; ++j) row[j] -= f * prow[j];
    row[q] = -f * inv;
    if (k > 0 && row[C] < 0.0) row[C] = 0.0;  // round-off below a degenerate vertex
  }
  std::swap(tb.basic[p - 1], tb.nonbasic[q]);
}

// Primal simplex from the (feasible, since b >= 0) slack basis. Dantzig's rule, switching to Bland's
// rule after a run of degenerate pivots and back after the first strict improvement, so it cannot cycle.
// Returns true at optimality, false when the iteration cap is hit (the basis is still feasible).
bool run_simplex(Tableau& tb, double tie_tol, int64_t max_iterations) {
  const int R = tb.rows, C = tb.cols;
  const int bland_after = std::max(16, C);
  int degenerate_run = 0;
  bool bland = false;
  for (int64_t iteration = 0; iteration < max_iterations; ++iteration) {
    const double* obj = tb.row(0);
    int q = -1;
    if (bland) {
      int best_id = INT_MAX;
      for (int j = 0; j < C; ++j) {
        if (obj[j] < -kCostEps && tb.nonbasic[j] < best_id) {
          best_id = tb.nonbasic[j];
          q = j;
        }
      }
    } else {
      double most = -kCostEps;
      for (int j = 0; j < C; ++j) {
        if (obj[j] < most) {
          most = obj[j];
          q = j;
        }
      }
    }
    if (q < 0) return true;

    double min_ratio = std::numeric_limits<double>::infinity();
    for (int k = 1; k <= R; ++k) {
      const double* row = tb.row(k);
      const double a = row[q];
      if (a > kPivotEps) min_ratio = std::min(min_ratio, std::max(row[C], 0.0) / a);
    }
    if (!(min_ratio < std::numeric_limits<double>::infinity())) return false;  // unbounded: impossible here
    const double limit = min_ratio + tie_tol;
    int p = -1;
    double best_a = 0.0;
    int best_id = INT_MAX;
    for (int k = 1; k <= R; ++k) {
      const double* row = tb.row(k);
      const double a = row[q];
      if (!(a > kPivotEps) || std::max(row[C], 0.0) / a > limit) continue;
      const int id = tb.basic[k - 1];
      const bool better = bland ? id < best_id : (a > best_a || (a == best_a && id < best_id));
      if (better) {
        p = k;
        best_a = a;
        best_id = id;
      }
    }
    pivot(tb, p, q);
    if (min_ratio <= tie_tol) {
      if (++degenerate_run >= bland_after) bland = true;
    } else {
      degenerate_run = 0;
      bland = false;
    }
  }
  return false;
}

struct Pair {
  int32_t i;
  int32_t j;
  double d;
};

// Scratch reused by one thread across calls (released when it grew large).
struct Workspace {
  std::vector<double> m;
  std::vector<int32_t> parent, component, local;
  std::vector<Pair> pairs;
  std::vector<int32_t> members, pair_order, member_start, pair_start;
  Tableau tableau;
};

int32_t find_root(std::vector<int32_t>& parent, int32_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

}  // namespace

void shrink_to_strict(const double* centers, double* radii, int32_t n, Box box) {
  if (n <= 0) return;
  // Walls and sign. Lowering a radius never breaks a constraint that holds (each check is monotone in
  // r under rounding), so one clamp pass and one pair pass suffice; the loop below only confirms it.
  for (int32_t i = 0; i < n; ++i) {
    const double x = centers[2 * i], y = centers[2 * i + 1];
    double r = radii[i];
    if (!(r > 0.0)) {
      radii[i] = 0.0;
      continue;
    }
    if (walls_ok(x, y, r, box)) continue;  // a valid radius is left exactly as it is
    const double u = wall_bound(x, y, box);
    if (!(u > 0.0)) {
      radii[i] = 0.0;
      continue;
    }
    if (r > u) r = u;
    radii[i] = lower_until(r, [&](double v) { return walls_ok(x, y, v, box); });
  }
  // Pairs: scale an overlapping pair by d / (r_i + r_j), then nudge the larger radius down until the
  // validator's sum fits.
  for (int32_t i = 0; i < n; ++i) {
    for (int32_t j = i + 1; j < n; ++j) {
      double& ri = radii[i];
      double& rj = radii[j];
      const double dist = pair_distance(centers, i, j);
      if (ri + rj <= dist) continue;
      if (!(dist > 0.0)) {
        ri = 0.0;
        rj = 0.0;
        continue;
      }
      const double scale = dist / (ri + rj);
      ri *= scale;
      rj *= scale;
      if (ri + rj <= dist) continue;
      double& big = ri >= rj ? ri : rj;
      const double other = ri >= rj ? rj : ri;
      big = lower_until(big, [&](double v) { return v + other <= dist; });
      if (!(big + other <= dist)) {  // only when the small one alone overlaps (impossible after scaling)
        ri = 0.0;
        rj = 0.0;
      }
    }
  }
  // Confirm with the validator itself (same translation of its expressions, whatever the compiler
  // contracted there); fix anything it still reports with growing steps, finally with zeros.
  std::vector<Violation> found(64);
  for (int round = 0; round < 80; ++round) {
    int64_t count = list_violations(centers, radii, n, box, 0.0, found.data(), static_cast<int64_t>(found.size()));
    if (count == 0) return;
    if (count > static_cast<int64_t>(found.size())) {
      found.resize(static_cast<std::size_t>(count));
      count = list_violations(centers, radii, n, box, 0.0, found.data(), count);
    }
    auto lower = [&](double& r) {
      if (!(r > 0.0) || round >= 60) {
        r = 0.0;
        return;
      }
      const double ulp = r - std::nextafter(r, 0.0);
      r = std::max(0.0, r - std::ldexp(ulp, round));
    };
    for (int64_t k = 0; k < count; ++k) {
      const Violation& v = found[static_cast<std::size_t>(k)];
      if (v.kind == ViolationKind::NegativeRadius) {
        radii[v.i] = 0.0;
      } else if (v.kind == ViolationKind::Overlap) {
        lower(radii[v.i]);
        lower(radii[v.j]);
      } else {
        lower(radii[v.i]);
      }
    }
  }
  // Still failing only when a centre itself is outside the box or not finite: nothing radii can fix.
}

LpStatus optimal_radii(const double* centers, int32_t n, Box box, double* radii_out) {
  if (n <= 0) return LpStatus::Optimal;
  thread_local Workspace ws;
  std::vector<double>& m = ws.m;
  m.assign(static_cast<std::size_t>(n), 0.0);
  for (int32_t i = 0; i < n; ++i) {
    const double x = centers[2 * i], y = centers[2 * i + 1];
    const double u = wall_bound(x, y, box);
    if (!std::isfinite(x) || !std::isfinite(y) || !(u >= 0.0) || !std::isfinite(u)) {
      std::fill(radii_out, radii_out + n, 0.0);
      return LpStatus::CenterOutside;
    }
    m[i] = u;
  }
  for (int32_t i = 0; i < n; ++i) {
    for (int32_t j = i + 1; j < n; ++j) {
      const double d = pair_distance(centers, i, j);
      if (d < m[i]) m[i] = d;
      if (d < m[j]) m[j] = d;
    }
  }
  // Kept pairs (both circles free to grow, and the pair able to bind) and their components.
  std::vector<Pair>& pairs = ws.pairs;
  pairs.clear();
  std::vector<int32_t>& parent = ws.parent;
  parent.resize(static_cast<std::size_t>(n));
  std::iota(parent.begin(), parent.end(), 0);
  for (int32_t i = 0; i < n; ++i) {
    if (!(m[i] > 0.0)) continue;
    for (int32_t j = i + 1; j < n; ++j) {
      if (!(m[j] > 0.0)) continue;
      const double d = pair_distance(centers, i, j);
      if (d < m[i] + m[j]) {
        pairs.push_back(Pair{i, j, d});
        const int32_t a = find_root(parent, i), b = find_root(parent, j);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
      }
    }
  }

  for (int32_t i = 0; i < n; ++i) radii_out[i] = 0.0;
  // Bucket circles and pairs by component (counting sort on the root).
  std::vector<int32_t>& component = ws.component;
  component.assign(static_cast<std::size_t>(n), -1);
  std::vector<int32_t>& member_start = ws.member_start;
  member_start.assign(static_cast<std::size_t>(n) + 1, 0);
  int32_t components = 0;
  std::vector<int32_t>& local = ws.local;
  local.assign(static_cast<std::size_t>(n), -1);
  for (int32_t i = 0; i < n; ++i) {
    if (!(m[i] > 0.0)) continue;  // u_i = 0 or a coincident centre: r_i = 0
    const int32_t root = find_root(parent, i);
    if (component[root] < 0) component[root] = components++;
    component[i] = component[root];
    local[i] = member_start[component[i] + 1]++;
  }
  for (int32_t c = 0; c < components; ++c) member_start[c + 1] += member_start[c];
  std::vector<int32_t>& members = ws.members;
  members.assign(static_cast<std::size_t>(member_start[components]), 0);
  for (int32_t i = 0; i < n; ++i) {
    if (component[i] >= 0) members[member_start[component[i]] + local[i]] = i;
  }
  std::vector<int32_t>& pair_start = ws.pair_start;
  pair_start.assign(static_cast<std::size_t>(components) + 1, 0);
  for (const Pair& pr : pairs) ++pair_start[component[pr.i] + 1];
  for (int32_t c = 0; c < components; ++c) pair_start[c + 1] += pair_start[c];
  std::vector<int32_t>& pair_order = ws.pair_order;
  pair_order.assign(pairs.size(), 0);
  {
    std::vector<int32_t> fill(pair_start.begin(), pair_start.end() - 1);
    for (std::size_t k = 0; k < pairs.size(); ++k) pair_order[fill[component[pairs[k].i]]++] = static_cast<int32_t>(k);
  }

  bool all_optimal = true;
  Tableau& tb = ws.tableau;
  for (int32_t c = 0; c < components; ++c) {
    const int32_t first = member_start[c], count = member_start[c + 1] - first;
    const int32_t pair_first = pair_start[c], pair_count = pair_start[c + 1] - pair_first;
    if (pair_count == 0) {  // a lone circle: its bound
      const int32_t i = members[first];
      radii_out[i] = m[i];
      continue;
    }
    tb.rows = count + pair_count;
    tb.cols = count;
    tb.t.assign(static_cast<std::size_t>(tb.rows + 1) * static_cast<std::size_t>(count + 1), 0.0);
    tb.basic.resize(static_cast<std::size_t>(tb.rows));
    tb.nonbasic.resize(static_cast<std::size_t>(count));
    double scale = 0.0;
    double* obj = tb.row(0);
    for (int32_t v = 0; v < count; ++v) {
      obj[v] = -1.0;
      tb.nonbasic[v] = v;
      const double bound = m[members[first + v]];
      double* row = tb.row(1 + v);
      row[v] = 1.0;
      row[count] = bound;
      tb.basic[v] = count + v;
      scale = std::max(scale, bound);
    }
    for (int32_t k = 0; k < pair_count; ++k) {
      const Pair& pr = pairs[pair_order[pair_first + k]];
      double* row = tb.row(1 + count + k);
      row[local[pr.i]] = 1.0;
      row[local[pr.j]] = 1.0;
      row[count] = pr.d;
      tb.basic[count + k] = 2 * count + k;
    }
    const int64_t max_iterations = 50 * static_cast<int64_t>(tb.rows + tb.cols) + 1000;
    if (!run_simplex(tb, 1e-13 * scale, max_iterations)) all_optimal = false;
    for (int32_t k = 1; k <= tb.rows; ++k) {
      const int id = tb.basic[k - 1];
      if (id < count) {
        const int32_t i = members[first + id];
        radii_out[i] = std::min(std::max(tb.row(k)[count], 0.0), m[i]);
      }
    }
    if (tb.t.size() > (std::size_t{1} << 20)) {  // do not keep a large tableau alive per thread
      std::vector<double>().swap(tb.t);
    }
  }
  if (pairs.capacity() > (std::size_t{1} << 16)) std::vector<Pair>().swap(pairs);

  shrink_to_strict(centers, radii_out, n, box);
  return all_optimal ? LpStatus::Optimal : LpStatus::IterationLimit;
}

void optimal_radii_batch(const double* centers, int64_t batch, int32_t n, Box box, double* radii_out,
                         int32_t* status_out) {
  if (batch <= 0) return;
  const int64_t nn = std::max<int32_t>(n, 0);
  parallel_for(batch, 1, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      const LpStatus status = optimal_radii(centers + b * 2 * nn, n, box, radii_out + b * nn);
      if (status_out) status_out[b] = static_cast<int32_t>(status);
    }
  });
}

}  // namespace tansaku::circles
