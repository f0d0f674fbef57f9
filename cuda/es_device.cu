// DeviceSession: one strategy's search state and population resident on device 0. Asks sample on
// the device with the CPU's counter-based noise and evaluate there; tells compute the noise sums
// and (for element-wise strategies) the mean and sigma step there too, so only the P fitness values
// and P weights cross the bus, plus whatever the caller downloads.
#include <cuda_runtime.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "cuda_util.cuh"
#include "es_gpu.h"
#include "es_kernels.cuh"

namespace tansaku::es::gpu {

namespace {

using ::tansaku::gpu::detail::check;
using ::tansaku::gpu::detail::DeviceBuffer;
using ::tansaku::gpu::detail::grid_for;

// One pass of es_update.h over every element; the pass's sum goes to *sum (zeroed by the caller).
__global__ void step_kernel(StepRule rule, StepScalars scalars, StepState state, int64_t dim, double* sum) {
  double partial = 0.0;
  for (int64_t j = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; j < dim; j += int64_t{gridDim.x} * blockDim.x) {
    partial += step_element(rule, scalars, state, j);
  }
  partial = kernels::block_sum(partial);
  if (threadIdx.x == 0 && partial != 0.0) atomicAdd(sum, partial);
}

__global__ void fill_kernel(float* out, int64_t count, float value) {
  for (int64_t j = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; j < count; j += int64_t{gridDim.x} * blockDim.x) out[j] = value;
}

class CudaSession final : public DeviceSession {
 public:
  CudaSession(Layout layout, int64_t sigma_length)
      : layout_(layout), sigma_length_(sigma_length), mean_(bytes(layout.dim)), sigma_(bytes(sigma_length)),
        fitness_(static_cast<size_t>(layout.popsize) * sizeof(double)), weights_a_(bytes(layout.popsize)),
        weights_b_(bytes(layout.popsize)) {
    check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate (es session)");
  }
  ~CudaSession() override {
    if (stream_) cudaStreamDestroy(stream_);
  }

  Layout layout() const override { return layout_; }

  void sample(NoiseKey key, const float* mean, const float* sigma) override {
    std::lock_guard<std::mutex> lock(mutex_);
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    upload(mean, sigma);
    require_state("sample");
    if (!population_) population_ = std::make_unique<DeviceBuffer>(bytes(layout_.popsize * layout_.dim));
    const int64_t items = (layout_.dim + 1) / 2 * layout_.noise_rows();
    kernels::sample<<<grid_for(items, 256), 256, 0, stream_>>>(key, layout_, mean_.as<float>(), sigma_.as<float>(),
                                                                 per_dim(), population_->as<float>());
    check(cudaGetLastError(), "es session sample kernel");
    check(cudaStreamSynchronize(stream_), "es session sample");
    sampled_ = true;
  }

  void evaluate(Problem problem, double* fitness) override {
    std::lock_guard<std::mutex> lock(mutex_);
    require_sample("evaluate");
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    check(cudaMemsetAsync(fitness_.as<double>(), 0, layout_.popsize * sizeof(double), stream_), "zero fitness");
    kernels::launch_evaluate(problem, population_->as<float>(), layout_.popsize, layout_.dim, fitness_.as<double>(), stream_);
    check(cudaGetLastError(), "es session evaluate kernel");
    copy_fitness(fitness);
  }

  void sample_evaluate(NoiseKey key, const float* mean, const float* sigma, Problem problem, double* fitness) override {
    std::lock_guard<std::mutex> lock(mutex_);
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    upload(mean, sigma);
    require_state("sample_evaluate");
    check(cudaMemsetAsync(fitness_.as<double>(), 0, layout_.popsize * sizeof(double), stream_), "zero fitness");
    kernels::launch_sample_evaluate(problem, key, layout_, mean_.as<float>(), sigma_.as<float>(), per_dim(),
                                    fitness_.as<double>(), stream_);
    check(cudaGetLastError(), "es session sample_evaluate kernel");
    copy_fitness(fitness);
    sampled_ = false;  // the resident population (if any) is of an older generation now
  }

  void download(float* population) override {
    std::lock_guard<std::mutex> lock(mutex_);
    require_sample("download");
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    check(cudaMemcpyAsync(population, population_->as<float>(), bytes(layout_.popsize * layout_.dim),
                          cudaMemcpyDeviceToHost, stream_),
          "copy population");
    check(cudaStreamSynchronize(stream_), "es session download");
  }

  void set_state(const float* mean, const float* sigma) override {
    std::lock_guard<std::mutex> lock(mutex_);
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    upload(mean, sigma);
    check(cudaStreamSynchronize(stream_), "es session set_state");
  }

