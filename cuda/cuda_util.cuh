// Shared helpers of the CUDA kernels: error checks that throw, RAII device memory, and one
// process-wide workspace so that repeated batch calls (the solver calls energy in a loop) do not pay
// for cudaMalloc/cudaFree every time.
#pragma once
#include <cuda_runtime.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>

namespace tansaku::gpu::detail {

// Throws std::runtime_error naming the failed call and CUDA's own description of the error.
inline void check(cudaError_t status, const char* what) {
  if (status == cudaSuccess) return;
  cudaGetLastError();  // clear the error where it is not sticky, so the next call starts clean
  throw std::runtime_error(std::string("CUDA error in ") + what + ": " + cudaGetErrorString(status) + " (" +
                           cudaGetErrorName(status) + ")");
}
#define TANSAKU_CUDA_CHECK(call) ::tansaku::gpu::detail::check((call), #call)

// Device memory owned for one scope.
class DeviceBuffer {
 public:
  explicit DeviceBuffer(size_t bytes) {
    if (bytes > 0) check(cudaMalloc(&data_, bytes), "cudaMalloc");
  }
  ~DeviceBuffer() {
    if (data_) cudaFree(data_);
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  template <typename T>
  T* as() const {
    return static_cast<T*>(data_);
  }

 private:
  void* data_ = nullptr;
};

// Splits one allocation into aligned pieces: take<T>(count) hands out the next piece.
class Carver {
 public:
  explicit Carver(void* base) : base_(static_cast<char*>(base)) {}
  template <typename T>
  T* take(size_t count) {
    T* piece = reinterpret_cast<T*>(base_ + used_);
    used_ += round_up(count * sizeof(T));
    return piece;
  }
  template <typename T>
  static size_t bytes(size_t count) {
    return round_up(count * sizeof(T));
  }

 private:
  static size_t round_up(size_t bytes) { return (bytes + 255) / 256 * 256; }
  char* base_;
  size_t used_ = 0;
};

// A grow-only device buffer and a stream, used by one call at a time (the lease holds the lock for
// the whole call). Never freed: freeing at static destruction can run after cudart has shut down.
class Workspace {
 public:
  struct Lease {
    std::unique_lock<std::mutex> lock;
    void* data;
    cudaStream_t stream;
  };

  static Workspace& instance() {
    static Workspace* workspace = new Workspace();
    return *workspace;
  }

  Lease acquire(size_t bytes) {
    std::unique_lock<std::mutex> lock(mutex_);
    check(cudaSetDevice(0), "cudaSetDevice(0)");
    if (!stream_) check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
    if (bytes > capacity_) {
      const size_t grown = std::max(bytes, capacity_ + capacity_ / 2);  // amortise slow growth
      if (data_) cudaFree(data_);
      data_ = nullptr;
      capacity_ = 0;
      check(cudaMalloc(&data_, grown), "cudaMalloc (workspace)");
      capacity_ = grown;
    }
    return Lease{std::move(lock), data_, stream_};
  }

 private:
  std::mutex mutex_;
  void* data_ = nullptr;
  size_t capacity_ = 0;
  cudaStream_t stream_ = nullptr;
};

// Packings per round trip: bounds the workspace (about 256 MiB) however large the batch is.
inline int64_t packings_per_round(size_t bytes_per_packing) {
  const size_t budget = size_t{256} << 20;
  return std::max<int64_t>(1, static_cast<int64_t>(budget / std::max<size_t>(1, bytes_per_packing)));
}

// Grid size for grid-stride kernels: enough blocks to fill the device, never above CUDA's limit.
inline unsigned grid_for(int64_t work_items, int threads_per_block) {
  const int64_t blocks = (work_items + threads_per_block - 1) / threads_per_block;
  return static_cast<unsigned>(std::clamp<int64_t>(blocks, 1, int64_t{1} << 20));
}

}  // namespace tansaku::gpu::detail
