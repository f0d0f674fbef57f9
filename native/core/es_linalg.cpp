// The symmetric eigensolver and covariance update of es_linalg.h. The eigensolver is the classical
// pair: Householder tridiagonalisation with accumulated transformations, then implicit QL with
// Wilkinson-style shifts on the tridiagonal matrix (Golub & Van Loan, sections 8.3); the QL sweeps
// rotate pairs of eigenvector columns, which are kept as rows of a transposed copy so each rotation
// streams through contiguous memory.
#include "es_linalg.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "parallel.h"

namespace tansaku::es {

namespace {

// Householder reduction of the symmetric matrix in v (n x n, row-major) to tridiagonal form:
// on return diagonal[i] and off[i] (off[0] = 0, off[i] couples i - 1 and i) hold the tridiagonal
// matrix and v the orthogonal transformation that produced it.
void tridiagonalise(std::vector<double>& v, int64_t n, std::vector<double>& diagonal, std::vector<double>& off) {
  auto at = [&](int64_t row, int64_t col) -> double& { return v[row * n + col]; };
  for (int64_t j = 0; j < n; ++j) diagonal[j] = at(n - 1, j);
  for (int64_t i = n - 1; i > 0; --i) {
    double scale = 0.0, h = 0.0;
    for (int64_t k = 0; k < i; ++k) scale += std::fabs(diagonal[k]);
    if (scale == 0.0) {
      off[i] = diagonal[i - 1];
      for (int64_t j = 0; j < i; ++j) {
        diagonal[j] = at(i - 1, j);
        at(i, j) = 0.0;
        at(j, i) = 0.0;
      }
    } else {
      for (int64_t k = 0; k < i; ++k) {
        diagonal[k] /= scale;
        h += diagonal[k] * diagonal[k];
      }
      double f = diagonal[i - 1];
      double g = f > 0 ? -std::sqrt(h) : std::sqrt(h);
      off[i] = scale * g;
      h -= f * g;
      diagonal[i - 1] = f - g;
      for (int64_t j = 0; j < i; ++j) off[j] = 0.0;
      for (int64_t j = 0; j < i; ++j) {
        f = diagonal[j];
        at(j, i) = f;
        g = off[j] + at(j, j) * f;
        for (int64_t k = j + 1; k < i; ++k) {
          g += at(k, j) * diagonal[k];
          off[k] += at(k, j) * f;
        }
        off[j] = g;
      }
      f = 0.0;
      for (int64_t j = 0; j < i; ++j) {
        off[j] /= h;
        f += off[j] * diagonal[j];
      }
      const double hh = f / (h + h);
      for (int64_t j = 0; j < i; ++j) off[j] -= hh * diagonal[j];
      for (int64_t j = 0; j < i; ++j) {
        f = diagonal[j];
        g = off[j];
        for (int64_t k = j; k < i; ++k) at(k, j) -= f * off[k] + g * diagonal[k];
        diagonal[j] = at(i - 1, j);
        at(i, j) = 0.0;
      }
    }
    diagonal[i] = h;
  }
  // Accumulate the transformations.
  for (int64_t i = 0; i < n - 1; ++i) {
    at(n - 1, i) = at(i, i);
    at(i, i) = 1.0;
    const double h = diagonal[i + 1];
    if (h != 0.0) {
      for (int64_t k = 0; k <= i; ++k) diagonal[k] = at(k, i + 1) / h;
      for (int64_t j = 0; j <= i; ++j) {
        double g = 0.0;
        for (int64_t k = 0; k <= i; ++k) g += at(k, i + 1) * at(k, j);
        for (int64_t k = 0; k <= i; ++k) at(k, j) -= g * diagonal[k];
      }
    }
    for (int64_t k = 0; k <= i; ++k) at(k, i + 1) = 0.0;
  }
  for (int64_t j = 0; j < n; ++j) {
    diagonal[j] = at(n - 1, j);
    at(n - 1, j) = 0.0;
  }
  at(n - 1, n - 1) = 1.0;
  off[0] = 0.0;
}

// Implicit QL on the tridiagonal (diagonal, off); columns of the eigenvector matrix are the rows of
// w (n x n), rotated along. On return diagonal holds the eigenvalues.
void tridiagonal_ql(std::vector<double>& w, int64_t n, std::vector<double>& diagonal, std::vector<double>& off) {
  for (int64_t i = 1; i < n; ++i) off[i - 1] = off[i];
  off[n - 1] = 0.0;
  double shift_total = 0.0, largest = 0.0;
  const double eps = std::ldexp(1.0, -52);
  for (int64_t l = 0; l < n; ++l) {
    largest = std::max(largest, std::fabs(diagonal[l]) + std::fabs(off[l]));
    int64_t m = l;
    while (m < n && std::fabs(off[m]) > eps * largest) ++m;
    if (m == n) m = n - 1;  // off[n - 1] is 0, so this only guards the loop bound
    if (m > l) {
      int iterations = 0;
      do {
        if (++iterations > 100) throw std::runtime_error("symmetric_eigen: QL iteration did not converge (non-finite input?)");
        double g = diagonal[l];
        double p = (diagonal[l + 1] - g) / (2.0 * off[l]);
        double r = std::hypot(p, 1.0);
        if (p < 0) r = -r;
        diagonal[l] = off[l] / (p + r);
        diagonal[l + 1] = off[l] * (p + r);
        const double next = diagonal[l + 1];
        double h = g - diagonal[l];
        for (int64_t i = l + 2; i < n; ++i) diagonal[i] -= h;
        shift_total += h;
        p = diagonal[m];
        double c = 1.0, c2 = 1.0, c3 = 1.0, s = 0.0, s2 = 0.0;
        const double off_next = off[l + 1];
        for (int64_t i = m - 1; i >= l; --i) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * off[i];
          h = c * p;
          r = std::hypot(p, off[i]);
          off[i + 1] = s * r;
          s = off[i] / r;
          c = p / r;
          p = c * diagonal[i] - s * g;
          diagonal[i + 1] = h + s * (c * g + s * diagonal[i]);
          double* column_i = &w[i * n];
          double* column_next = &w[(i + 1) * n];
          for (int64_t k = 0; k < n; ++k) {
            const double t = column_next[k];
            column_next[k] = s * column_i[k] + c * t;
            column_i[k] = c * column_i[k] - s * t;
          }
        }
        p = -s * s2 * c3 * off_next * off[l] / next;
        off[l] = s * p;
        diagonal[l] = c * p;
      } while (std::fabs(off[l]) > eps * largest);
    }
    diagonal[l] += shift_total;
    off[l] = 0.0;
  }
}

}  // namespace

