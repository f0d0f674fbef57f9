// CPU kernels of merge_noise.h: a scalar definition of the stream and an AVX-512 one of the same
// arithmetic, sixteen pairs at a time.
#include "merge_noise.h"

// GCC 12's AVX-512 headers seed some intrinsics with _mm512_undefined_*(), which -Wall reports as
// (maybe-)uninitialized; those values are never read.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "es_noise.h"
#include "merge_coefficients.h"
#include "parallel.h"
#include "rng.h"

namespace tansaku::merge {

namespace {

#define TANSAKU_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2")))

constexpr int64_t kBlock = 32;  // elements per block: 16 pairs
constexpr float kTwoPow24 = 1.0f / 16777216.0f;
constexpr float kHalfPi = 1.57079632679489661923f;

struct Keys {
  uint32_t k0, k1;
};

Keys keys(uint64_t seed) {
  uint64_t state = seed;
  const uint64_t mixed = splitmix64(state);
  return Keys{static_cast<uint32_t>(mixed), static_cast<uint32_t>(mixed >> 32)};
}

// Two rounds of a 32-bit avalanche mix (xor-shift-multiply), each keyed with half of the seed.
inline uint32_t hash(uint32_t x, const Keys& k) {
  x ^= k.k0;
  x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
  x ^= k.k1;
  x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
  return x;
}

// cos and sin of 2 pi v for v in [0, 1): quadrant n = round(4v), phi = (4v - n) pi / 2 in [-pi/4, pi/4].
inline void cos_sin_turn(float v, float* c, float* s) {
  const float y = 4.0f * v;
  const float n = std::nearbyint(y);
  const float phi = (y - n) * kHalfPi, phi2 = phi * phi;
  const float sp = phi + phi * phi2 * (-1.6666654611e-1f + phi2 * (8.3321608736e-3f + phi2 * -1.9515295891e-4f));
  const float cp = 1.0f - 0.5f * phi2 + phi2 * phi2 * (4.166664568298827e-2f + phi2 * (-1.388731625493765e-3f + phi2 * 2.443315711809948e-5f));
  const int q = static_cast<int>(n) & 3;
  const float cq = (q & 1) ? sp : cp, sq = (q & 1) ? cp : sp;
  *c = (q == 1 || q == 2) ? -cq : cq;
  *s = (q & 2) ? -sq : sq;
}

// The normal at element e (its pair's cosine or sine).
float normal_at(const Keys& k, uint64_t e) {
  const uint32_t pair = static_cast<uint32_t>((e / kBlock) * 16 + e % 16);
  const float u1 = static_cast<float>((hash(2 * pair, k) >> 8) + 1) * kTwoPow24;
  const float u2 = static_cast<float>(hash(2 * pair + 1, k) >> 8) * kTwoPow24;
  const float r = std::sqrt(-2.0f * es::log_unit(u1));  // the ES stream's Cephes logf
  float c, s;
  cos_sin_turn(u2, &c, &s);
  return (e % kBlock) < 16 ? r * c : r * s;
}

TANSAKU_AVX512 inline __m512i hash16(__m512i x, const Keys& k) {
  const __m512i m1 = _mm512_set1_epi32(0x7feb352d), m2 = _mm512_set1_epi32(static_cast<int>(0x846ca68bU));
  for (const uint32_t key : {k.k0, k.k1}) {
    x = _mm512_xor_si512(x, _mm512_set1_epi32(static_cast<int>(key)));
    x = _mm512_xor_si512(x, _mm512_srli_epi32(x, 16));
    x = _mm512_mullo_epi32(x, m1);
    x = _mm512_xor_si512(x, _mm512_srli_epi32(x, 15));
    x = _mm512_mullo_epi32(x, m2);
    x = _mm512_xor_si512(x, _mm512_srli_epi32(x, 16));
  }
  return x;
}

// 32 normals of block `block` (elements block * 32 ..), the same arithmetic as normal_at.
TANSAKU_AVX512 void block16(const Keys& k, uint64_t block, __m512* cos_half, __m512* sin_half) {
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i pair = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(block * 16)), lane);
  const __m512i twice = _mm512_add_epi32(pair, pair);
  const __m512i h1 = hash16(twice, k), h2 = hash16(_mm512_add_epi32(twice, _mm512_set1_epi32(1)), k);
  const __m512 scale = _mm512_set1_ps(kTwoPow24);
  const __m512 u1 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_add_epi32(_mm512_srli_epi32(h1, 8), _mm512_set1_epi32(1))), scale);
  const __m512 u2 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_srli_epi32(h2, 8)), scale);
  // log
  const __m512i bits = _mm512_castps_si512(u1);
  __m512i e = _mm512_sub_epi32(_mm512_srli_epi32(bits, 23), _mm512_set1_epi32(127));
  __m512 m = _mm512_castsi512_ps(_mm512_or_si512(_mm512_and_si512(bits, _mm512_set1_epi32(0x7fffff)), _mm512_set1_epi32(0x3f800000)));
  const __mmask16 big = _mm512_cmp_ps_mask(m, _mm512_set1_ps(1.41421356f), _CMP_GT_OQ);
  m = _mm512_mask_mul_ps(m, big, m, _mm512_set1_ps(0.5f));
  e = _mm512_mask_add_epi32(e, big, e, _mm512_set1_epi32(1));
  const __m512 f = _mm512_sub_ps(m, _mm512_set1_ps(1.0f)), z = _mm512_mul_ps(f, f), fe = _mm512_cvtepi32_ps(e);
  const float coef[] = {-1.1514610310e-1f, 1.1676998740e-1f, -1.2420140846e-1f, 1.4249322787e-1f,
                        -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f, 3.3333331174e-1f};
  __m512 p = _mm512_set1_ps(7.0376836292e-2f);
  for (const float c : coef) p = _mm512_add_ps(_mm512_mul_ps(p, f), _mm512_set1_ps(c));
  __m512 y = _mm512_mul_ps(_mm512_mul_ps(p, f), z);
  y = _mm512_add_ps(y, _mm512_mul_ps(_mm512_set1_ps(-2.12194440e-4f), fe));
  y = _mm512_add_ps(y, _mm512_mul_ps(_mm512_set1_ps(-0.5f), z));
  const __m512 ln = _mm512_add_ps(_mm512_add_ps(f, y), _mm512_mul_ps(_mm512_set1_ps(0.693359375f), fe));
  const __m512 r = _mm512_sqrt_ps(_mm512_mul_ps(_mm512_set1_ps(-2.0f), ln));
  // cos, sin of 2 pi u2
  const __m512 y4 = _mm512_mul_ps(_mm512_set1_ps(4.0f), u2);
  const __m512 n = _mm512_roundscale_ps(y4, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  const __m512 phi = _mm512_mul_ps(_mm512_sub_ps(y4, n), _mm512_set1_ps(kHalfPi)), phi2 = _mm512_mul_ps(phi, phi);
  __m512 sp = _mm512_add_ps(_mm512_set1_ps(8.3321608736e-3f), _mm512_mul_ps(phi2, _mm512_set1_ps(-1.9515295891e-4f)));
  sp = _mm512_add_ps(_mm512_set1_ps(-1.6666654611e-1f), _mm512_mul_ps(phi2, sp));
  sp = _mm512_add_ps(phi, _mm512_mul_ps(_mm512_mul_ps(phi, phi2), sp));
  __m512 cp = _mm512_add_ps(_mm512_set1_ps(-1.388731625493765e-3f), _mm512_mul_ps(phi2, _mm512_set1_ps(2.443315711809948e-5f)));
  cp = _mm512_add_ps(_mm512_set1_ps(4.166664568298827e-2f), _mm512_mul_ps(phi2, cp));
  cp = _mm512_add_ps(_mm512_sub_ps(_mm512_set1_ps(1.0f), _mm512_mul_ps(_mm512_set1_ps(0.5f), phi2)), _mm512_mul_ps(_mm512_mul_ps(phi2, phi2), cp));
  const __m512i q = _mm512_and_si512(_mm512_cvtps_epi32(n), _mm512_set1_epi32(3));
  const __mmask16 odd = _mm512_test_epi32_mask(q, _mm512_set1_epi32(1));
  const __mmask16 high = _mm512_test_epi32_mask(q, _mm512_set1_epi32(2));
  const __mmask16 cos_negative = odd ^ high;  // q == 1 or q == 2
  const __m512 cq = _mm512_mask_blend_ps(odd, cp, sp), sq = _mm512_mask_blend_ps(odd, sp, cp);
  const __m512 sign = _mm512_set1_ps(-0.0f);
  *cos_half = _mm512_mul_ps(r, _mm512_mask_xor_ps(cq, cos_negative, cq, sign));
  *sin_half = _mm512_mul_ps(r, _mm512_mask_xor_ps(sq, high, sq, sign));
}

