// M2N2 merging over flat float32 parameter vectors (spec m2n2_qd.md §3). A merge takes a split point
// s and a mixing ratio w: element i gets t = w when i < s and t = 1 - w otherwise, then
// child = (1 - t) A + t B (linear) or the SLERP of A and B at t. Both reduce to one streaming pass
// child_i = ca_seg A_i + cb_seg B_i with two coefficient pairs, which is what the kernels do.
#pragma once
#include <cstdint>

namespace tansaku::merge {

enum class Interp : int32_t { Linear = 0, Slerp = 1 };
// Global: one angle over the whole vectors (the released code). PerSegment: each side of the
// split has its own angle (the paper's formula taken literally).
enum class Omega : int32_t { Global = 0, PerSegment = 1 };

// The coefficients of A and B on each side of the split: child_i = ca[k] A_i + cb[k] B_i, k = (i >= s).
struct Coefficients {
  float ca[2];
  float cb[2];
};

// Dot product and squared norms of a and b over [begin, end), accumulated in double.
struct Moments {
  double dot = 0;
  double aa = 0;
  double bb = 0;
};
Moments moments(const float* a, const float* b, int64_t begin, int64_t end);

// The coefficients of one merge of a and b (dim elements) with split s in [0, dim) and ratio w.
Coefficients coefficients(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp,
                          Omega omega);

// child = the merge of a and b; parallel over the vector (for one large merge).
void merge_one(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp, Omega omega,
               float* child);

// count merges at once: child r = merge(parents[pair_a[r]], parents[pair_b[r]], split[r], w[r]);
// parents is (num_parents x dim), children (count x dim). Parallel over pairs.
void merge_batch(const float* parents, int64_t dim, const int32_t* pair_a, const int32_t* pair_b,
                 const int32_t* split, const float* w, int64_t count, Interp interp, Omega omega, float* children);

// child += sigma * N(0, 1), the noise drawn from a xoshiro256** stream seeded with seed.
void mutate(float* child, int64_t dim, float sigma, uint64_t seed);

}  // namespace tansaku::merge
