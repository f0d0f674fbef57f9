// The benchmark functions of `tansaku es run`, each with minimum 0: sphere sum x^2 (at 0),
// Rosenbrock sum 100(x_{j+1} - x_j^2)^2 + (1 - x_j)^2 (at 1), Rastrigin 10d + sum x^2 - 10 cos(2 pi x)
// (at 0). Rows are independent, so they are split across the pool; sums are in double.
#include <cmath>

#include "es.h"
#include "parallel.h"

namespace tansaku::es {

namespace {

double sphere(const float* x, int64_t dim) {
  double total = 0.0;
#pragma omp simd reduction(+ : total)
  for (int64_t j = 0; j < dim; ++j) total += static_cast<double>(x[j]) * x[j];
  return total;
}

double rosenbrock(const float* x, int64_t dim) {
  double total = 0.0;
  for (int64_t j = 0; j + 1 < dim; ++j) {
    const double xj = x[j];
    const double valley = static_cast<double>(x[j + 1]) - xj * xj;
    total += 100.0 * valley * valley + (1.0 - xj) * (1.0 - xj);
  }
  return total;
}

double rastrigin(const float* x, int64_t dim) {
  constexpr double kTwoPi = 6.283185307179586;
  double total = 10.0 * static_cast<double>(dim);
  for (int64_t j = 0; j < dim; ++j) {
    const double xj = x[j];
    total += xj * xj - 10.0 * std::cos(kTwoPi * xj);
  }
  return total;
}

}  // namespace

void evaluate(Problem problem, const float* population, int64_t popsize, int64_t dim, double* fitness) {
  parallel_for(popsize, 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const float* x = population + i * dim;
      switch (problem) {
        case Problem::sphere: fitness[i] = sphere(x, dim); break;
        case Problem::rosenbrock: fitness[i] = rosenbrock(x, dim); break;
        case Problem::rastrigin: fitness[i] = rastrigin(x, dim); break;
      }
    }
  });
}

}  // namespace tansaku::es