  void get_state(float* mean, float* sigma) override {
    std::lock_guard<std::mutex> lock(mutex_);
    require_state("get_state");
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    if (mean) check(cudaMemcpyAsync(mean, mean_.as<float>(), bytes(layout_.dim), cudaMemcpyDeviceToHost, stream_), "copy mean");
    if (sigma) {
      check(cudaMemcpyAsync(sigma, sigma_.as<float>(), bytes(sigma_length_), cudaMemcpyDeviceToHost, stream_), "copy sigma");
    }
    check(cudaStreamSynchronize(stream_), "es session get_state");
  }

  void moments(NoiseKey key, int64_t rows, const float* a, const float* b) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (rows < 1 || rows > layout_.popsize) throw std::out_of_range("moments: rows must be in [1, popsize]");
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    const size_t dim_bytes = bytes(layout_.dim);
    if (!first_) first_ = std::make_unique<DeviceBuffer>(dim_bytes);
    if (b && !second_) second_ = std::make_unique<DeviceBuffer>(dim_bytes);
    check(cudaMemcpyAsync(weights_a_.as<float>(), a, bytes(rows), cudaMemcpyHostToDevice, stream_), "copy a");
    if (b) check(cudaMemcpyAsync(weights_b_.as<float>(), b, bytes(rows), cudaMemcpyHostToDevice, stream_), "copy b");
    check(cudaMemsetAsync(first_->as<float>(), 0, dim_bytes, stream_), "zero first");
    if (b) check(cudaMemsetAsync(second_->as<float>(), 0, dim_bytes, stream_), "zero second");
    const int64_t slices = kernels::moment_slices(rows, layout_.dim);
    const int64_t per_slice = (rows + slices - 1) / slices;
    const unsigned blocks = static_cast<unsigned>(((layout_.dim + 1) / 2 + 255) / 256);
    kernels::noise_moments<<<dim3(blocks, static_cast<unsigned>(slices)), 256, 0, stream_>>>(
        key, rows, layout_.dim, per_slice, weights_a_.as<float>(), b ? weights_b_.as<float>() : nullptr, first_->as<float>(),
        b ? second_->as<float>() : nullptr);
    check(cudaGetLastError(), "es session moments kernel");
    check(cudaStreamSynchronize(stream_), "es session moments");
    has_second_ = b != nullptr;
  }

  double step(StepRule rule, const StepScalars& scalars) override {
    std::lock_guard<std::mutex> lock(mutex_);
    require_state("step");
    if (!first_) throw std::logic_error("step needs moments first");
    const bool needs_second = step_needs_second(rule);
    if (needs_second && !has_second_) throw std::logic_error("this step rule needs second moments");
    const bool pgpe = rule == StepRule::pgpe_velocity || rule == StepRule::pgpe_apply;
    const bool sep_cma = rule == StepRule::sep_cma_paths || rule == StepRule::sep_cma_covariance;
    if ((pgpe || sep_cma || rule == StepRule::snes || rule == StepRule::simple_es || rule == StepRule::pgpe_gradient_norm) &&
        !per_dim()) {
      throw std::logic_error("this step rule needs a per-dimension sigma");
    }
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    if (rule == StepRule::adam && !adam_) adam_ = filled(2 * layout_.dim, 0.0f);
    if (pgpe && !velocity_) velocity_ = filled(layout_.dim, 0.0f);
    if (sep_cma && !paths_) {
      paths_ = filled(2 * layout_.dim, 0.0f);
      covariance_ = filled(layout_.dim, 1.0f + 1e-8f);  // C = I, clamped as before the first ask
    }
    StepState state;
    state.mean = mean_.as<float>();
    state.sigma = sigma_.as<float>();
    state.sigma_per_dim = per_dim();
    state.first = first_->as<float>();
    state.second = needs_second ? second_->as<float>() : nullptr;
    state.moment1 = adam_ ? adam_->as<float>() : nullptr;
    state.moment2 = adam_ ? adam_->as<float>() + layout_.dim : nullptr;
    state.velocity = velocity_ ? velocity_->as<float>() : nullptr;
    state.path_sigma = paths_ ? paths_->as<float>() : nullptr;
    state.path_c = paths_ ? paths_->as<float>() + layout_.dim : nullptr;
    state.covariance = covariance_ ? covariance_->as<float>() : nullptr;
    check(cudaMemsetAsync(sum_.as<double>(), 0, sizeof(double), stream_), "zero step sum");
    step_kernel<<<grid_for(layout_.dim, 256), 256, 0, stream_>>>(rule, scalars, state, layout_.dim, sum_.as<double>());
    check(cudaGetLastError(), "es session step kernel");
    double sum = 0.0;
    check(cudaMemcpyAsync(&sum, sum_.as<double>(), sizeof(double), cudaMemcpyDeviceToHost, stream_), "copy step sum");
    check(cudaStreamSynchronize(stream_), "es session step");
    return sum;
  }

