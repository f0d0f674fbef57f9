// CUDA parity of the ES core: the device draws the same counter-based normals as the CPU, so
// sampling, the fused sphere and the noise moments agree to float rounding, and so does the
// device-resident session (sample, evaluate and fused ask for every problem, downloads). Timings
// are in tansaku-bench_es_cuda. Exit 77 (skipped) without a device.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "es.h"
#include "es_gpu.h"
#include "es_update.h"
#include "gpu.h"
#include "self_check.h"

namespace {

using tansaku::self_check::expect;

}  // namespace

int main() {
  if (tansaku::self_check::no_cuda_device()) return tansaku::self_check::kSkipped;
  using namespace tansaku::es;
  const NoiseKey key{2024, 3};
  const int64_t popsize = 64, dim = 10007;
  std::vector<float> mean(dim), sigma(dim);
  for (int64_t j = 0; j < dim; ++j) {
    mean[j] = std::sin(0.1f * float(j));
    sigma[j] = 0.05f + 0.01f * float(j % 17);
  }
  for (const bool per_dim : {true, false}) {
    for (const bool antithetic : {true, false}) {
      const Layout layout{popsize, dim, antithetic};
      const Search search{mean.data(), sigma.data(), per_dim};
      std::vector<float> cpu(popsize * dim), gpu(popsize * dim);
      sample(key, layout, search, cpu.data());
      gpu::sample(key, layout, search, gpu.data());
      double error = 0;
      for (size_t k = 0; k < cpu.size(); ++k) error = std::max(error, double(std::fabs(cpu[k] - gpu[k])));
      expect(error < 1e-4, "sample: device equals host", error);

      std::vector<double> cpu_fitness(popsize), gpu_fitness(popsize);
      sample_sphere(key, layout, search, cpu_fitness.data());
      gpu::sample_sphere(key, layout, search, gpu_fitness.data());
      double relative = 0;
      for (int64_t i = 0; i < popsize; ++i) relative = std::max(relative, std::fabs(gpu_fitness[i] / cpu_fitness[i] - 1));
      expect(relative < 1e-4, "sample_sphere: device equals host", relative);
    }
  }
  const int64_t rows = 40;
  std::vector<float> a(rows), b(rows);
  for (int64_t r = 0; r < rows; ++r) {
    a[r] = r % 5 == 0 ? 0.0f : std::cos(float(r));
    b[r] = r % 5 == 0 ? 0.0f : 0.5f + 0.01f * float(r);
  }
  std::vector<float> cpu1(dim), cpu2(dim), gpu1(dim), gpu2(dim);
  noise_moments(key, rows, dim, a.data(), b.data(), cpu1.data(), cpu2.data());
  gpu::noise_moments(key, rows, dim, a.data(), b.data(), gpu1.data(), gpu2.data());
  double error = 0;
  for (int64_t j = 0; j < dim; ++j) error = std::max(error, double(std::fabs(cpu1[j] - gpu1[j]) + std::fabs(cpu2[j] - gpu2[j])));
  expect(error < 1e-3, "noise_moments: device equals host", error);

  // The device-resident session: the same population, every problem's fitness stored and fused,
  // and single rows, against the CPU. Odd dim (a half pair at the end) and antithetic or not.
  const Problem problems[] = {Problem::sphere, Problem::rosenbrock, Problem::rastrigin};
  const char* problem_names[] = {"sphere", "rosenbrock", "rastrigin"};
  for (const bool antithetic : {true, false}) {
    const Layout layout{popsize, dim, antithetic};
    for (const bool per_dim : {true, false}) {
      const Search search{mean.data(), sigma.data(), per_dim};
      auto session = gpu::DeviceSession::create(layout, per_dim ? dim : 1);
      std::vector<float> cpu(popsize * dim), device(popsize * dim), row(dim);
      sample(key, layout, search, cpu.data());
      session->sample(key, mean.data(), sigma.data());
      session->download(device.data());
      double error = 0;
      for (size_t k = 0; k < cpu.size(); ++k) error = std::max(error, double(std::fabs(cpu[k] - device[k])));
      expect(error < 1e-4, "session sample: device equals host", error);
      session->download_row(popsize - 1, row.data());
      error = 0;
      for (int64_t j = 0; j < dim; ++j) error = std::max(error, double(std::fabs(row[j] - cpu[(popsize - 1) * dim + j])));
      expect(error < 1e-4, "session download_row: last row equals host", error);
      for (int p = 0; p < 3; ++p) {
        std::vector<double> host(popsize), stored(popsize), fused(popsize);
        evaluate(problems[p], cpu.data(), popsize, dim, host.data());
        session->evaluate(problems[p], stored.data());
        double relative = 0;
        for (int64_t i = 0; i < popsize; ++i) relative = std::max(relative, std::fabs(stored[i] / host[i] - 1));
        std::printf("  %s antithetic=%d per_dim=%d\n", problem_names[p], int(antithetic), int(per_dim));
        expect(relative < 1e-4, "session evaluate: device equals host", relative);
        session->sample_evaluate(key, mean.data(), sigma.data(), problems[p], fused.data());
        relative = 0;
        for (int64_t i = 0; i < popsize; ++i) relative = std::max(relative, std::fabs(fused[i] / host[i] - 1));
        expect(relative < 1e-4, "session fused sample_evaluate: device equals host", relative);
        std::vector<double> fused_host_args(popsize);
        gpu::sample_evaluate(problems[p], key, layout, search, fused_host_args.data());
        relative = 0;
        for (int64_t i = 0; i < popsize; ++i) relative = std::max(relative, std::fabs(fused_host_args[i] / host[i] - 1));
        expect(relative < 1e-4, "gpu::sample_evaluate (host buffers): device equals host", relative);
        session->sample(key, mean.data(), sigma.data());  // sample_evaluate leaves no stored population
      }
    }
  }
  // Device-resident updates: the session's moments and steps (SNES with per-dimension sigma, Adam
  // twice with a scalar sigma) leave the same mean and sigma as the CPU's noise_moments + diagonal_step.
  {
    std::vector<float> weights(popsize);
    float weight_total = 0.0f;
    for (int64_t r = 0; r < popsize; ++r) weight_total += weights[r] = 0.1f * std::cos(float(r));
    std::vector<float> first(dim), second(dim), device_mean(dim), device_sigma(dim);
    StepScalars snes_scalars;
    snes_scalars.learning_rate = 0.5f;
    snes_scalars.sigma_rate = 0.2f;
    snes_scalars.weight_total = weight_total;
    auto session = gpu::DeviceSession::create(Layout{popsize, dim, false}, dim);
    session->set_state(mean.data(), sigma.data());
    session->moments(key, popsize, weights.data(), weights.data());
    session->step(StepRule::snes, snes_scalars);
    session->get_state(device_mean.data(), device_sigma.data());
    std::vector<float> host_mean = mean, host_sigma = sigma;
    noise_moments(key, popsize, dim, weights.data(), weights.data(), first.data(), second.data());
    StepState state;
    state.mean = host_mean.data();
    state.sigma = host_sigma.data();
    state.sigma_per_dim = true;
    state.first = first.data();
    state.second = second.data();
    diagonal_step(StepRule::snes, snes_scalars, state, dim);
    double error = 0;
    for (int64_t j = 0; j < dim; ++j) {
      error = std::max(error, double(std::fabs(device_mean[j] - host_mean[j]) + std::fabs(device_sigma[j] - host_sigma[j])));
    }
    expect(error < 1e-4, "session moments + snes step: device equals host", error);

    const float scalar_sigma = 0.3f;
    auto adam_session = gpu::DeviceSession::create(Layout{popsize, dim, true}, 1);
    adam_session->set_state(mean.data(), &scalar_sigma);
    std::vector<float> adam_mean = mean, moment1(dim, 0.0f), moment2(dim, 0.0f);
    const NoiseKey keys[] = {{2024, 3}, {2024, 4}};
    for (int t = 1; t <= 2; ++t) {
      StepScalars adam_scalars;
      adam_scalars.learning_rate = 0.01f;
      adam_scalars.correction1 = 1.0f - std::pow(0.9f, float(t));
      adam_scalars.correction2 = 1.0f - std::pow(0.999f, float(t));
      const int64_t rows = popsize / 2;
      adam_session->moments(keys[t - 1], rows, weights.data(), nullptr);
      adam_session->step(StepRule::adam, adam_scalars);
      noise_moments(keys[t - 1], rows, dim, weights.data(), nullptr, first.data(), nullptr);
      StepState adam_state;
      adam_state.mean = adam_mean.data();
      adam_state.sigma = const_cast<float*>(&scalar_sigma);
      adam_state.first = first.data();
      adam_state.moment1 = moment1.data();
      adam_state.moment2 = moment2.data();
      diagonal_step(StepRule::adam, adam_scalars, adam_state, dim);
    }
    adam_session->get_state(device_mean.data(), nullptr);
    error = 0;
    for (int64_t j = 0; j < dim; ++j) error = std::max(error, double(std::fabs(device_mean[j] - adam_mean[j])));
    expect(error < 1e-4, "session moments + two adam steps: device equals host", error);
  }

  // The multi-pass updates (PGPE's ClipUp, sep-CMA-ES's paths and covariance): each pass's sum and
  // the resident vectors afterwards equal the CPU's diagonal_step on the same moments.
  {
    std::vector<float> weights(popsize), second_weights(popsize);
    for (int64_t r = 0; r < popsize; ++r) {
      weights[r] = 0.05f * std::sin(float(r) + 0.5f);
      second_weights[r] = 0.02f * std::cos(float(r));
    }
    std::vector<float> first(dim), second(dim);
    noise_moments(key, popsize, dim, weights.data(), second_weights.data(), first.data(), second.data());
    for (const bool pgpe : {true, false}) {
      auto session = gpu::DeviceSession::create(Layout{popsize, dim, false}, dim);
      session->set_state(mean.data(), sigma.data());
      session->moments(key, popsize, weights.data(), second_weights.data());
      std::vector<float> host_mean = mean, host_sigma = sigma, velocity(dim, 0.0f), path_sigma(dim, 0.0f), path_c(dim, 0.0f),
                         covariance(dim, 1.0f + 1e-8f);
      StepState state;
      state.mean = host_mean.data();
      state.sigma = host_sigma.data();
      state.sigma_per_dim = true;
      state.first = first.data();
      state.second = second.data();
      state.velocity = velocity.data();
      state.path_sigma = path_sigma.data();
      state.path_c = path_c.data();
      state.covariance = covariance.data();
      StepScalars scalars;
      const StepRule passes[3] = {pgpe ? StepRule::pgpe_gradient_norm : StepRule::sep_cma_paths,
                                  pgpe ? StepRule::pgpe_velocity : StepRule::sep_cma_covariance, StepRule::pgpe_apply};
      double sum_error = 0;
      for (int pass = 0; pass < (pgpe ? 3 : 2); ++pass) {
        if (pgpe) {
          scalars.sigma_rate = 0.1f;
          scalars.weight_total = 0.01f;
          scalars.learning_rate = 0.01f;
          scalars.speed_scale = 0.5f;
        } else {
          scalars.path_sigma_decay = 0.6f;
          scalars.path_sigma_rate = 0.9f;
          scalars.path_c_decay = 0.5f;
          scalars.path_c_rate = 0.8f;
          scalars.covariance_decay = 0.93f;
          scalars.c1 = 0.05f;
          scalars.c_mu = 0.04f;
          scalars.new_sigma = 0.65f;
        }
        const double device_sum = session->step(passes[pass], scalars);
        const double host_sum = diagonal_step(passes[pass], scalars, state, dim);
        sum_error = std::max(sum_error, std::fabs(device_sum - host_sum) / std::max(1.0, std::fabs(host_sum)));
        if (pass == 0 && pgpe) scalars.gradient_norm = static_cast<float>(std::sqrt(host_sum));
      }
      expect(sum_error < 1e-4, pgpe ? "pgpe passes: device sums equal host" : "sep_cma passes: device sums equal host", sum_error);
      std::vector<float> device_mean(dim), device_sigma(dim), device_vector(dim);
      session->get_state(device_mean.data(), device_sigma.data());
      session->get_vector(pgpe ? gpu::StateVector::velocity : gpu::StateVector::covariance, device_vector.data());
      const std::vector<float>& host_vector = pgpe ? velocity : covariance;
      double error = 0;
      for (int64_t j = 0; j < dim; ++j) {
        error = std::max(error, double(std::fabs(device_mean[j] - host_mean[j]) + std::fabs(device_sigma[j] - host_sigma[j]) +
                                       std::fabs(device_vector[j] - host_vector[j])));
      }
      expect(error < 1e-4, pgpe ? "pgpe passes: device state equals host" : "sep_cma passes: device state equals host", error);
    }
  }

  return tansaku::self_check::exit_code();
}
