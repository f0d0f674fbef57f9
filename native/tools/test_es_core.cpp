// Self-test of the ES core on the CPU: the counter-based normals have the moments and tails of
// N(0, 1), antithetic rows mirror each other, the fused sphere equals sample + evaluate, and
// noise_moments equals the sums written out from the stored noise; the fused ask equals sample +
// evaluate for every problem, and the CMA-ES eigensolver reconstructs its matrix.
#include <cmath>
#include <cstdio>
#include <vector>

#include "es.h"
#include "es_linalg.h"
#include "es_noise.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what, double value) {
  std::printf("%s %s (%.6g)\n", ok ? "ok  " : "FAIL", what, value);
  if (!ok) ++failures;
}

}  // namespace

int main() {
  using namespace tansaku::es;
  const NoiseKey key{12345, 7};

  // Moments of 4M normals.
  const int64_t rows = 64, dim = 65537;
  std::vector<float> z(rows * dim);
  noise(key, rows, dim, z.data());
  double s1 = 0, s2 = 0, s4 = 0, beyond2 = 0, beyond3 = 0;
  for (float v : z) {
    s1 += v;
    s2 += double(v) * v;
    s4 += double(v) * v * v * v;
    beyond2 += std::fabs(v) > 2;
    beyond3 += std::fabs(v) > 3;
  }
  const double n = double(z.size());
  expect(std::fabs(s1 / n) < 3e-3, "mean near 0", s1 / n);
  expect(std::fabs(s2 / n - 1) < 3e-3, "variance near 1", s2 / n);
  expect(std::fabs(s4 / n - 3) < 3e-2, "fourth moment near 3", s4 / n);
  expect(std::fabs(beyond2 / n - 0.0455) < 1e-3, "P(|z| > 2) near 0.0455", beyond2 / n);
  expect(std::fabs(beyond3 / n - 0.0027) < 3e-4, "P(|z| > 3) near 0.0027", beyond3 / n);

  // Neighbouring rows and generations are uncorrelated.
  double cross = 0;
  for (int64_t j = 0; j < dim; ++j) cross += double(z[j]) * z[dim + j];
  expect(std::fabs(cross / dim) < 0.02, "rows uncorrelated", cross / dim);

  // Antithetic sampling with a per-dimension sigma.
  const int64_t popsize = 6, d = 5001;
  std::vector<float> mean(d), sigma(d), population(popsize * d);
  for (int64_t j = 0; j < d; ++j) {
    mean[j] = float(j % 7) - 3.0f;
    sigma[j] = 0.1f + 0.001f * float(j % 13);
  }
  const Layout layout{popsize, d, true};
  sample(key, layout, Search{mean.data(), sigma.data(), true}, population.data());
  std::vector<float> rowsz(3 * d);
  noise(key, 3, d, rowsz.data());
  double symmetry = 0, formula = 0;
  for (int64_t i = 0; i < 3; ++i) {
    for (int64_t j = 0; j < d; ++j) {
      const float plus = population[i * d + j], minus = population[(i + 3) * d + j];
      symmetry = std::fmax(symmetry, std::fabs(plus + minus - 2 * mean[j]));
      formula = std::fmax(formula, std::fabs(plus - (mean[j] + sigma[j] * rowsz[i * d + j])));
    }
  }
  expect(symmetry < 1e-5, "antithetic rows mirror the mean", symmetry);
  expect(formula < 1e-5, "population = mean + sigma z", formula);

  // Fused sphere = evaluate(sample).
  std::vector<double> fused(popsize), stored(popsize);
  sample_sphere(key, layout, Search{mean.data(), sigma.data(), true}, fused.data());
  evaluate(Problem::sphere, population.data(), popsize, d, stored.data());
  double fused_error = 0;
  for (int64_t i = 0; i < popsize; ++i) fused_error = std::fmax(fused_error, std::fabs(fused[i] / stored[i] - 1));
  expect(fused_error < 1e-5, "fused sphere equals sample + evaluate", fused_error);

  // noise_moments against sums over the stored noise (one row with zero weights is skipped).
  const float a[3] = {0.5f, 0.0f, -1.25f}, b[3] = {2.0f, 0.0f, 0.25f};
  std::vector<float> first(d), second(d);
  noise_moments(key, 3, d, a, b, first.data(), second.data());
  double moment_error = 0;
  for (int64_t j = 0; j < d; ++j) {
    double e1 = 0, e2 = 0;
    for (int r = 0; r < 3; ++r) {
      e1 += a[r] * rowsz[r * d + j];
      e2 += b[r] * rowsz[r * d + j] * rowsz[r * d + j];
    }
    moment_error = std::fmax(moment_error, std::fabs(first[j] - e1) + std::fabs(second[j] - e2));
  }
  expect(moment_error < 1e-4, "noise_moments equals the explicit sums", moment_error);

  // The fused ask of every problem against sample + evaluate (odd dim over several noise blocks, so
  // Rosenbrock's carry from block to block is exercised).
  {
    const int64_t popsize = 6, fused_dim = 4101;
    std::vector<float> mean(fused_dim), sigma(fused_dim), population(popsize * fused_dim);
    for (int64_t j = 0; j < fused_dim; ++j) {
      mean[j] = 1.5f * std::sin(0.01f * float(j));
      sigma[j] = 0.05f + 0.001f * float(j % 100);
    }
    for (const bool antithetic : {true, false}) {
      const Layout layout{popsize, fused_dim, antithetic};
      const Search search{mean.data(), sigma.data(), true};
      sample(key, layout, search, population.data());
      for (const Problem problem : {Problem::sphere, Problem::rosenbrock, Problem::rastrigin}) {
        std::vector<double> stored(popsize), fused(popsize);
        evaluate(problem, population.data(), popsize, fused_dim, stored.data());
        sample_evaluate(problem, key, layout, search, fused.data());
        double relative = 0;
        for (int64_t i = 0; i < popsize; ++i) relative = std::fmax(relative, std::fabs(fused[i] / stored[i] - 1));
        expect(relative < (problem == Problem::sphere ? 1e-5 : 1e-12), "fused sample_evaluate equals sample + evaluate", relative);
      }
    }
  }

  // symmetric_eigen: A = V diag(values) V^T with orthonormal V, values ascending.
  {
    const int64_t n = 57;
    std::vector<double> a(n * n), values(n), vectors(n * n);
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t j = 0; j <= i; ++j) a[i * n + j] = a[j * n + i] = std::sin(double(3 * i + 7 * j + 1));
    }
    symmetric_eigen(a.data(), n, values.data(), vectors.data());
    double rebuild = 0, orthogonality = 0, order = 0;
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0, dot = 0;
        for (int64_t k = 0; k < n; ++k) {
          sum += vectors[i * n + k] * values[k] * vectors[j * n + k];
          dot += vectors[k * n + i] * vectors[k * n + j];
        }
        rebuild = std::fmax(rebuild, std::fabs(sum - a[i * n + j]));
        orthogonality = std::fmax(orthogonality, std::fabs(dot - (i == j ? 1.0 : 0.0)));
      }
      if (i > 0) order = std::fmax(order, values[i - 1] - values[i]);
    }
    expect(rebuild < 1e-10, "symmetric_eigen reconstructs the matrix", rebuild);
    expect(orthogonality < 1e-10, "symmetric_eigen vectors are orthonormal", orthogonality);
    expect(order <= 0, "symmetric_eigen values ascend", order);
  }

  return failures == 0 ? 0 : 1;
}