void symmetric_eigen(const double* matrix, int64_t n, double* values, double* vectors) {
  if (n <= 0) return;
  for (int64_t k = 0; k < n * n; ++k) {
    if (!std::isfinite(matrix[k])) throw std::invalid_argument("symmetric_eigen: the matrix has a non-finite element");
  }
  if (n == 1) {
    values[0] = matrix[0];
    vectors[0] = 1.0;
    return;
  }
  std::vector<double> v(matrix, matrix + n * n), diagonal(n), off(n);
  tridiagonalise(v, n, diagonal, off);
  std::vector<double> w(n * n);  // w = v^T: row k is eigenvector column k
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < n; ++j) w[j * n + i] = v[i * n + j];
  }
  tridiagonal_ql(w, n, diagonal, off);
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), int64_t{0});
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return diagonal[a] < diagonal[b]; });
  for (int64_t k = 0; k < n; ++k) {
    values[k] = diagonal[order[k]];
    const double* column = &w[order[k] * n];
    for (int64_t row = 0; row < n; ++row) vectors[row * n + k] = column[row];
  }
}

void covariance_update(double* covariance, int64_t d, double decay, double c1, const double* path, double c_mu,
                       const double* weights, const double* steps, int64_t popsize) {
  parallel_for(d, 8, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      double* row = covariance + i * d;
      const double rank_one = c1 * path[i];
#pragma omp simd
      for (int64_t j = 0; j < d; ++j) row[j] = decay * row[j] + rank_one * path[j];
      for (int64_t k = 0; k < popsize; ++k) {
        if (weights[k] == 0.0) continue;
        const double* y = steps + k * d;
        const double scale = c_mu * weights[k] * y[i];
#pragma omp simd
        for (int64_t j = 0; j < d; ++j) row[j] += scale * y[j];
      }
    }
  });
}

}  // namespace tansaku::es
