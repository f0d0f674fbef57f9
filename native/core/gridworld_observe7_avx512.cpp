// The 7 x 7 view as whole-register work instead of a loop over cells:
//  1. The 7 x 7 window of the grid that the view covers is read as 7 grid columns of 7 cells (21
//     contiguous bytes each, one masked load per column: cells outside the environment come from a
//     grey-wall pattern and are never touched in memory), into 32-byte slots of four registers.
//  2. One fixed byte permutation per direction turns the window into the view's x-major order
//     (rotation included): two two-register permutes and a blend per 64 output bytes.
//  3. Encoding (unseen/empty -> (1, 0, 0)) and see-through tests run on all 147 bytes at once; the
//     per-cell opaque flags are gathered with pext, occlusion runs on rows (occlusion_rows7), and the
//     visibility goes back to byte masks with pdep to zero the hidden cells as they are stored.
#include "gridworld_observe7_avx512.h"

#include <immintrin.h>

#include <cstddef>

#include "gridworld_observe7.h"

// GCC 12's _mm512_inserti64x4 seeds its result with _mm512_undefined_epi32(), which -Wall reports as
// uninitialised once inlined here; every lane of it is overwritten.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace tansaku::gridworld::avx512 {

#define TANSAKU_VBMI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi,bmi2")))

namespace {

constexpr int kV = 7;
constexpr int kViewBytes = 3 * kV * kV;  // 147: two full registers and 19 bytes of a third
constexpr uint64_t kStoreTail = (uint64_t(1) << (kViewBytes - 128)) - 1;

// Bytes of the three output registers that hold a cell's type (byte 3k), and its state (3k + 2).
constexpr uint64_t positions(int word, int phase, int limit) {
  uint64_t bits = 0;
  for (int b = 0; b < 64; ++b) {
    const int global = 64 * word + b;
    if (global < limit && global % 3 == phase) bits |= uint64_t(1) << b;
  }
  return bits;
}
constexpr uint64_t kType[3] = {positions(0, 0, kViewBytes), positions(1, 0, kViewBytes), positions(2, 0, kViewBytes)};
constexpr uint64_t kState[3] = {positions(0, 2, kViewBytes), positions(1, 2, kViewBytes), positions(2, 2, kViewBytes)};
// Cells whose type byte lies in each register: 22, 21 and 6.
constexpr int kFirstCell[3] = {0, 22, 43};

// Window cell (i, j) = grid (x0 + i, y0 + j) that view cell (vx, vy) shows, per direction (see
// observe_partial7: world = agent - 3 right + 6 forward + vx right - vy forward).
constexpr int window_i(int dir, int vx, int vy) { return dir == 0 ? 6 - vy : dir == 1 ? 6 - vx : dir == 2 ? vy : vx; }
constexpr int window_j(int dir, int vx, int vy) { return dir == 0 ? vx : dir == 1 ? 6 - vy : dir == 2 ? 6 - vx : vy; }

// Window column i sits at bytes 32 i .. 32 i + 20 of the pairs (A, B) = columns 0-3 and (C, D) = 4-6.
struct Permutation {
  alignas(64) uint8_t index[4][3][64];
  uint64_t from_second_pair[4][3];
  constexpr Permutation() : index{}, from_second_pair{} {
    for (int dir = 0; dir < 4; ++dir) {
      for (int o = 0; o < 192; ++o) {
        if (o >= kViewBytes) continue;
        const int cell = o / 3, vx = cell / kV, vy = cell % kV;
        const int source = 32 * window_i(dir, vx, vy) + 3 * window_j(dir, vx, vy) + o % 3;
        index[dir][o / 64][o % 64] = uint8_t(source & 127);
        if (source >= 128) from_second_pair[dir][o / 64] |= uint64_t(1) << (o % 64);
      }
    }
  }
};
constexpr Permutation kPermutation{};

// A 21-byte window column of grey walls, what MiniGrid's slice reads outside the grid.
struct GreyColumn {
  alignas(32) uint8_t bytes[32];
  constexpr GreyColumn() : bytes{} {
    for (int j = 0; j < kV; ++j) {
      bytes[3 * j] = kWall;
      bytes[3 * j + 1] = kGrey;
    }
  }
};
constexpr GreyColumn kGreyColumn{};

// (1, 0, 0) at every cell of an output register: MiniGrid's encoding of unseen and empty cells.
struct EmptyCells {
  alignas(64) uint8_t bytes[3][64];
  constexpr EmptyCells() : bytes{} {
    for (int o = 0; o < 192; o += 3) bytes[o / 64][o % 64] = kEmpty;
  }
};
constexpr EmptyCells kEmptyCells{};

// Cell flags at type positions -> the cell's three bytes, across the three 64-byte masks.
inline void cell_bytes(const uint64_t* at_type, uint64_t* bytes) {
  uint64_t carry = 0;
  for (int r = 0; r < 3; ++r) {
    const uint64_t t = at_type[r];
    bytes[r] = t | t << 1 | t << 2 | carry;
    carry = t >> 63 | t >> 62;
  }
}

// One column of seven view cells per bit vx: bit 7 vx + vy of the x-major cell mask.
constexpr uint64_t kViewRow = 0x0040810204081ULL;

TANSAKU_VBMI inline __m256i load_column(const uint8_t* grid, ptrdiff_t offset, uint32_t keep, __m256i grey) {
  // Masked-off bytes are neither read nor faulted on, so the offset may point outside the grid.
  const auto address = reinterpret_cast<const void*>(reinterpret_cast<uintptr_t>(grid) + offset);
  return _mm256_mask_loadu_epi8(grey, keep, address);
}

TANSAKU_VBMI inline __m512i pair(__m256i low, __m256i high) {
  return _mm512_inserti64x4(_mm512_zextsi256_si512(low), high, 1);
}

}  // namespace

