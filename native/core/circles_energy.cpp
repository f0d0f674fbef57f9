// Penalty energy and gradient of many packings at once, on the thread pool. Each packing is copied
// into structure-of-arrays scratch so the inner loop over partners j runs as SIMD over contiguous
// arrays; target_clones picks AVX-512, AVX2 or baseline code at load time.
#include <algorithm>
#include <cmath>
#include <vector>

#include "circles.h"
#include "parallel.h"

namespace tansaku::circles {

namespace {

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
inline T pair_terms(int32_t i, int32_t n, const T* __restrict x, const T* __restrict y, const T* __restrict r,
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
inline T square(T v) {
  return v * v;
}

// Walls and negative radii for every circle; accumulates unweighted gradients like pair_terms.
template <typename T>
inline T wall_terms(int32_t n, T width, T height, const T* __restrict x, const T* __restrict y,
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
T packing_energy(const T* c, const T* radii, int32_t n, T width, T height, T weight, T* grad_c, T* grad_r,
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

template <typename T>
void energy_range(const T* centers, const T* radii, int64_t begin, int64_t end, int32_t n, T width, T height,
                  T weight, T* energy_out, T* grad_centers, T* grad_radii) {
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
  const int64_t pairs = static_cast<int64_t>(n) * (n - 1) / 2 + n;
  parallel_for(batch, std::max<int64_t>(1, 50000 / pairs), [&](int64_t begin, int64_t end) {
    energy_range_any(centers, radii, begin, end, n, width, height, weight, energy_out, grad_centers, grad_radii);
  });
}

template void energy<float>(const float*, const float*, int64_t, int32_t, float, float, float, float*, float*,
                            float*);
template void energy<double>(const double*, const double*, int64_t, int32_t, double, double, double, double*,
                             double*, double*);

}  // namespace tansaku::circles
