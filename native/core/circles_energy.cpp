// Penalty energy and gradient of many packings at once, on the thread pool. Each packing is copied
// into structure-of-arrays scratch so the inner loop over partners j runs as SIMD over contiguous
// arrays; target_clones picks AVX-512, AVX2 or baseline code at load time.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <type_traits>
#include <vector>

#include "circles.h"
#include "circles_energy_avx512.h"
#include "parallel.h"

namespace tansaku::circles {

namespace {

// target_clones compiles only the cloned function's own body per instruction set: everything it
// calls must be inlined into it to get the wider vectors.
#define TANSAKU_INLINE [[gnu::always_inline]] inline

template <typename T>
struct Scratch {
  std::vector<T> x, y, r, gx, gy, gr;
  void resize(int32_t n) {
    for (auto* v : {&x, &y, &r, &gx, &gy, &gr}) v->assign(n, T(0));
  }
};

// Overlap of circle i with every j > i. Accumulates gradients of sum max(0, r_i + r_j - d)^2
// (without the weight) into g*, and returns the sum of squared overlaps.
template <typename T>
TANSAKU_INLINE T pair_terms(int32_t i, int32_t n, const T* __restrict x, const T* __restrict y, const T* __restrict r,
                    T* __restrict gx, T* __restrict gy, T* __restrict gr) {
  const T xi = x[i], yi = y[i], ri = r[i];
  T sum = 0, gxi = 0, gyi = 0, gri = 0;
#pragma omp simd reduction(+ : sum, gxi, gyi, gri)
  for (int32_t j = i + 1; j < n; ++j) {
    const T dx = xi - x[j];
    const T dy = yi - y[j];
    const T d = std::sqrt(dx * dx + dy * dy);
    const T overlap = std::max(T(0), ri + r[j] - d);
    const T inv_d = d > T(0) ? T(1) / d : T(0);
    const T along = T(-2) * overlap * inv_d;  // dE/dd * dd/d(dx) / dx
    sum += overlap * overlap;
    gri += T(2) * overlap;
    gr[j] += T(2) * overlap;
    gxi += along * dx;
    gyi += along * dy;
    gx[j] -= along * dx;
    gy[j] -= along * dy;
  }
  gx[i] += gxi;
  gy[i] += gyi;
  gr[i] += gri;
  return sum;
}

template <typename T>
TANSAKU_INLINE T square(T v) {
  return v * v;
}

// Walls and negative radii for every circle; accumulates unweighted gradients like pair_terms.
template <typename T>
TANSAKU_INLINE T wall_terms(int32_t n, T width, T height, const T* __restrict x, const T* __restrict y,
                    const T* __restrict r, T* __restrict gx, T* __restrict gy, T* __restrict gr) {
  T sum = 0;
#pragma omp simd reduction(+ : sum)
  for (int32_t i = 0; i < n; ++i) {
    const T left = std::max(T(0), r[i] - x[i]);
    const T right = std::max(T(0), x[i] + r[i] - width);
    const T bottom = std::max(T(0), r[i] - y[i]);
    const T top = std::max(T(0), y[i] + r[i] - height);
    const T negative = std::max(T(0), -r[i]);
    sum += square(left) + square(right) + square(bottom) + square(top) + square(negative);
    gx[i] += T(2) * (right - left);
    gy[i] += T(2) * (top - bottom);
    gr[i] += T(2) * (left + right + bottom + top - negative);
  }
  return sum;
}

template <typename T>
TANSAKU_INLINE T packing_energy(const T* c, const T* radii, int32_t n, T width, T height, T weight, T* grad_c, T* grad_r,
                 Scratch<T>& s) {
  for (int32_t i = 0; i < n; ++i) {
    s.x[i] = c[2 * i];
    s.y[i] = c[2 * i + 1];
    s.r[i] = radii[i];
    s.gx[i] = s.gy[i] = s.gr[i] = T(0);
  }
  T penalty = wall_terms(n, width, height, s.x.data(), s.y.data(), s.r.data(), s.gx.data(), s.gy.data(),
                         s.gr.data());
  for (int32_t i = 0; i + 1 < n; ++i) {
    penalty += pair_terms(i, n, s.x.data(), s.y.data(), s.r.data(), s.gx.data(), s.gy.data(), s.gr.data());
  }
  T sum_r = 0;
  for (int32_t i = 0; i < n; ++i) sum_r += s.r[i];
  if (grad_c) {
    for (int32_t i = 0; i < n; ++i) {
      grad_c[2 * i] = weight * s.gx[i];
      grad_c[2 * i + 1] = weight * s.gy[i];
    }
  }
  if (grad_r) {
    for (int32_t i = 0; i < n; ++i) grad_r[i] = weight * s.gr[i] - T(1);
  }
  return -sum_r + weight * penalty;
}

// Small n: one SIMD lane per packing. A block of kLanes packings is transposed into [circle][lane]
// scratch so every pair (i, j) is one full-width vector operation across packings, with no
// remainder loops (the triangular j > i loops of a single packing are too short to fill vectors).
template <typename T>
struct Lanes {
  static constexpr int kCount = 64 / sizeof(T);  // one 512-bit vector
};

template <typename T>
struct BlockScratch {
  static constexpr int L = Lanes<T>::kCount;
  std::vector<T> x, y, r, gx, gy, gr;
  void resize(int32_t n) {
    for (auto* v : {&x, &y, &r, &gx, &gy, &gr}) v->assign(static_cast<size_t>(n) * L, T(0));
  }
};

template <typename T>
TANSAKU_INLINE void energy_block(const T* centers, const T* radii, int64_t first, int32_t n, T width, T height,
                  T weight, T* energy_out, T* grad_centers, T* grad_radii, BlockScratch<T>& s) {
  constexpr int L = Lanes<T>::kCount;
  T* __restrict x = s.x.data();
  T* __restrict y = s.y.data();
  T* __restrict r = s.r.data();
  T* __restrict gx = s.gx.data();
  T* __restrict gy = s.gy.data();
  T* __restrict gr = s.gr.data();
  for (int32_t i = 0; i < n; ++i) {
    for (int l = 0; l < L; ++l) {
      const int64_t b = first + l;
      x[i * L + l] = centers[(b * n + i) * 2];
      y[i * L + l] = centers[(b * n + i) * 2 + 1];
      r[i * L + l] = radii[b * n + i];
    }
  }
  T penalty[L], sum_r[L];
#pragma omp simd
  for (int l = 0; l < L; ++l) penalty[l] = sum_r[l] = T(0);
  for (int32_t i = 0; i < n; ++i) {
    const int o = i * L;
#pragma omp simd
    for (int l = 0; l < L; ++l) {
      const T left = std::max(T(0), r[o + l] - x[o + l]);
      const T right = std::max(T(0), x[o + l] + r[o + l] - width);
      const T bottom = std::max(T(0), r[o + l] - y[o + l]);
      const T top = std::max(T(0), y[o + l] + r[o + l] - height);
      const T negative = std::max(T(0), -r[o + l]);
      penalty[l] += square(left) + square(right) + square(bottom) + square(top) + square(negative);
      sum_r[l] += r[o + l];
      gx[o + l] = T(2) * (right - left);
      gy[o + l] = T(2) * (top - bottom);
      gr[o + l] = T(2) * (left + right + bottom + top - negative);
    }
  }
  for (int32_t i = 0; i + 1 < n; ++i) {
    const int oi = i * L;
    for (int32_t j = i + 1; j < n; ++j) {
      const int oj = j * L;
      // Skip the pair when it overlaps in no lane: most pairs of a packing are far apart.
      T closest = T(-1);  // max over lanes of reach^2 - d^2 where reach > 0
#pragma omp simd reduction(max : closest)
      for (int l = 0; l < L; ++l) {
        const T dx = x[oi + l] - x[oj + l];
        const T dy = y[oi + l] - y[oj + l];
        const T reach = r[oi + l] + r[oj + l];
        const T depth = reach > T(0) ? reach * reach - (dx * dx + dy * dy) : T(-1);
        closest = std::max(closest, depth);
      }
      if (!(closest > T(0))) continue;
#pragma omp simd
      for (int l = 0; l < L; ++l) {
        const T dx = x[oi + l] - x[oj + l];
        const T dy = y[oi + l] - y[oj + l];
        const T d = std::sqrt(dx * dx + dy * dy);
        const T overlap = std::max(T(0), r[oi + l] + r[oj + l] - d);
        const T inv_d = d > T(0) ? T(1) / d : T(0);
        const T along = T(-2) * overlap * inv_d;
        penalty[l] += overlap * overlap;
        gr[oi + l] += T(2) * overlap;
        gr[oj + l] += T(2) * overlap;
        gx[oi + l] += along * dx;
        gy[oi + l] += along * dy;
        gx[oj + l] -= along * dx;
        gy[oj + l] -= along * dy;
      }
    }
  }
  for (int l = 0; l < L; ++l) {
    const int64_t b = first + l;
    energy_out[b] = -sum_r[l] + weight * penalty[l];
    if (grad_centers) {
      for (int32_t i = 0; i < n; ++i) {
        grad_centers[(b * n + i) * 2] = weight * gx[i * L + l];
        grad_centers[(b * n + i) * 2 + 1] = weight * gy[i * L + l];
      }
    }
    if (grad_radii) {
      for (int32_t i = 0; i < n; ++i) grad_radii[b * n + i] = weight * gr[i * L + l] - T(1);
    }
  }
}

// Up to this many circles the lane-blocked kernel wins; beyond, the per-packing j loops are long.
constexpr int32_t kBlockedMaxCircles = 96;

template <typename T>
TANSAKU_INLINE void energy_range(const T* centers, const T* radii, int64_t begin, int64_t end, int32_t n, T width, T height,
                  T weight, T* energy_out, T* grad_centers, T* grad_radii) {
  if (n <= kBlockedMaxCircles) {
    constexpr int L = Lanes<T>::kCount;
    if (end - begin >= L) {
      BlockScratch<T> scratch;
      scratch.resize(n);
      for (; begin + L <= end; begin += L) {
        // Large batches stream from memory: fetch the next block's inputs while this one computes.
        if (begin + 2 * L <= end) {
          const char* next_c = reinterpret_cast<const char*>(centers + (begin + L) * 2 * n);
          const char* next_r = reinterpret_cast<const char*>(radii + (begin + L) * n);
          for (size_t k = 0; k < sizeof(T) * L * 2 * n; k += 64) __builtin_prefetch(next_c + k);
          for (size_t k = 0; k < sizeof(T) * L * n; k += 64) __builtin_prefetch(next_r + k);
        }
        energy_block(centers, radii, begin, n, width, height, weight, energy_out, grad_centers, grad_radii,
                     scratch);
      }
    }
  }
  // Large n, and the packings left over after whole blocks: one packing at a time.
  if (begin == end) return;
  Scratch<T> scratch;
  scratch.resize(n);
  for (int64_t b = begin; b < end; ++b) {
    energy_out[b] = packing_energy(centers + b * 2 * n, radii + b * n, n, width, height, weight,
                                   grad_centers ? grad_centers + b * 2 * n : nullptr,
                                   grad_radii ? grad_radii + b * n : nullptr, scratch);
  }
}

// One compiled body per instruction set; the loader picks the best the CPU has.
#define TANSAKU_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

TANSAKU_CLONES void energy_range_f32(const float* c, const float* r, int64_t begin, int64_t end, int32_t n,
                                     float w, float h, float k, float* e, float* gc, float* gr) {
  energy_range<float>(c, r, begin, end, n, w, h, k, e, gc, gr);
}

TANSAKU_CLONES void energy_range_f64(const double* c, const double* r, int64_t begin, int64_t end, int32_t n,
                                     double w, double h, double k, double* e, double* gc, double* gr) {
  energy_range<double>(c, r, begin, end, n, w, h, k, e, gc, gr);
}

void energy_range_any(const float* c, const float* r, int64_t b, int64_t e, int32_t n, float w, float h,
                      float k, float* out, float* gc, float* gr) {
  energy_range_f32(c, r, b, e, n, w, h, k, out, gc, gr);
}
void energy_range_any(const double* c, const double* r, int64_t b, int64_t e, int32_t n, double w, double h,
                      double k, double* out, double* gc, double* gr) {
  energy_range_f64(c, r, b, e, n, w, h, k, out, gc, gr);
}

}  // namespace

template <typename T>
void energy(const T* centers, const T* radii, int64_t batch, int32_t n, T width, T height, T weight,
            T* energy_out, T* grad_centers, T* grad_radii) {
  if (n < 1 || batch < 1) return;
  const int64_t pairs = static_cast<int64_t>(n) * (n - 1) / 2 + n;
  if constexpr (std::is_same_v<T, float>) {
    static const bool wide = avx512::supported();
    if (wide && n <= avx512::kMaxCircles && batch >= avx512::kLanes) {
      // Whole blocks of 16 packings, split between threads in contiguous runs of blocks; the few
      // packings left over go to the portable kernel.
      constexpr int64_t L = avx512::kLanes;
      const int64_t blocks = batch / L;
      // Outputs much larger than the caches are streamed past them (see energy_blocks).
      const int64_t output_bytes = batch * (3 * static_cast<int64_t>(n) + 1) * static_cast<int64_t>(sizeof(float));
      const bool stream = output_bytes > (int64_t{8} << 20);
      // Threads take runs of blocks from a shared counter rather than fixed halves: on a shared
      // machine a descheduled thread then delays only its current run, not half of the batch.
      const int64_t threads = thread_count();
      const int64_t run = std::clamp<int64_t>(blocks / (threads * 8), 1, 64);
      const int64_t runs = (blocks + run - 1) / run;
      const int64_t min_runs = std::max<int64_t>(1, 50000 / (pairs * L * run));
      std::atomic<int64_t> next{0};
      parallel_for(std::min(runs, threads * min_runs), min_runs, [&](int64_t, int64_t) {
        for (int64_t first; (first = next.fetch_add(run)) < blocks;) {
          const int64_t last = std::min(first + run, blocks);
          avx512::energy_blocks(centers, radii, first * L, last * L, n, width, height, weight, energy_out,
                                grad_centers, grad_radii, stream);
        }
      });
      if (blocks * L < batch) {
        energy_range_any(centers, radii, blocks * L, batch, n, width, height, weight, energy_out, grad_centers,
                         grad_radii);
      }
      return;
    }
  }
  parallel_for(batch, std::max<int64_t>(1, 50000 / pairs), [&](int64_t begin, int64_t end) {
    energy_range_any(centers, radii, begin, end, n, width, height, weight, energy_out, grad_centers, grad_radii);
  });
}

template void energy<float>(const float*, const float*, int64_t, int32_t, float, float, float, float*, float*,
                            float*);
template void energy<double>(const double*, const double*, int64_t, int32_t, double, double, double, double*,
                             double*, double*);

}  // namespace tansaku::circles
