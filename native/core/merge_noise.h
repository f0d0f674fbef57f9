// Counter-based Gaussian noise for mutation, and the merge and mutation of one child in one pass.
// Element e of the stream for a seed depends only on (seed, e), so any block can be produced on
// any thread (or regenerated instead of stored). Box-Muller turns two 24-bit uniforms, hashed from
// (seed, pair), into a cosine and a sine normal; the pair of element e is
// (e / 32) * 16 + e % 16 and the cosine goes to the first 16 elements of each block of 32, the
// sine to the last 16, which is what lets 16 AVX-512 lanes make 32 normals without shuffles.
// Log and sin/cos are float polynomials (Cephes' logf, sinf, cosf ranges), about 1e-7 relative.
#pragma once
#include <cstdint>

#include "merge.h"

namespace tansaku::merge {

// out[k] = the normal at element first + k of the stream for seed (first + count <= 2^31, so the
// 32-bit hash counters 2 pair and 2 pair + 1 never wrap).
void normals(uint64_t seed, int64_t first, int64_t count, float* out);

// child = merge(a, b, split, w) + sigma * normals(seed, 0 .. dim): the child is written once.
void merge_mutate(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp, Omega omega,
                  float sigma, uint64_t seed, float* child);

// Whether normals() runs its AVX-512 path on this CPU (it gives the same values up to rounding either way).
bool normals_vectorised();

}  // namespace tansaku::merge
