// M2N2's resource competition (spec m2n2_qd.md §4-§6) over a (rows x samples) score matrix in
// [0, 1], in native code because the steady-state loop computes it three times per child: each
// datapoint j is worth capacity c_j, shared among the rows that solve it, F_kj = c_j s_kj / d_j with
// d_j = (sum_k s_kj)^alpha and a zero d_j replaced by 1. Sums are in double, in a fixed order, so a
// run is reproducible; rows with identical scores get identical fitness.
#pragma once
#include <cstdint>

namespace tansaku::merge {

// f[k] = sum_j F_kj over the first `rows` rows (the sharing also over those rows). capacity may be null (all 1).
void shared_fitness(const float* scores, int64_t rows, int64_t samples, double alpha, const double* capacity,
                    double* f);

// g[k] = sum_j max(0, F_kj - F_aj): the shared resources row k holds where row a does not.
void attraction(const float* scores, int64_t rows, int64_t samples, double alpha, const double* capacity, int64_t a,
                double* g);

}  // namespace tansaku::merge
