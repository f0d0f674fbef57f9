// The per-environment random stream: splitmix64 over a 64-bit state kept in info[kRngLow/High].
// Each episode starts a fresh stream from (seed, episode), so any environment's layouts can be
// regenerated alone, on the CPU or the device, with the same result.
//
// How this differs from MiniGrid (numpy): MiniGrid draws from one PCG64 Generator per environment,
// seeded by reset(seed) through SeedSequence, and keeps drawing from it across episodes and inside
// steps (Dynamic-Obstacles' ball moves), so its next layout depends on how many draws the previous
// episode made; integers(lo, hi) is Lemire's method with rejection. Here every episode restarts
// from (seed, episode), and randint is a multiply-shift of the top 32 bits without rejection (bias
// below span / 2^32). Same distributions, different draws: layouts and ball moves are not expected
// to equal MiniGrid's for the same seed (spec §8, §10).
#pragma once
#include "gridworld.h"

namespace tansaku::gridworld {

GW_FN uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

GW_FN uint64_t load_rng(const int32_t* info) {
  return (uint64_t(uint32_t(info[kRngHigh])) << 32) | uint32_t(info[kRngLow]);
}

GW_FN void store_rng(int32_t* info, uint64_t state) {
  info[kRngLow] = int32_t(uint32_t(state));
  info[kRngHigh] = int32_t(uint32_t(state >> 32));
}

// Starts the stream of the current (seed, episode).
GW_FN void seed_episode(int32_t* info) {
  const uint64_t seed = (uint64_t(uint32_t(info[kSeedHigh])) << 32) | uint32_t(info[kSeedLow]);
  const uint64_t episode = uint32_t(info[kEpisode]);
  store_rng(info, mix64(seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL) ^ mix64(episode + 0x2545f4914f6cdd1dULL));
}

// Generation code keeps the state in a register and stores it once at the end.
struct Rng {
  uint64_t state;
  GW_FN uint64_t next() {
    state += 0x9e3779b97f4a7c15ULL;
    return mix64(state);
  }
  // Uniform in [lo, hi) (MiniGrid's randint); hi > lo.
  GW_FN int randint(int lo, int hi) {
    const uint64_t span = uint64_t(hi - lo);
    return lo + int(((next() >> 32) * span) >> 32);
  }
  GW_FN int below(int n) { return randint(0, n); }
  GW_FN bool coin() { return (next() >> 63) != 0; }
};

}  // namespace tansaku::gridworld
