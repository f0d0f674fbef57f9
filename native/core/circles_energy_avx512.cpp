// AVX-512 float32 energy: one packing per lane, 16 packings per block. A block's inputs are
// transposed from memory order ([packing][column]) into [column][lane] scratch with in-register
// 16x16 transposes, the pairs run over full vectors with i's sums held in registers and j's in the
// L1 scratch, and the gradients are transposed back the same way. 1/d comes from rsqrt14 and one
// Newton step (relative error near 1e-7, like sqrt and a division, at a fraction of their cost);
// coincident centres (d = 0) are masked to a zero direction. Only functions marked TANSAKU_AVX512
// use the wide instructions, so this file builds without -mavx512f and is entered only after
// supported() says yes.
#include "circles_energy_avx512.h"

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

// GCC 12's intrinsics headers seed some shuffles with _mm512_undefined_ps(), which -Wall reports as
// maybe-uninitialised once they are inlined here; the value is never read.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace tansaku::circles::avx512 {

namespace {

#define TANSAKU_AVX512 __attribute__((target("avx512f")))
#define TANSAKU_AVX512_INLINE __attribute__((target("avx512f"), always_inline)) inline

constexpr int32_t L = kLanes;
constexpr int32_t kMaxColumns = 2 * kMaxCircles;
constexpr int64_t kLookahead = 4;

// Per-thread scratch of one block, [column][lane]; 16-column chunks are padded to whole vectors.
struct alignas(64) Block {
  float xy[kMaxColumns * L];  // column 2i holds x_i, column 2i + 1 holds y_i
  float r[kMaxCircles * L];
  float gxy[kMaxColumns * L];     // pair sums, then the finished centre gradient
  float gr[kMaxCircles * L];      // pair sums, then the finished radius gradient
  float staging[kMaxColumns * L];  // outputs in memory order, before a streaming copy
};

int32_t padded(int32_t columns) { return (columns + 15) / 16 * 16; }

__mmask16 first_lanes(int32_t count) {
  return count >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << count) - 1u);
}

