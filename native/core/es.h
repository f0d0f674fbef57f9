// Evolution strategies over plain buffers: sampling populations from counter-based noise, the
// noise-weighted sums that every diagonal ES update needs, and the benchmark problems. The same API
// has a CUDA implementation (es_gpu.h). All arrays are row-major float32; fitness is float64.
#pragma once
#include <cstdint>

namespace tansaku::es {

// Noise is a pure function of (seed, generation, noise row, element): see es_noise.h.
struct NoiseKey {
  uint64_t seed = 0;
  uint64_t generation = 0;
};

// popsize candidates of dim elements. With antithetic sampling, candidate i < popsize/2 is
// mean + sigma*z_i and candidate i + popsize/2 is mean - sigma*z_i (plus half first); otherwise each
// candidate has its own noise row.
struct Layout {
  int64_t popsize = 0;
  int64_t dim = 0;
  bool antithetic = false;
  int64_t noise_rows() const { return antithetic ? popsize / 2 : popsize; }
};

// sigma has dim elements when sigma_per_dim, else one.
struct Search {
  const float* mean = nullptr;
  const float* sigma = nullptr;
  bool sigma_per_dim = false;
};

// population (popsize x dim) = mean + sigma * (+/-) z.
void sample(NoiseKey key, Layout layout, Search search, float* population);

// The sphere fitness sum_j x_ij^2 of every candidate, computed while sampling, without storing
// the population (the fused generation of the benchmark).
void sample_sphere(NoiseKey key, Layout layout, Search search, double* fitness);

enum class Problem { sphere, rosenbrock, rastrigin };

// The fitness of every candidate under `problem`, computed while sampling, without storing the
// population: the same values as sample + evaluate up to float summation order.
void sample_evaluate(Problem problem, NoiseKey key, Layout layout, Search search, double* fitness);

// The raw noise rows z (rows x dim), for strategies that transform it themselves (CMA-ES, xNES).
void noise(NoiseKey key, int64_t rows, int64_t dim, float* out);

// first[j] = sum_r a[r] * z_r[j]; when b and second are given, second[j] = sum_r b[r] * z_r[j]^2.
// Rows whose weights are all zero are skipped, so sparse weights (elites) cost less.
void noise_moments(NoiseKey key, int64_t rows, int64_t dim, const float* a, const float* b, float* first,
                   float* second);

// fitness[i] of each of the popsize rows of population (minimisation; all have minimum 0).
void evaluate(Problem problem, const float* population, int64_t popsize, int64_t dim, double* fitness);

}  // namespace tansaku::es