TANSAKU_AVX512 void normals_avx512(const Keys& k, int64_t first, int64_t count, float* out) {
  int64_t e = first;
  const int64_t end = first + count;
  for (; e < end && e % kBlock != 0; ++e) out[e - first] = normal_at(k, static_cast<uint64_t>(e));
  for (; e + kBlock <= end; e += kBlock) {
    __m512 c, s;
    block16(k, static_cast<uint64_t>(e / kBlock), &c, &s);
    _mm512_storeu_ps(out + (e - first), c);
    _mm512_storeu_ps(out + (e - first) + 16, s);
  }
  for (; e < end; ++e) out[e - first] = normal_at(k, static_cast<uint64_t>(e));
}

TANSAKU_AVX512 void merge_mutate_avx512(const float* a, const float* b, int64_t begin, int64_t end, int64_t split,
                                        const Coefficients& co, float sigma, const Keys& k, float* child) {
  // Blocks of 32 aligned to the stream's blocks; the ragged ends go element by element.
  const auto scalar = [&](int64_t i) {
    const int side = i >= split;
    child[i] = co.ca[side] * a[i] + co.cb[side] * b[i] + sigma * normal_at(k, static_cast<uint64_t>(i));
  };
  int64_t i = begin;
  for (; i < end && i % kBlock != 0; ++i) scalar(i);
  const __m512 s = _mm512_set1_ps(sigma);
  for (; i + kBlock <= end; i += kBlock) {
    __m512 noise[2];
    block16(k, static_cast<uint64_t>(i / kBlock), &noise[0], &noise[1]);
    for (int h = 0; h < 2; ++h) {
      const int64_t at = i + 16 * h;
      // Lanes at or past the split take the tail coefficients.
      const int64_t before = std::clamp<int64_t>(split - at, 0, 16);
      const __mmask16 tail = static_cast<__mmask16>(0xffffu << before);
      const __m512 ca = _mm512_mask_blend_ps(tail, _mm512_set1_ps(co.ca[0]), _mm512_set1_ps(co.ca[1]));
      const __m512 cb = _mm512_mask_blend_ps(tail, _mm512_set1_ps(co.cb[0]), _mm512_set1_ps(co.cb[1]));
      const __m512 merged = _mm512_add_ps(_mm512_mul_ps(ca, _mm512_loadu_ps(a + at)), _mm512_mul_ps(cb, _mm512_loadu_ps(b + at)));
      _mm512_storeu_ps(child + at, _mm512_add_ps(merged, _mm512_mul_ps(s, noise[h])));
    }
  }
  for (; i < end; ++i) scalar(i);
}

}  // namespace

bool normals_vectorised() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                          __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
  return has;
}

void normals(uint64_t seed, int64_t first, int64_t count, float* out) {
  const Keys k = keys(seed);
  if (normals_vectorised()) {
    normals_avx512(k, first, count, out);
    return;
  }
  for (int64_t i = 0; i < count; ++i) out[i] = normal_at(k, static_cast<uint64_t>(first + i));
}

void merge_mutate(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp, Omega omega,
                  float sigma, uint64_t seed, float* child) {
  const Coefficients co = coefficients(a, b, dim, split, w, interp, omega);
  const Keys k = keys(seed);
  if (normals_vectorised()) {
    merge_mutate_avx512(a, b, 0, dim, split, co, sigma, k, child);
    return;
  }
  for (int64_t i = 0; i < dim; ++i) {
    const int side = i >= split;
    const float noise = sigma == 0.0f ? 0.0f : sigma * normal_at(k, static_cast<uint64_t>(i));
    child[i] = co.ca[side] * a[i] + co.cb[side] * b[i] + noise;
  }
}

}  // namespace tansaku::merge
