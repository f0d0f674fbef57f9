// The element-wise mean and sigma updates of the diagonal strategies, so their state can stay on the
// device, written once for the host and for CUDA: `tell` computes the noise sums first (and second)
// natively, then every element j takes one step. Updates that need a norm (PGPE's ClipUp, the
// sep-CMA-ES step-size path) take several passes, each of which may return a sum over elements
// (a squared norm) that the host turns into the next pass's scalars. The formulas are the
// TypeScript strategies' own (lib/es/*.ts), in float instead of double.
#pragma once
#include <cmath>
#include <cstdint>

#include "es_noise.h"  // TANSAKU_HD

namespace tansaku::es {

enum class StepRule : int32_t {
  sgd = 0,        // m -= lr * first                              (OpenAI-ES; first = gradient)
  adam = 1,       // m -= lr * mhat / (sqrt(vhat) + eps)          (OpenAI-ES, ARS; first = gradient)
  snes = 2,       // m += lr sigma first; sigma *= exp(eta/2 (second - total))
  simple_es = 3,  // m += lr sigma first; sigma = (1 - c) sigma + c sigma sqrt(max(0, second))
  // PGPE with ClipUp, in three passes: |sigma first|^2; then velocity v = momentum v + g/|g| (g =
  // sigma first) and the clipped sigma step, returning |v|^2; then v *= speed_scale, m -= lr v.
  pgpe_gradient_norm = 4,
  pgpe_velocity = 5,
  pgpe_apply = 6,
  // sep-CMA-ES in two passes: m += scale first (scale = sigma sqrt(C), the sampling sigma) and the
  // step-size path, returning |p_sigma|^2; then the covariance path and C, clamped as evosax does
  // before each ask, and the next ask's scale = sigma' sqrt(C).
  sep_cma_paths = 7,
  sep_cma_covariance = 8,
};

struct StepScalars {
  float learning_rate = 0.0f;
  // Adam: beta1, beta2, epsilon and the bias corrections 1 - beta^t of this step.
  float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f, correction1 = 1.0f, correction2 = 1.0f;
  // SNES: eta_sigma and the sum of the utility weights; SimpleES: the blend c; PGPE: sigma's
  // learning rate and the sum of the sigma weights.
  float sigma_rate = 0.0f;
  float weight_total = 0.0f;
  // PGPE: |g| (pass 2), the largest relative sigma change, ClipUp's momentum, v's rescaling (pass 3).
  float gradient_norm = 0.0f, max_sigma_change = 0.2f, momentum = 0.9f, speed_scale = 1.0f;
  // sep-CMA-ES: 1 - c_sigma and sqrt(c_sigma (2 - c_sigma) mu_eff) (pass 1); 1 - c_c, the path
  // rate h_sigma sqrt(c_c (2 - c_c) mu_eff), C's decay, c1, c_mu and the new sigma (pass 2).
  float path_sigma_decay = 0.0f, path_sigma_rate = 0.0f, path_c_decay = 0.0f, path_c_rate = 0.0f;
  float covariance_decay = 0.0f, c1 = 0.0f, c_mu = 0.0f, new_sigma = 0.0f;
};

// The vectors one step reads and writes; sigma has dim elements when per_dim, else one (read only).
struct StepState {
  float* mean = nullptr;
  float* sigma = nullptr;
  bool sigma_per_dim = false;
  const float* first = nullptr;
  const float* second = nullptr;  // snes, simple_es
  float* moment1 = nullptr;       // adam
  float* moment2 = nullptr;       // adam
  float* velocity = nullptr;      // pgpe (ClipUp)
  float* path_sigma = nullptr;    // sep_cma
  float* path_c = nullptr;        // sep_cma
  float* covariance = nullptr;    // sep_cma (diagonal C)
};

// Which rules read `second`, and how many resident vectors each family keeps beside mean and sigma.
TANSAKU_HD bool step_needs_second(StepRule rule) {
  return rule == StepRule::snes || rule == StepRule::simple_es || rule == StepRule::pgpe_velocity ||
         rule == StepRule::sep_cma_covariance;
}

// Updates element j; returns its term of the pass's sum (0 for rules without one).
TANSAKU_HD float step_element(StepRule rule, const StepScalars& s, const StepState& state, int64_t j) {
  const float g = state.first[j];
  switch (rule) {
    case StepRule::sgd:
      state.mean[j] -= s.learning_rate * g;
      break;
    case StepRule::adam: {
      const float m = s.beta1 * state.moment1[j] + (1.0f - s.beta1) * g;
      const float v = s.beta2 * state.moment2[j] + (1.0f - s.beta2) * g * g;
      state.moment1[j] = m;
      state.moment2[j] = v;
      state.mean[j] -= s.learning_rate * (m / s.correction1) / (sqrtf(v / s.correction2) + s.epsilon);
      break;
    }
    case StepRule::snes: {
      const float sigma = state.sigma[state.sigma_per_dim ? j : 0];
      state.mean[j] += s.learning_rate * sigma * g;
      if (state.sigma_per_dim) state.sigma[j] = sigma * expf(0.5f * s.sigma_rate * (state.second[j] - s.weight_total));
      break;
    }
    case StepRule::simple_es: {
      const float sigma = state.sigma[state.sigma_per_dim ? j : 0];
      state.mean[j] += s.learning_rate * sigma * g;
      if (state.sigma_per_dim) {
        const float spread = state.second[j] > 0.0f ? state.second[j] : 0.0f;
        state.sigma[j] = (1.0f - s.sigma_rate) * sigma + s.sigma_rate * sigma * sqrtf(spread);
      }
      break;
    }
    case StepRule::pgpe_gradient_norm: {
      const float gradient = state.sigma[state.sigma_per_dim ? j : 0] * g;
      return gradient * gradient;
    }
    case StepRule::pgpe_velocity: {
      const float sigma = state.sigma[j];
      const float gradient = sigma * g;
      const float v = s.momentum * state.velocity[j] + (s.gradient_norm > 0.0f ? gradient / s.gradient_norm : 0.0f);
      state.velocity[j] = v;
      const float proposed = sigma - s.sigma_rate * sigma * (state.second[j] - s.weight_total);
      const float low = (1.0f - s.max_sigma_change) * sigma, high = (1.0f + s.max_sigma_change) * sigma;
      state.sigma[j] = proposed < low ? low : (proposed > high ? high : proposed);
      return v * v;
    }
    case StepRule::pgpe_apply: {
      const float v = state.velocity[j] * s.speed_scale;
      state.velocity[j] = v;
      state.mean[j] -= s.learning_rate * v;
      break;
    }
    case StepRule::sep_cma_paths: {
      state.mean[j] += state.sigma[j] * g;
      const float path = s.path_sigma_decay * state.path_sigma[j] + s.path_sigma_rate * g;
      state.path_sigma[j] = path;
      return path * path;
    }
    case StepRule::sep_cma_covariance: {
      const float c = state.covariance[j];
      const float path = s.path_c_decay * state.path_c[j] + s.path_c_rate * sqrtf(c) * g;
      state.path_c[j] = path;
      float updated = s.covariance_decay * c + s.c1 * path * path + s.c_mu * c * state.second[j];
      updated = (updated > 0.0f ? (updated < 1e8f ? updated : 1e8f) : 0.0f) + 1e-8f;
      state.covariance[j] = updated;
      state.sigma[j] = s.new_sigma * sqrtf(updated);
      break;
    }
  }
  return 0.0f;
}

// The CPU loop over all dim elements (spread over the thread pool); returns the pass's sum.
double diagonal_step(StepRule rule, const StepScalars& scalars, const StepState& state, int64_t dim);

}  // namespace tansaku::es