bool observe7_supported() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("bmi2");
}

TANSAKU_VBMI void observe_partial7(const EnvView& e, uint8_t* out) {
  const int32_t* info = e.info;
  const int dir = info[kAgentDir] & 3;
  const int ax = info[kAgentX], ay = info[kAgentY];
  const int width = info[kWidth], height = info[kHeight];
  const int x0 = dir == 0 ? ax : dir == 2 ? ax - 6 : ax - 3;
  const int y0 = dir == 3 ? ay - 6 : dir == 1 ? ay : ay - 3;

  // 1. The window's columns; the same rows of each are inside the environment.
  const int lo = y0 < 0 ? -y0 : 0;
  const int hi = height - y0 < kV ? (height - y0 > 0 ? height - y0 : 0) : kV;
  const uint32_t rows = hi > lo ? ((uint32_t(1) << (3 * hi)) - 1) & ~((uint32_t(1) << (3 * lo)) - 1) : 0;
  const __m256i grey = _mm256_load_si256(reinterpret_cast<const __m256i*>(kGreyColumn.bytes));
  __m256i column[8];
  for (int i = 0; i < kV; ++i) {
    const int x = x0 + i;
    const uint32_t keep = unsigned(x) < unsigned(width) ? rows : 0;
    column[i] = load_column(e.grid, 3 * (ptrdiff_t(x) * e.pitch + y0), keep, grey);
  }
  column[7] = grey;
  const __m512i a = pair(column[0], column[1]), b = pair(column[2], column[3]);
  const __m512i c = pair(column[4], column[5]), d = pair(column[6], column[7]);

  // 2-3. Permute into view order, encode, and flag the opaque cells.
  __m512i view[3];
  uint64_t at_type[3];  // cells to encode as (1, 0, 0): unseen or empty
  for (int r = 0; r < 3; ++r) {
    const __m512i index = _mm512_load_si512(kPermutation.index[dir][r]);
    __m512i v = _mm512_mask_blend_epi8(kPermutation.from_second_pair[dir][r], _mm512_permutex2var_epi8(a, index, b),
                                       _mm512_permutex2var_epi8(c, index, d));
    at_type[r] = _mm512_mask_cmple_epu8_mask(kType[r], v, _mm512_set1_epi8(kEmpty));
    view[r] = v;
  }
  uint64_t empty_bytes[3], wall[3], door[3], state_set[3];
  cell_bytes(at_type, empty_bytes);
  for (int r = 0; r < 3; ++r) {
    const __m512i v = _mm512_mask_blend_epi8(empty_bytes[r], view[r], _mm512_load_si512(kEmptyCells.bytes[r]));
    view[r] = v;
    wall[r] = _mm512_mask_cmpeq_epi8_mask(kType[r], v, _mm512_set1_epi8(kWall));
    door[r] = _mm512_mask_cmpeq_epi8_mask(kType[r], v, _mm512_set1_epi8(kDoor));
    state_set[r] = _mm512_mask_test_epi8_mask(kState[r], v, v);
  }
  uint64_t visible = (uint64_t(1) << (kV * kV)) - 1;
  if (info[kSeeThrough] == 0) {
    uint64_t opaque = 0;  // bit 7 vx + vy: walls and closed or locked doors (MiniGrid's see_behind)
    for (int r = 0; r < 3; ++r) {
      // A door's state byte is two after its type byte, possibly in the next register.
      const uint64_t closed = state_set[r] >> 2 | (r < 2 ? state_set[r + 1] << 62 : 0);
      opaque |= _pext_u64(wall[r] | (door[r] & closed), kType[r]) << kFirstCell[r];
    }
    uint32_t open_rows[kV], visible_rows[kV];
    for (int vy = 0; vy < kV; ++vy) open_rows[vy] = uint32_t(_pext_u64(~opaque, kViewRow << vy));
    occlusion_rows7(open_rows, visible_rows);
    visible = 0;
    for (int vy = 0; vy < kV; ++vy) visible |= kSpreadRow7.bits[visible_rows[vy]] << vy;
  }
  uint64_t visible_at_type[3] = {_pdep_u64(visible, kType[0]), _pdep_u64(visible >> kFirstCell[1], kType[1]),
                                 _pdep_u64(visible >> kFirstCell[2], kType[2])};
  uint64_t keep[3];
  cell_bytes(visible_at_type, keep);
  _mm512_storeu_si512(out, _mm512_maskz_mov_epi8(keep[0], view[0]));
  _mm512_storeu_si512(out + 64, _mm512_maskz_mov_epi8(keep[1], view[1]));
  _mm512_mask_storeu_epi8(out + 128, kStoreTail, _mm512_maskz_mov_epi8(keep[2], view[2]));

  write_agent_cell(info, out + 3 * (3 * kV + kV - 1));
}

}  // namespace tansaku::gridworld::avx512
