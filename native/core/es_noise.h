// Counter-based Gaussian noise for evolution strategies: the normal at (seed, generation, row, index)
// is a pure function of those four numbers, so `tell` regenerates the noise that `ask` used instead
// of storing it next to the population, and any thread (or CUDA thread) can produce any block.
// The same code compiles for the host and for the device, so CPU and GPU draw the same numbers (up
// to float rounding). Uniforms come from a 32-bit integer hash (Wellons' lowbias32) of the pair
// index keyed per row; normals from Box-Muller with branch-free float approximations of log, sin
// and cos (Cephes polynomials), which vectorise where libm calls would not.
#pragma once
#include <cstdint>
#include <cstring>

#if defined(__CUDACC__)
#define TANSAKU_HD __host__ __device__ __forceinline__
#else
#define TANSAKU_HD inline
#endif

namespace tansaku::es {

// The per-row keys of the hash; one row of noise is one candidate (or one antithetic pair).
struct NoiseRow {
  uint32_t k0;
  uint32_t k1;
};

TANSAKU_HD uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

TANSAKU_HD NoiseRow noise_row(uint64_t seed, uint64_t generation, uint64_t row) {
  uint64_t z = mix64(seed + 0x9e3779b97f4a7c15ULL);
  z = mix64(z ^ (generation + 0x632be59bd9b4e019ULL));
  z = mix64(z ^ (row + 0x8cb92ba72f3d8dd7ULL));
  return NoiseRow{static_cast<uint32_t>(z), static_cast<uint32_t>(z >> 32)};
}

TANSAKU_HD uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

TANSAKU_HD float bits_to_float(uint32_t bits) {
#if defined(__CUDA_ARCH__)
  return __uint_as_float(bits);
#else
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
#endif
}

TANSAKU_HD uint32_t float_to_bits(float value) {
#if defined(__CUDA_ARCH__)
  return __float_as_uint(value);
#else
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
#endif
}

// Natural log for x in (0, 1], relative error about 1e-7 (Cephes logf without special cases).
TANSAKU_HD float log_unit(float x) {
  const uint32_t bits = float_to_bits(x);
  float e = static_cast<float>(static_cast<int32_t>(bits >> 23) - 127);
  float m = bits_to_float((bits & 0x007fffffU) | 0x3f800000U);  // in [1, 2)
  const bool high = m > 1.41421356f;
  m = high ? 0.5f * m : m;
  e = high ? e + 1.0f : e;
  const float f = m - 1.0f;
  const float z = f * f;
  float y = 7.0376836292e-2f;
  y = y * f - 1.1514610310e-1f;
  y = y * f + 1.1676998740e-1f;
  y = y * f - 1.2420140846e-1f;
  y = y * f + 1.4249322787e-1f;
  y = y * f - 1.6668057665e-1f;
  y = y * f + 2.0000714765e-1f;
  y = y * f - 2.4999993993e-1f;
  y = y * f + 3.3333331174e-1f;
  y = y * f * z;
  y += -2.12194440e-4f * e;
  y += -0.5f * z;
  return f + y + 0.693359375f * e;
}

// sin and cos of 2*pi*t for t in [0, 1): reduce to the nearest quarter turn, evaluate the Cephes
// polynomials on [-pi/4, pi/4], then rotate by the quadrant.
TANSAKU_HD void sincos_turns(float t, float& s, float& c) {
  const float quarter = static_cast<float>(static_cast<int32_t>(t * 4.0f + 0.5f));  // 0..4
  const float a = (t - 0.25f * quarter) * 6.28318530718f;                           // [-pi/4, pi/4]
  const float z = a * a;
  const float sin_a = a + a * z * (-1.6666654611e-1f + z * (8.3321608736e-3f + z * -1.9515295891e-4f));
  const float cos_a =
      1.0f - 0.5f * z + z * z * (4.166664568298827e-2f + z * (-1.388731625493765e-3f + z * 2.443315711809948e-5f));
  const int32_t q = static_cast<int32_t>(quarter) & 3;
  // Quadrant q rotates (sin, cos) by q quarter turns: 1 -> (cos, -sin), 2 -> (-sin, -cos), 3 -> (-cos, sin).
  const bool swap = (q & 1) != 0;
  const float s0 = swap ? cos_a : sin_a;
  const float c0 = swap ? sin_a : cos_a;
  s = (q == 2 || q == 3) ? -s0 : s0;
  c = (q == 1 || q == 2) ? -c0 : c0;
}

// The two standard normals of pair `pair` in a row: elements 2*pair and 2*pair + 1.
TANSAKU_HD void normal_pair(NoiseRow row, uint32_t pair, float& z0, float& z1) {
  const uint32_t h1 = mix32(mix32(pair ^ row.k0) + row.k1);
  const uint32_t h2 = mix32(h1 ^ 0x9e3779b9U);
  const float u1 = static_cast<float>(static_cast<int32_t>(h1 >> 8) + 1) * 5.9604644775390625e-8f;  // (0, 1]
  const float u2 = static_cast<float>(static_cast<int32_t>(h2 >> 8)) * 5.9604644775390625e-8f;      // [0, 1)
  float radius_sq = -2.0f * log_unit(u1);
  radius_sq = radius_sq > 0.0f ? radius_sq : 0.0f;
#if defined(__CUDA_ARCH__)
  const float radius = sqrtf(radius_sq);
#else
  const float radius = __builtin_sqrtf(radius_sq);
#endif
  float s, c;
  sincos_turns(u2, s, c);
  z0 = radius * c;
  z1 = radius * s;
}

#if !defined(__CUDACC__)
// CPU loops that generate noise get an AVX2 clone next to the baseline one (GCC on x86-64 Linux,
// chosen at load time), as the portable build targets SSE2 only. FMA stays off in the clone, so
// both clones round the same way.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && !defined(TANSAKU_ES_NO_CLONES)
#define TANSAKU_ES_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TANSAKU_ES_CLONES
#endif

// Elements per block of noise that the CPU loops generate at once (fits in L1 with its scratch).
constexpr int64_t kNoiseBlock = 2048;

// Fills out[0, end - begin) with the row's normals for elements [begin, end); begin must be even and
// end - begin at most kNoiseBlock. Normals go to a pair-major scratch first so the generating loop
// vectorises, then are interleaved into element order. Always inlined: a call from an AVX2 clone
// would otherwise run this baseline (SSE2) copy.
inline __attribute__((always_inline)) void fill_normals(NoiseRow row, int64_t begin, int64_t end, float* __restrict out) {
  const int32_t count = static_cast<int32_t>(end - begin);
  const int32_t pairs = (count + 1) / 2;
  const uint32_t first = static_cast<uint32_t>(begin / 2);
  float z0[kNoiseBlock / 2];
  float z1[kNoiseBlock / 2];
#pragma omp simd
  for (int32_t p = 0; p < pairs; ++p) normal_pair(row, first + static_cast<uint32_t>(p), z0[p], z1[p]);
  const int32_t full = count / 2;
  for (int32_t p = 0; p < full; ++p) {
    out[2 * p] = z0[p];
    out[2 * p + 1] = z1[p];
  }
  if (count & 1) {
    float last, unused;  // regenerated rather than read from z0, which the compiler cannot prove written
    normal_pair(row, first + static_cast<uint32_t>(full), last, unused);
    out[count - 1] = last;
  }
}
#endif

}  // namespace tansaku::es
