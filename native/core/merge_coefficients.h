// The scalar part of a merge, shared by the CPU kernels and the CUDA host code: from the moments of
// the two segments (dot product and squared norms), the coefficients of A and B on each side.
#pragma once
#include <algorithm>
#include <cmath>

#include "merge.h"

namespace tansaku::merge {

// SLERP weights at t; linear (1 - t, t) when sin(omega) <= 1e-6 or a norm is zero.
inline void slerp_weights(const Moments& m, double t, float* ca, float* cb) {
  const double norms = std::sqrt(m.aa) * std::sqrt(m.bb);
  if (norms > 0) {
    const double omega = std::acos(std::clamp(m.dot / norms, -1.0, 1.0));
    const double s = std::sin(omega);
    if (s > 1e-6) {
      *ca = static_cast<float>(std::sin((1 - t) * omega) / s);
      *cb = static_cast<float>(std::sin(t * omega) / s);
      return;
    }
  }
  *ca = static_cast<float>(1 - t);
  *cb = static_cast<float>(t);
}

inline Moments sum(const Moments& x, const Moments& y) { return Moments{x.dot + y.dot, x.aa + y.aa, x.bb + y.bb}; }

// Head (i < split) takes t = w, tail t = 1 - w; omega Global uses the moments of the whole vectors.
inline Coefficients from_moments(const Moments& head, const Moments& tail, float w, Interp interp, Omega omega) {
  Coefficients c;
  const double t[2] = {w, 1.0 - static_cast<double>(w)};
  const Moments all = sum(head, tail);
  const Moments* m[2] = {omega == Omega::Global ? &all : &head, omega == Omega::Global ? &all : &tail};
  for (int k = 0; k < 2; ++k) {
    if (interp == Interp::Linear) {
      c.ca[k] = static_cast<float>(1 - t[k]);
      c.cb[k] = static_cast<float>(t[k]);
    } else {
      slerp_weights(*m[k], t[k], &c.ca[k], &c.cb[k]);
    }
  }
  return c;
}

}  // namespace tansaku::merge
