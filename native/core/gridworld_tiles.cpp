// The host's tile cache for RGB observations: one lazily drawn tile per (cell, agent direction,
// highlight) and tile size, shared by all threads and kept for the life of the process (at most
// 1,980 tiles per size). Threads that race to draw the same tile keep the first copy published.
#include <atomic>
#include <cstddef>

#include "gridworld_rgb.h"

namespace tansaku::gridworld {

namespace {

constexpr int kMaxTile = 64;
constexpr int kTileKeys = 11 * 6 * 3 * 5 * 2;  // type, colour, state, agent direction + 1, highlight

struct TileSet {
  std::atomic<uint8_t*> tiles[kTileKeys];
};

std::atomic<TileSet*> tile_sets[kMaxTile + 1];

}  // namespace

const uint8_t* cached_tile(Cell cell, int agent_dir, bool highlight, int tile) {
  if (tile < 1 || tile > kMaxTile || cell.type > kAgent || cell.colour > kGrey || cell.state > kLocked || agent_dir < -1 ||
      agent_dir > 3) {
    return nullptr;
  }
  TileSet* set = tile_sets[tile].load(std::memory_order_acquire);
  if (set == nullptr) {
    auto* fresh = new TileSet();  // value-initialised: every slot starts null
    if (tile_sets[tile].compare_exchange_strong(set, fresh, std::memory_order_acq_rel)) {
      set = fresh;
    } else {
      delete fresh;
    }
  }
  const int key = (((cell.type * 6 + cell.colour) * 3 + cell.state) * 5 + agent_dir + 1) * 2 + (highlight ? 1 : 0);
  uint8_t* pixels = set->tiles[key].load(std::memory_order_acquire);
  if (pixels == nullptr) {
    auto* fresh = new uint8_t[std::size_t(tile) * tile * 3];
    draw_tile_pixels(cell, agent_dir, highlight, tile, fresh, int64_t(tile) * 3);
    if (set->tiles[key].compare_exchange_strong(pixels, fresh, std::memory_order_acq_rel)) {
      pixels = fresh;
    } else {
      delete[] fresh;
    }
  }
  return pixels;
}

}  // namespace tansaku::gridworld