// v[row] -> v[column] for a 16x16 float tile: pairs of floats, then pairs of pairs within each
// 128-bit lane, then the 128-bit lanes across four groups of four rows.
TANSAKU_AVX512_INLINE void transpose16(__m512 v[16]) {
  __m512 t[16];
  for (int k = 0; k < 8; ++k) {
    t[2 * k] = _mm512_unpacklo_ps(v[2 * k], v[2 * k + 1]);
    t[2 * k + 1] = _mm512_unpackhi_ps(v[2 * k], v[2 * k + 1]);
  }
  for (int k = 0; k < 4; ++k) {
    const __m512d a = _mm512_castps_pd(t[4 * k]), b = _mm512_castps_pd(t[4 * k + 1]);
    const __m512d c = _mm512_castps_pd(t[4 * k + 2]), d = _mm512_castps_pd(t[4 * k + 3]);
    v[4 * k] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
    v[4 * k + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
    v[4 * k + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
    v[4 * k + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
  }
  // Now v[4k + m], 128-bit lane q, holds rows 4k..4k+3 of column 4q + m.
  __m512 out[16];
  for (int m = 0; m < 4; ++m) {
    const __m512 u0 = _mm512_shuffle_f32x4(v[m], v[4 + m], 0x44);
    const __m512 u1 = _mm512_shuffle_f32x4(v[m], v[4 + m], 0xEE);
    const __m512 u2 = _mm512_shuffle_f32x4(v[8 + m], v[12 + m], 0x44);
    const __m512 u3 = _mm512_shuffle_f32x4(v[8 + m], v[12 + m], 0xEE);
    out[m] = _mm512_shuffle_f32x4(u0, u2, 0x88);
    out[4 + m] = _mm512_shuffle_f32x4(u0, u2, 0xDD);
    out[8 + m] = _mm512_shuffle_f32x4(u1, u3, 0x88);
    out[12 + m] = _mm512_shuffle_f32x4(u1, u3, 0xDD);
  }
  for (int k = 0; k < 16; ++k) v[k] = out[k];
}

// 16 rows of row_length floats (consecutive in memory) -> [column][lane] scratch.
TANSAKU_AVX512_INLINE void load_transposed(const float* rows, int32_t row_length, float* out) {
  for (int32_t first = 0; first < row_length; first += 16) {
    const __mmask16 mask = first_lanes(row_length - first);
    __m512 v[16];
    for (int l = 0; l < 16; ++l) v[l] = _mm512_maskz_loadu_ps(mask, rows + l * row_length + first);
    transpose16(v);
    for (int c = 0; c < 16; ++c) _mm512_store_ps(out + (first + c) * L, v[c]);
  }
}

// [column][lane] scratch -> 16 consecutive rows of row_length floats.
TANSAKU_AVX512_INLINE void store_transposed(const float* in, int32_t row_length, float* rows) {
  for (int32_t first = 0; first < row_length; first += 16) {
    const __mmask16 mask = first_lanes(row_length - first);
    __m512 v[16];
    for (int c = 0; c < 16; ++c) v[c] = _mm512_load_ps(in + (first + c) * L);
    transpose16(v);
    for (int l = 0; l < 16; ++l) _mm512_mask_storeu_ps(rows + l * row_length + first, mask, v[l]);
  }
}

// Copies count floats with non-temporal stores for the 64-byte-aligned middle: the outputs of a
// batch far larger than the caches would otherwise be read in (write-allocate) only to be evicted.
TANSAKU_AVX512_INLINE void stream_copy(float* dst, const float* src, int64_t count) {
  int64_t k = 0;
  const uintptr_t misaligned = reinterpret_cast<uintptr_t>(dst) & 63u;
  if (misaligned % sizeof(float) != 0) {
    for (; k < count; k += 16) {
      const __mmask16 mask = first_lanes(static_cast<int32_t>(count - k < 16 ? count - k : 16));
      _mm512_mask_storeu_ps(dst + k, mask, _mm512_maskz_loadu_ps(mask, src + k));
    }
    return;
  }
  if (misaligned != 0) {
    const int64_t head = (64 - static_cast<int64_t>(misaligned)) / 4;
    const __mmask16 mask = first_lanes(static_cast<int32_t>(head < count ? head : count));
    _mm512_mask_storeu_ps(dst, mask, _mm512_maskz_loadu_ps(mask, src));
    k = head;
  }
  for (; k + 16 <= count; k += 16) _mm512_stream_ps(dst + k, _mm512_loadu_ps(src + k));
  if (k < count) {
    const __mmask16 mask = first_lanes(static_cast<int32_t>(count - k));
    _mm512_mask_storeu_ps(dst + k, mask, _mm512_maskz_loadu_ps(mask, src + k));
  }
}

// One pair over all lanes, unweighted: adds overlap^2 to penalty, and returns overlap and the
// push p = overlap / d * (c_i - c_j) on i (j gets -p; the gradient is -2w times the push).
struct PairPush {
  __m512 overlap, px, py;
};

TANSAKU_AVX512_INLINE PairPush pair_push(__m512 xi, __m512 yi, __m512 ri, __m512 xj, __m512 yj, __m512 rj,
                                        __m512& penalty) {
  const __m512 zero = _mm512_setzero_ps();
  const __m512 dx = _mm512_sub_ps(xi, xj);
  const __m512 dy = _mm512_sub_ps(yi, yj);
  const __m512 reach = _mm512_add_ps(ri, rj);
  const __m512 d2 = _mm512_fmadd_ps(dy, dy, _mm512_mul_ps(dx, dx));
  // 1/sqrt(d2), 0 where d2 = 0; one Newton step: y' = y (1.5 - 0.5 d2 y^2), and d = d2 y'.
  const __m512 y0 = _mm512_maskz_rsqrt14_ps(_mm512_cmp_ps_mask(d2, zero, _CMP_GT_OQ), d2);
  const __m512 t = _mm512_mul_ps(d2, y0);
  const __m512 step = _mm512_fnmadd_ps(_mm512_mul_ps(t, y0), _mm512_set1_ps(0.5f), _mm512_set1_ps(1.5f));
  const __m512 inv_d = _mm512_mul_ps(y0, step);
  const __m512 overlap = _mm512_max_ps(zero, _mm512_fnmadd_ps(t, step, reach));
  penalty = _mm512_fmadd_ps(overlap, overlap, penalty);
  // One product per coordinate, added to i and taken from j, rather than two multiply-adds.
  const __m512 along = _mm512_mul_ps(overlap, inv_d);
  return {overlap, _mm512_mul_ps(along, dx), _mm512_mul_ps(along, dy)};
}

// Sums over pairs i < j: returns each lane's sum of overlap^2 and accumulates gr += overlap and
// g{x,y} += push. Rows go two at a time (i, k = i + 1), sharing each j's loads and its
// read-modify-write of the sums: half the memory traffic and half the short, unpredictable loops.
TANSAKU_AVX512_INLINE __m512 pair_sums(Block& s, int32_t n) {
  const __m512 zero = _mm512_setzero_ps();
  __m512 penalty = zero;
  for (int32_t i = 0; i + 1 < n; i += 2) {
    const int32_t k = i + 1;
    const __m512 xi = _mm512_load_ps(s.xy + 2 * i * L), yi = _mm512_load_ps(s.xy + (2 * i + 1) * L);
    const __m512 ri = _mm512_load_ps(s.r + i * L);
    const __m512 xk = _mm512_load_ps(s.xy + 2 * k * L), yk = _mm512_load_ps(s.xy + (2 * k + 1) * L);
    const __m512 rk = _mm512_load_ps(s.r + k * L);
    const PairPush ik = pair_push(xi, yi, ri, xk, yk, rk, penalty);
    __m512 gxi = ik.px, gyi = ik.py, gri = ik.overlap;
    __m512 gxk = _mm512_sub_ps(zero, ik.px), gyk = _mm512_sub_ps(zero, ik.py), grk = ik.overlap;
    for (int32_t j = k + 1; j < n; ++j) {
      float* gxj = s.gxy + 2 * j * L;
      float* gyj = s.gxy + (2 * j + 1) * L;
      float* grj = s.gr + j * L;
      const __m512 xj = _mm512_load_ps(s.xy + 2 * j * L), yj = _mm512_load_ps(s.xy + (2 * j + 1) * L);
      const __m512 rj = _mm512_load_ps(s.r + j * L);
      const PairPush ij = pair_push(xi, yi, ri, xj, yj, rj, penalty);
      const PairPush kj = pair_push(xk, yk, rk, xj, yj, rj, penalty);
      gxi = _mm512_add_ps(gxi, ij.px);
      gyi = _mm512_add_ps(gyi, ij.py);
      gri = _mm512_add_ps(gri, ij.overlap);
      gxk = _mm512_add_ps(gxk, kj.px);
      gyk = _mm512_add_ps(gyk, kj.py);
      grk = _mm512_add_ps(grk, kj.overlap);
      _mm512_store_ps(gxj, _mm512_sub_ps(_mm512_load_ps(gxj), _mm512_add_ps(ij.px, kj.px)));
      _mm512_store_ps(gyj, _mm512_sub_ps(_mm512_load_ps(gyj), _mm512_add_ps(ij.py, kj.py)));
      _mm512_store_ps(grj, _mm512_add_ps(_mm512_load_ps(grj), _mm512_add_ps(ij.overlap, kj.overlap)));
    }
    _mm512_store_ps(s.gxy + 2 * i * L, _mm512_add_ps(_mm512_load_ps(s.gxy + 2 * i * L), gxi));
    _mm512_store_ps(s.gxy + (2 * i + 1) * L, _mm512_add_ps(_mm512_load_ps(s.gxy + (2 * i + 1) * L), gyi));
    _mm512_store_ps(s.gr + i * L, _mm512_add_ps(_mm512_load_ps(s.gr + i * L), gri));
    _mm512_store_ps(s.gxy + 2 * k * L, _mm512_add_ps(_mm512_load_ps(s.gxy + 2 * k * L), gxk));
    _mm512_store_ps(s.gxy + (2 * k + 1) * L, _mm512_add_ps(_mm512_load_ps(s.gxy + (2 * k + 1) * L), gyk));
    _mm512_store_ps(s.gr + k * L, _mm512_add_ps(_mm512_load_ps(s.gr + k * L), grk));
  }
  return penalty;
}

// Adds the wall and negative-radius terms, turns the pair sums into the weighted gradient in place,
// and returns each lane's energy.
TANSAKU_AVX512_INLINE __m512 finish(Block& s, int32_t n, float width, float height, float weight, __m512 penalty) {
  const __m512 zero = _mm512_setzero_ps();
  const __m512 w = _mm512_set1_ps(width), h = _mm512_set1_ps(height);
  const __m512 two_weight = _mm512_set1_ps(2 * weight), one = _mm512_set1_ps(1.0f);
  __m512 sum_r = zero;
  for (int32_t i = 0; i < n; ++i) {
    const __m512 x = _mm512_load_ps(s.xy + 2 * i * L);
    const __m512 y = _mm512_load_ps(s.xy + (2 * i + 1) * L);
    const __m512 r = _mm512_load_ps(s.r + i * L);
    const __m512 left = _mm512_max_ps(zero, _mm512_sub_ps(r, x));
    const __m512 right = _mm512_max_ps(zero, _mm512_sub_ps(_mm512_add_ps(x, r), w));
    const __m512 bottom = _mm512_max_ps(zero, _mm512_sub_ps(r, y));
    const __m512 top = _mm512_max_ps(zero, _mm512_sub_ps(_mm512_add_ps(y, r), h));
    const __m512 negative = _mm512_max_ps(zero, _mm512_sub_ps(zero, r));
    __m512 walls = _mm512_mul_ps(left, left);
    walls = _mm512_fmadd_ps(right, right, walls);
    walls = _mm512_fmadd_ps(bottom, bottom, walls);
    walls = _mm512_fmadd_ps(top, top, walls);
    walls = _mm512_fmadd_ps(negative, negative, walls);
    penalty = _mm512_add_ps(penalty, walls);
    sum_r = _mm512_add_ps(sum_r, r);
    float* gx = s.gxy + 2 * i * L;
    float* gy = s.gxy + (2 * i + 1) * L;
    float* gr = s.gr + i * L;
    _mm512_store_ps(gx, _mm512_mul_ps(two_weight, _mm512_sub_ps(_mm512_sub_ps(right, left), _mm512_load_ps(gx))));
    _mm512_store_ps(gy, _mm512_mul_ps(two_weight, _mm512_sub_ps(_mm512_sub_ps(top, bottom), _mm512_load_ps(gy))));
    const __m512 push = _mm512_sub_ps(_mm512_add_ps(_mm512_add_ps(left, right), _mm512_add_ps(bottom, top)), negative);
    _mm512_store_ps(gr, _mm512_fmsub_ps(two_weight, _mm512_add_ps(push, _mm512_load_ps(gr)), one));
  }
  return _mm512_fmsub_ps(_mm512_set1_ps(weight), penalty, sum_r);
}

TANSAKU_AVX512_INLINE void write_rows(const float* in, int32_t row_length, float* rows, Block& s, bool stream) {
  if (!stream) {
    store_transposed(in, row_length, rows);
    return;
  }
  store_transposed(in, row_length, s.staging);
  stream_copy(rows, s.staging, static_cast<int64_t>(row_length) * L);
}

}  // namespace

bool supported() { return __builtin_cpu_supports("avx512f"); }

TANSAKU_AVX512 int64_t energy_blocks(const float* centers, const float* radii, int64_t begin, int64_t end, int32_t n,
                                     float width, float height, float weight, float* energy_out, float* grad_centers,
                                     float* grad_radii, bool stream_outputs) {
  if (n < 1 || n > kMaxCircles) return begin;
  Block s;
  const int32_t columns = 2 * n;
  const int64_t block_floats = static_cast<int64_t>(columns) * L;
  for (; begin + L <= end; begin += L) {
    // Inputs of the block kLookahead blocks ahead go to L2 now (measured best at 3 to 6 blocks:
    // about 1.15x at batch 65536 over hinting only the next block into L1).
    if (begin + (kLookahead + 1) * L <= end) {
      const char* ahead = reinterpret_cast<const char*>(centers + (begin + kLookahead * L) * columns);
      for (int64_t k = 0; k < block_floats * 4; k += 64) _mm_prefetch(ahead + k, _MM_HINT_T1);
      const char* ahead_r = reinterpret_cast<const char*>(radii + (begin + kLookahead * L) * n);
      for (int64_t k = 0; k < block_floats * 2; k += 64) _mm_prefetch(ahead_r + k, _MM_HINT_T1);
    }
    load_transposed(centers + begin * columns, columns, s.xy);
    load_transposed(radii + begin * n, n, s.r);
    const __m512 zero = _mm512_setzero_ps();
    for (int32_t c = 0; c < padded(columns); ++c) _mm512_store_ps(s.gxy + c * L, zero);
    for (int32_t c = 0; c < padded(n); ++c) _mm512_store_ps(s.gr + c * L, zero);
    const __m512 energy = finish(s, n, width, height, weight, pair_sums(s, n));
    float* e = energy_out + begin;
    if (stream_outputs && (reinterpret_cast<uintptr_t>(e) & 63u) == 0) {
      _mm512_stream_ps(e, energy);
    } else {
      _mm512_storeu_ps(e, energy);
    }
    if (grad_centers) write_rows(s.gxy, columns, grad_centers + begin * columns, s, stream_outputs);
    if (grad_radii) write_rows(s.gr, n, grad_radii + begin * n, s, stream_outputs);
  }
  if (stream_outputs) _mm_sfence();
  return begin;
}

}  // namespace tansaku::circles::avx512
