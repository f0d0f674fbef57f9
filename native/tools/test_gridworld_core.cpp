// Gridworld core self-test without Node: the bitmask occlusion against a direct transcription of
// MiniGrid's process_vis on random views, and generation of every family without reseeds.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "gridworld.h"
#include "gridworld_observe.h"
#include "gridworld_observe7.h"
#include "gridworld_observe7_avx512.h"
#include "gridworld_rng.h"

namespace gw = tansaku::gridworld;

namespace {

// process_vis as spec §5.1 states it, on a bool grid.
void reference_mask(const bool* open, int view, bool* mask) {
  for (int i = 0; i < view * view; ++i) mask[i] = false;
  mask[(view / 2) * view + view - 1] = true;
  for (int vy = view - 1; vy >= 0; --vy) {
    for (int vx = 0; vx < view - 1; ++vx) {
      if (!mask[vx * view + vy] || !open[vx * view + vy]) continue;
      mask[(vx + 1) * view + vy] = true;
      if (vy > 0) mask[(vx + 1) * view + vy - 1] = mask[vx * view + vy - 1] = true;
    }
    for (int vx = view - 1; vx >= 1; --vx) {
      if (!mask[vx * view + vy] || !open[vx * view + vy]) continue;
      mask[(vx - 1) * view + vy] = true;
      if (vy > 0) mask[(vx - 1) * view + vy - 1] = mask[vx * view + vy - 1] = true;
    }
  }
}

int check_occlusion() {
  gw::Rng rng{7};
  for (int trial = 0; trial < 100000; ++trial) {
    const int view = 3 + 2 * rng.below(7);
    bool open[gw::kMaxView * gw::kMaxView], expected[gw::kMaxView * gw::kMaxView];
    uint32_t rows_open[gw::kMaxView] = {}, rows[gw::kMaxView];
    const int density = rng.below(100);
    for (int vx = 0; vx < view; ++vx) {
      for (int vy = 0; vy < view; ++vy) {
        open[vx * view + vy] = rng.below(100) >= density;
        rows_open[vy] |= uint32_t(open[vx * view + vy]) << vx;
      }
    }
    reference_mask(open, view, expected);
    gw::occlusion_mask(rows_open, view, rows);
    for (int vx = 0; vx < view; ++vx) {
      for (int vy = 0; vy < view; ++vy) {
        if (expected[vx * view + vy] != bool(rows[vy] >> vx & 1u)) {
          std::fprintf(stderr, "occlusion differs at trial %d, view %d, cell (%d, %d)\n", trial, view, vx, vy);
          return 1;
        }
      }
    }
  }
  return 0;
}

// The view-7 row table against MiniGrid's two passes run cell by cell on one row (and the row above
// it), for every set of cells seen from below and every set of open cells.
int check_row_spread7() {
  for (uint32_t seen = 0; seen < 128; ++seen) {
    for (uint32_t open = 0; open < 128; ++open) {
      bool row[7], above[7] = {};
      for (int vx = 0; vx < 7; ++vx) row[vx] = (seen >> vx & 1u) != 0;
      const auto opens = [&](int vx) { return (open >> vx & 1u) != 0; };
      for (int vx = 0; vx < 6; ++vx) {
        if (!row[vx] || !opens(vx)) continue;
        row[vx + 1] = above[vx + 1] = above[vx] = true;
      }
      for (int vx = 6; vx >= 1; --vx) {
        if (!row[vx] || !opens(vx)) continue;
        row[vx - 1] = above[vx - 1] = above[vx] = true;
      }
      uint32_t expected_row = 0, expected_above = 0;
      for (int vx = 0; vx < 7; ++vx) {
        expected_row |= uint32_t(row[vx]) << vx;
        expected_above |= uint32_t(above[vx]) << vx;
      }
      const uint32_t reach = gw::kRowSpread7.reach[seen][open];
      if (reach != expected_above || (seen | reach) != expected_row) {
        std::fprintf(stderr, "view-7 row table differs at seen %u, open %u\n", seen, open);
        return 1;
      }
    }
  }
  return 0;
}

// The host's 7 x 7 fast path: its row occlusion against the reference on random views, and its whole
// observation against observe_partial<7> on random grids (any bounds, direction, see-through, pocket).
int check_view7() {
  gw::Rng rng{11};
  for (int trial = 0; trial < 100000; ++trial) {
    bool open[49], expected[49];
    uint32_t rows_open[7] = {}, rows[7];
    const int density = rng.below(100);
    for (int i = 0; i < 49; ++i) {
      open[i] = rng.below(100) >= density;
      rows_open[i % 7] |= uint32_t(open[i]) << (i / 7);
    }
    reference_mask(open, 7, expected);
    gw::occlusion_rows7(rows_open, rows);
    for (int i = 0; i < 49; ++i) {
      if (expected[i] != bool(rows[i % 7] >> (i / 7) & 1u)) {
        std::fprintf(stderr, "view-7 occlusion differs at trial %d, cell (%d, %d)\n", trial, i / 7, i % 7);
        return 1;
      }
    }
  }
  const bool wide = gw::avx512::observe7_supported();
  constexpr int kPadW = 12, kPadH = 11;
  std::vector<uint8_t> grid(kPadW * kPadH * 3), contents(kPadW * kPadH * 2);
  int32_t info[gw::kInfoFields] = {};
  for (int trial = 0; trial < 100000; ++trial) {
    for (int i = 0; i < kPadW * kPadH; ++i) {
      const int r = rng.below(10);
      const uint8_t type = r < 4 ? gw::kEmpty : (r < 6 ? gw::kWall : (r < 8 ? gw::kDoor : uint8_t(rng.below(11))));
      grid[3 * i] = type;
      grid[3 * i + 1] = uint8_t(rng.below(6));
      grid[3 * i + 2] = uint8_t(rng.below(3));
    }
    info[gw::kWidth] = 3 + rng.below(kPadW - 2);
    info[gw::kHeight] = 3 + rng.below(kPadH - 2);
    info[gw::kAgentX] = rng.below(info[gw::kWidth]);
    info[gw::kAgentY] = rng.below(info[gw::kHeight]);
    info[gw::kAgentDir] = rng.below(4);
    info[gw::kSeeThrough] = rng.below(8) == 0;
    info[gw::kCarryType] = rng.below(3) == 0 ? gw::kKey + rng.below(3) : 0;
    info[gw::kCarryColour] = rng.below(6);
    info[gw::kCarryState] = rng.below(2);
    const gw::EnvView e{grid.data(), contents.data(), info, kPadH};
    uint8_t expected_obs[147 + 8], obs[147 + 8], wide_obs[147 + 8];
    std::fill(expected_obs, expected_obs + sizeof(expected_obs), 0xAB);
    std::fill(obs, obs + sizeof(obs), 0xAB);
    std::fill(wide_obs, wide_obs + sizeof(wide_obs), 0xAB);
    gw::observe_partial<7>(e, 7, expected_obs);
    gw::observe_partial7(e, obs);
    if (wide) gw::avx512::observe_partial7(e, wide_obs);
    for (size_t i = 0; i < sizeof(obs); ++i) {
      if (obs[i] != expected_obs[i]) {
        std::fprintf(stderr, "view-7 observation differs at trial %d, byte %zu\n", trial, i);
        return 1;
      }
      if (wide && wide_obs[i] != expected_obs[i]) {
        std::fprintf(stderr, "AVX-512 view-7 observation differs at trial %d, byte %zu\n", trial, i);
        return 1;
      }
    }
  }
  if (!wide) std::fprintf(stderr, "note: no AVX-512 VBMI on this CPU, its view-7 path was not checked\n");
  return 0;
}

int check_generation() {
  // (kind, width, height, param0..3) for one id of every family.
  const int32_t cases[][7] = {
      {gw::kEmptyKind, 16, 16, 1, 0, 0, 0},       {gw::kDoorKeyKind, 16, 16, 0, 0, 0, 0},
      {gw::kFourRoomsKind, 19, 19, 0, 0, 0, 0},   {gw::kLavaGapKind, 7, 7, 0, 0, 0, 0},
      {gw::kCrossingKind, 11, 11, 5, 1, 0, 0},    {gw::kDistShiftKind, 9, 7, 5, 0, 0, 0},
      {gw::kDynamicObstaclesKind, 16, 16, 8, 1, 0, 0}, {gw::kFetchKind, 8, 8, 3, 0, 0, 0},
      {gw::kGoToDoorKind, 8, 8, 0, 0, 0, 0},      {gw::kGoToObjectKind, 8, 8, 2, 0, 0, 0},
      {gw::kPutNearKind, 8, 8, 3, 0, 0, 0},       {gw::kRedBlueDoorsKind, 16, 8, 0, 0, 0, 0},
      {gw::kMemoryKind, 17, 17, 1, 0, 0, 0},      {gw::kLockedRoomKind, 19, 19, 0, 0, 0, 0},
      {gw::kUnlockKind, 11, 6, 0, 0, 0, 0},       {gw::kUnlockPickupKind, 11, 6, 0, 0, 0, 0},
      {gw::kBlockedUnlockPickupKind, 11, 6, 0, 0, 0, 0}, {gw::kKeyCorridorKind, 16, 16, 6, 3, 0, 0},
      {gw::kObstructedMazeKind, 16, 16, 2 + 4, 4, 1, 1}, {gw::kMultiRoomKind, 25, 25, 6, 6, 10, 0},
      {gw::kPlaygroundKind, 19, 19, 0, 0, 0, 0}};
  const int64_t n = 200;
  for (const auto& c : cases) {
    std::vector<uint8_t> grid(size_t(n) * 25 * 25 * 3), contents(size_t(n) * 25 * 25 * 2);
    std::vector<int32_t> info(size_t(n) * gw::kInfoFields, 0);
    for (int64_t b = 0; b < n; ++b) {
      int32_t* i = info.data() + b * gw::kInfoFields;
      i[gw::kKindField] = c[0];
      i[gw::kWidth] = c[1];
      i[gw::kHeight] = c[2];
      for (int p = 0; p < 4; ++p) i[gw::kParam0 + p] = c[3 + p];
      i[gw::kMaxSteps] = 100;
      i[gw::kSeedLow] = int32_t(b);
    }
    gw::Batch batch{n, 25, 25, grid.data(), contents.data(), info.data()};
    gw::reset(batch, gw::StepOutputs{}, 7, 1);
    for (int64_t b = 0; b < n; ++b) {
      const int32_t* i = info.data() + b * gw::kInfoFields;
      if (i[gw::kGenerationRetries] != 0 || i[gw::kAgentX] < 0 || i[gw::kAgentX] >= c[1] || i[gw::kAgentY] < 0 ||
          i[gw::kAgentY] >= c[2]) {
        std::fprintf(stderr, "kind %d env %lld: retries %d, agent (%d, %d)\n", c[0], (long long)b, i[gw::kGenerationRetries],
                     i[gw::kAgentX], i[gw::kAgentY]);
        return 1;
      }
    }
  }
  return 0;
}

}  // namespace

int main() {
  if (check_occlusion() != 0) return 1;
  if (check_row_spread7() != 0) return 1;
  if (check_view7() != 0) return 1;
  if (check_generation() != 0) return 1;
  std::printf("gridworld core ok: occlusion matches process_vis on 1e5 random views; the view-7 row table on all 2^14 rows; the 7x7 host views (scalar and AVX-512) match on 1e5 grids; every family generates\n");
  return 0;
}
