// The element-wise mean and sigma updates of the diagonal strategies whose state can stay on the
// device (OpenAI-ES with SGD or Adam, ARS, SNES, SimpleES), written once for the host and for CUDA:
// `tell` computes the noise sums first (and second) natively, then every element j takes one step.
// The formulas are the TypeScript strategies' own (lib/es/*.ts), in float instead of double.
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
};

struct StepScalars {
  float learning_rate = 0.0f;
  // Adam: beta1, beta2, epsilon and the bias corrections 1 - beta^t of this step.
  float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f, correction1 = 1.0f, correction2 = 1.0f;
  // SNES: eta_sigma and the sum of the utility weights; SimpleES: the blend c.
  float sigma_rate = 0.0f;
  float weight_total = 0.0f;
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
};

TANSAKU_HD void step_element(StepRule rule, const StepScalars& s, const StepState& state, int64_t j) {
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
  }
}

// The CPU loop over all dim elements (spread over the thread pool).
void diagonal_step(StepRule rule, const StepScalars& scalars, const StepState& state, int64_t dim);

}  // namespace tansaku::es
