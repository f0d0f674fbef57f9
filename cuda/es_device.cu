// DeviceSession: one strategy's population resident on device 0. Each ask uploads the mean and sigma
// (O(D)), samples on the device with the CPU's counter-based noise, and evaluates there; only the
// P fitness values (and, on request, the population or one row) come back to the host.
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

class CudaSession final : public DeviceSession {
 public:
  CudaSession(Layout layout, int64_t sigma_length)
      : layout_(layout), sigma_length_(sigma_length), mean_(bytes(layout.dim)), sigma_(bytes(sigma_length)),
        fitness_(static_cast<size_t>(layout.popsize) * sizeof(double)) {
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

  void upload(const float* mean, const float* sigma) {
    check(cudaMemcpyAsync(mean_.as<float>(), mean, bytes(layout_.dim), cudaMemcpyHostToDevice, stream_), "copy mean");
    check(cudaMemcpyAsync(sigma_.as<float>(), sigma, bytes(sigma_length_), cudaMemcpyHostToDevice, stream_), "copy sigma");
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
  std::unique_ptr<DeviceBuffer> population_;  // allocated on the first stored ask
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
