// Validation of packings in double precision, with the same floating-point operations as the
// Python evaluators (sqrt(dx*dx + dy*dy), numpy summation order) so verdicts agree bit for bit.
#include <algorithm>
#include <cmath>

#include "circles.h"
#include "parallel.h"

namespace tansaku::circles {

double numpy_sum(const double* values, int64_t n) {
  if (n < 8) {
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += values[i];
    return sum;
  }
  if (n <= 128) {
    double r[8];
    for (int k = 0; k < 8; ++k) r[k] = values[k];
    int64_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int k = 0; k < 8; ++k) r[k] += values[i + k];
    }
    double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += values[i];
    return sum;
  }
  int64_t half = n / 2;
  half -= half % 8;
  return numpy_sum(values, half) + numpy_sum(values + half, n - half);
}

namespace {

// Visits every constraint of one packing in check order. visit(kind, i, j, amount, ok): amount is
// how far the constraint is broken (may be negative: slack), ok is the tolerance verdict.
template <typename Visit>
void for_each_constraint(const double* c, const double* r, int32_t n, Box box, double atol, Visit&& visit) {
  for (int32_t i = 0; i < n; ++i) {
    visit(ViolationKind::NegativeRadius, i, -1, -r[i], r[i] >= 0.0);
  }
  for (int32_t i = 0; i < n; ++i) {
    const double x = c[2 * i], y = c[2 * i + 1], ri = r[i];
    visit(ViolationKind::Left, i, -1, ri - x, x - ri >= -atol);
    visit(ViolationKind::Right, i, -1, x + ri - box.width, x + ri <= box.width + atol);
    visit(ViolationKind::Bottom, i, -1, ri - y, y - ri >= -atol);
    visit(ViolationKind::Top, i, -1, y + ri - box.height, y + ri <= box.height + atol);
  }
  for (int32_t i = 0; i < n; ++i) {
    for (int32_t j = i + 1; j < n; ++j) {
      const double dx = c[2 * i] - c[2 * j];
      const double dy = c[2 * i + 1] - c[2 * j + 1];
      const double dist = std::sqrt(dx * dx + dy * dy);
      const double reach = r[i] + r[j];
      visit(ViolationKind::Overlap, i, j, reach - dist, dist >= reach - atol);
    }
  }
}

void validate_one(const double* c, const double* r, int32_t n, Box box, double atol, double* sum,
                  double* max_violation, uint8_t* valid) {
  double worst = 0.0;
  bool ok_all = true;
  for_each_constraint(c, r, n, box, atol, [&](ViolationKind, int32_t, int32_t, double amount, bool ok) {
    if (!ok) ok_all = false;
    if (std::isnan(amount)) {
      worst = NAN;
    } else if (amount > worst) {  // NaN stays once seen
      worst = amount;
    }
  });
  *sum = numpy_sum(r, n);
  *max_violation = worst;
  *valid = ok_all ? 1 : 0;
}

}  // namespace

void validate(const double* centers, const double* radii, int64_t batch, int32_t n, Box box, double tolerance,
              double* sum_radii, double* max_violation, uint8_t* valid) {
  const int64_t pairs = static_cast<int64_t>(n) * n / 2 + 1;
  parallel_for(batch, std::max<int64_t>(1, 20000 / pairs), [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      validate_one(centers + b * 2 * n, radii + b * n, n, box, tolerance, sum_radii + b, max_violation + b,
                   valid + b);
    }
  });
}

int64_t list_violations(const double* centers, const double* radii, int32_t n, Box box, double tolerance,
                        Violation* out, int64_t max_count) {
  int64_t count = 0;
  for_each_constraint(centers, radii, n, box, tolerance,
                      [&](ViolationKind kind, int32_t i, int32_t j, double amount, bool ok) {
                        if (ok) return;
                        if (count < max_count) out[count] = Violation{kind, i, j, amount};
                        ++count;
                      });
  return count;
}

}  // namespace tansaku::circles