  void get_vector(StateVector which, float* out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    const float* source = nullptr;
    switch (which) {
      case StateVector::velocity: source = velocity_ ? velocity_->as<float>() : nullptr; break;
      case StateVector::path_sigma: source = paths_ ? paths_->as<float>() : nullptr; break;
      case StateVector::path_c: source = paths_ ? paths_->as<float>() + layout_.dim : nullptr; break;
      case StateVector::covariance: source = covariance_ ? covariance_->as<float>() : nullptr; break;
    }
    if (!source) throw std::logic_error("get_vector: this session has not kept that vector (no step of its strategy yet)");
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    check(cudaMemcpyAsync(out, source, bytes(layout_.dim), cudaMemcpyDeviceToHost, stream_), "copy state vector");
    check(cudaStreamSynchronize(stream_), "es session get_vector");
  }

  void download_row(int64_t row, float* out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    require_sample("download_row");
    if (row < 0 || row >= layout_.popsize) throw std::out_of_range("row " + std::to_string(row) + " is outside the population");
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    check(cudaMemcpyAsync(out, population_->as<float>() + row * layout_.dim, bytes(layout_.dim), cudaMemcpyDeviceToHost,
                          stream_),
          "copy population row");
    check(cudaStreamSynchronize(stream_), "es session download_row");
  }

 private:
  static size_t bytes(int64_t floats) { return static_cast<size_t>(floats) * sizeof(float); }
  bool per_dim() const { return sigma_length_ != 1 || layout_.dim == 1; }

  // A new device vector of `count` floats, all `value` (enqueued on the session's stream).
  std::unique_ptr<DeviceBuffer> filled(int64_t count, float value) {
    auto buffer = std::make_unique<DeviceBuffer>(bytes(count));
    fill_kernel<<<grid_for(count, 256), 256, 0, stream_>>>(buffer->as<float>(), count, value);
    check(cudaGetLastError(), "es session fill kernel");
    return buffer;
  }

  // Null keeps the resident vector.
  void upload(const float* mean, const float* sigma) {
    if (mean) {
      check(cudaMemcpyAsync(mean_.as<float>(), mean, bytes(layout_.dim), cudaMemcpyHostToDevice, stream_), "copy mean");
      has_mean_ = true;
    }
    if (sigma) {
      check(cudaMemcpyAsync(sigma_.as<float>(), sigma, bytes(sigma_length_), cudaMemcpyHostToDevice, stream_), "copy sigma");
      has_sigma_ = true;
    }
  }

  void require_state(const char* what) const {
    if (!has_mean_ || !has_sigma_) throw std::logic_error(std::string(what) + " needs a mean and sigma uploaded first");
  }

  void copy_fitness(double* fitness) {
    check(cudaMemcpyAsync(fitness, fitness_.as<double>(), layout_.popsize * sizeof(double), cudaMemcpyDeviceToHost, stream_),
          "copy fitness");
    check(cudaStreamSynchronize(stream_), "es session fitness");
  }

  void require_sample(const char* what) const {
    if (!sampled_) throw std::logic_error(std::string(what) + " needs a stored sample first (the last ask was fused or absent)");
  }

  Layout layout_;
  int64_t sigma_length_;
  DeviceBuffer mean_;
  DeviceBuffer sigma_;
  DeviceBuffer fitness_;
  DeviceBuffer weights_a_;
  DeviceBuffer weights_b_;
  std::unique_ptr<DeviceBuffer> population_;  // allocated on the first stored ask
  std::unique_ptr<DeviceBuffer> first_;       // the noise sums of the last tell
  std::unique_ptr<DeviceBuffer> second_;
  std::unique_ptr<DeviceBuffer> adam_;        // Adam's first and second moments, 2 x dim
  std::unique_ptr<DeviceBuffer> velocity_;    // PGPE's ClipUp velocity
  std::unique_ptr<DeviceBuffer> paths_;       // sep-CMA-ES's p_sigma and p_c, 2 x dim
  std::unique_ptr<DeviceBuffer> covariance_;  // sep-CMA-ES's diagonal C
  DeviceBuffer sum_{sizeof(double)};          // the reduction of a step pass
  bool has_mean_ = false;
  bool has_sigma_ = false;
  bool has_second_ = false;
  cudaStream_t stream_ = nullptr;
  std::mutex mutex_;
  bool sampled_ = false;
};

}  // namespace

std::shared_ptr<DeviceSession> DeviceSession::create(Layout layout, int64_t sigma_length) {
  if (layout.popsize < 1 || layout.dim < 1) throw std::invalid_argument("an ES session needs popsize >= 1 and dim >= 1");
  if (sigma_length != 1 && sigma_length != layout.dim) throw std::invalid_argument("sigma must have 1 or dim elements");
  check(cudaSetDevice(0), "cudaSetDevice(0)");
  return std::make_shared<CudaSession>(layout, sigma_length);
}

}  // namespace tansaku::es::gpu
