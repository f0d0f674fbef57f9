// Dense linear algebra for the full-covariance strategies (CMA-ES): the symmetric eigendecomposition
// of each ask and the rank-one plus rank-mu covariance update of each tell, both O(d^3) or O(N d^2)
// work that TypeScript did too slowly past a few hundred dimensions. Row-major float64 throughout.
#pragma once
#include <cstdint>

namespace tansaku::es {

// matrix (n x n, symmetric; only read) = V diag(values) V^T with orthonormal V: column k of
// vectors (row-major n x n) is the eigenvector of values[k]. Householder reduction to tridiagonal
// form, then the implicit QL algorithm; values come out in ascending order. Throws
// std::runtime_error if QL does not converge (which needs non-finite input).
void symmetric_eigen(const double* matrix, int64_t n, double* values, double* vectors);

// covariance (d x d) <- decay * covariance + c1 * path path^T + c_mu * sum_k weights[k] y_k y_k^T,
// with y_k row k of steps (popsize x d); rows with weight 0 are skipped. Rows of the output are
// independent, so they are spread over the thread pool.
void covariance_update(double* covariance, int64_t d, double decay, double c1, const double* path, double c_mu,
                       const double* weights, const double* steps, int64_t popsize);

}  // namespace tansaku::es
