// Penalty energy and gradient of many circle packings at once, in float or double, with the
// formula of circles::energy (circles.h). One thread evaluates one packing. For small n a block
// stages its packings in shared memory, transposed so that value k of thread t sits at
// [k * stride + t]: in the O(n^2) pair loop every warp then reads 32 consecutive words (no bank
// conflicts), while the copy in and out stays coalesced in global memory. For large n the staging
// area would not fit, and threads read their packing straight from global memory instead.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda_util.cuh"
#include "gpu.h"

namespace tansaku::gpu {

namespace {

using detail::check;

__device__ __forceinline__ float inv_sqrt(float v) { return rsqrtf(v); }
__device__ __forceinline__ double inv_sqrt(double v) { return rsqrt(v); }
__device__ __forceinline__ float max0(float v) { return fmaxf(0.0f, v); }
__device__ __forceinline__ double max0(double v) { return fmax(0.0, v); }

template <typename T>
struct EnergyArgs {
  const T* centers;  // [batch][n][2], device
  const T* radii;    // [batch][n], device
  int64_t batch;
  int32_t n;
  T width, height, weight;
  T* energy;  // [batch]
  T* grad_c;  // [batch][n][2], unused without gradients
  T* grad_r;  // [batch][n]
};

// One packing in shared memory: x[0..n), y[0..n), r[0..n) then gx, gy, gr, each value `stride`
// apart; base points at this thread's column.
template <typename T>
struct SharedView {
  T* base;
  int stride;
  int n;
  __device__ T& at(int slot) const { return base[slot * stride]; }
  __device__ T x(int i) const { return at(i); }
  __device__ T y(int i) const { return at(n + i); }
  __device__ T r(int i) const { return at(2 * n + i); }
  __device__ T& gx(int i) const { return at(3 * n + i); }
  __device__ T& gy(int i) const { return at(4 * n + i); }
  __device__ T& gr(int i) const { return at(5 * n + i); }
};

// One packing read in place from global memory; gradients accumulate in the output arrays.
template <typename T>
struct GlobalView {
  const T* c;
  const T* rad;
  T* gc;
  T* grad_r;
  __device__ T x(int i) const { return c[2 * i]; }
  __device__ T y(int i) const { return c[2 * i + 1]; }
  __device__ T r(int i) const { return rad[i]; }
  __device__ T& gx(int i) const { return gc[2 * i]; }
  __device__ T& gy(int i) const { return gc[2 * i + 1]; }
  __device__ T& gr(int i) const { return grad_r[i]; }
};

// The unweighted penalty of one packing. With kGrad it also writes half the penalty's gradient
// into the view's gradient slots: the 2 of every square and the weight are applied once on output.
template <bool kGrad, typename T, typename View>
__device__ T penalty_of(const View& v, int n, T width, T height) {
  T penalty = 0;
  for (int i = 0; i < n; ++i) {  // walls and negative radii; also initialises the gradient
    const T x = v.x(i), y = v.y(i), r = v.r(i);
    const T left = max0(r - x), right = max0(x + r - width);
    const T bottom = max0(r - y), top = max0(y + r - height);
    const T negative = max0(-r);
    penalty += left * left + right * right + bottom * bottom + top * top + negative * negative;
    if (kGrad) {
      v.gx(i) = right - left;
      v.gy(i) = top - bottom;
      v.gr(i) = left + right + bottom + top - negative;
    }
  }
  for (int i = 0; i + 1 < n; ++i) {
    const T xi = v.x(i), yi = v.y(i), ri = v.r(i);
    T gxi = 0, gyi = 0, gri = 0;
    for (int j = i + 1; j < n; ++j) {
      const T dx = xi - v.x(j), dy = yi - v.y(j);
      const T d2 = dx * dx + dy * dy;
      // Coincident centres (d = 0) still overlap by r_i + r_j but have no direction: inv = 0
      // gives d = 0 and a zero centre gradient. (d2 = inf gives d = NaN, and max0 turns the
      // overlap into 0, as sqrt would.)
      const T inv = d2 > T(0) ? inv_sqrt(d2) : T(0);
      const T overlap = max0(ri + v.r(j) - d2 * inv);
      penalty += overlap * overlap;
      if (kGrad) {
        const T along = overlap * inv;  // half of -d(overlap^2)/d(dx), divided by dx
        const T ax = along * dx, ay = along * dy;
        gxi -= ax;
        gyi -= ay;
        gri += overlap;
        v.gx(j) += ax;
        v.gy(j) += ay;
        v.gr(j) += overlap;
      }
    }
    if (kGrad) {
      v.gx(i) += gxi;
      v.gy(i) += gyi;
      v.gr(i) += gri;
    }
  }
  return penalty;
}

template <typename T, typename View>
__device__ T sum_radii(const View& v, int n) {
  T sum = 0;
  for (int i = 0; i < n; ++i) sum += v.r(i);
  return sum;
}

template <typename T, bool kGrad>
__global__ void energy_shared_kernel(EnergyArgs<T> a) {
  extern __shared__ __align__(16) unsigned char shared_bytes[];
  T* shared = reinterpret_cast<T*>(shared_bytes);
  const int threads = blockDim.x, t = threadIdx.x, n = a.n;
  const int stride = threads + 1;  // odd stride: the staging copies below hit distinct banks
  const int64_t rounds = (a.batch + threads - 1) / threads;
  for (int64_t round = blockIdx.x; round < rounds; round += gridDim.x) {
    const int64_t first = round * threads;
    const int count = static_cast<int>(min(static_cast<int64_t>(threads), a.batch - first));
    // Copy in: coalesced over the block's contiguous packings, transposed into columns.
    const T* centers = a.centers + first * 2 * n;
    for (int k = t; k < count * 2 * n; k += threads) {
      const int p = k / (2 * n), q = k - p * 2 * n;
      shared[((q & 1) * n + (q >> 1)) * stride + p] = centers[k];  // x_i -> slot i, y_i -> n + i
    }
    const T* radii = a.radii + first * n;
    for (int k = t; k < count * n; k += threads) {
      const int p = k / n, i = k - p * n;
      shared[(2 * n + i) * stride + p] = radii[k];
    }
    __syncthreads();
    if (t < count) {
      const SharedView<T> v{shared + t, stride, n};
      const T penalty = penalty_of<kGrad>(v, n, a.width, a.height);
      a.energy[first + t] = a.weight * penalty - sum_radii<T>(v, n);
    }
    if (kGrad) {
      __syncthreads();
      // Copy out, the transpose of the copy in; dE/dr also has the -1 of -sum r.
      const T scale = T(2) * a.weight;
      T* grad_c = a.grad_c + first * 2 * n;
      for (int k = t; k < count * 2 * n; k += threads) {
        const int p = k / (2 * n), q = k - p * 2 * n;
        grad_c[k] = scale * shared[((3 + (q & 1)) * n + (q >> 1)) * stride + p];
      }
      T* grad_r = a.grad_r + first * n;
      for (int k = t; k < count * n; k += threads) {
        const int p = k / n, i = k - p * n;
        grad_r[k] = scale * shared[(5 * n + i) * stride + p] - T(1);
      }
    }
    __syncthreads();  // the next round overwrites the staging area
  }
}

template <typename T, bool kGrad>
__global__ void energy_global_kernel(EnergyArgs<T> a) {
  const int n = a.n;
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t b = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; b < a.batch; b += step) {
    const GlobalView<T> v{a.centers + b * 2 * n, a.radii + b * n, kGrad ? a.grad_c + b * 2 * n : nullptr,
                          kGrad ? a.grad_r + b * n : nullptr};
    const T penalty = penalty_of<kGrad>(v, n, a.width, a.height);
    a.energy[b] = a.weight * penalty - sum_radii<T>(v, n);
    if (kGrad) {
      const T scale = T(2) * a.weight;
      for (int i = 0; i < n; ++i) {
        v.gx(i) *= scale;
        v.gy(i) *= scale;
        v.gr(i) = scale * v.gr(i) - T(1);
      }
    }
  }
}

// Shared staging when a block of at least 32 threads fits in the 48 KiB every kernel may use
// without an opt-in (for float with gradients that is n <= 62), otherwise global memory.
struct LaunchPlan {
  bool shared;
  int threads;
  size_t shared_bytes;
};

template <typename T>
LaunchPlan plan_for(int32_t n, bool grad) {
  constexpr size_t kSharedLimit = 48 * 1024;
  const size_t arrays = grad ? 6 : 3;
  for (int threads : {128, 64, 32}) {
    const size_t bytes = arrays * static_cast<size_t>(n) * (threads + 1) * sizeof(T);
    if (bytes <= kSharedLimit) return {true, threads, bytes};
  }
  return {false, 128, 0};
}

template <typename T>
void launch_energy(const EnergyArgs<T>& args, bool grad, cudaStream_t stream) {
  const LaunchPlan plan = plan_for<T>(args.n, grad);
  const unsigned grid = detail::grid_for(args.batch, plan.threads);
  if (plan.shared) {
    auto kernel = grad ? energy_shared_kernel<T, true> : energy_shared_kernel<T, false>;
    kernel<<<grid, plan.threads, plan.shared_bytes, stream>>>(args);
  } else {
    auto kernel = grad ? energy_global_kernel<T, true> : energy_global_kernel<T, false>;
    kernel<<<grid, plan.threads, 0, stream>>>(args);
  }
  check(cudaGetLastError(), "launching the circle energy kernel");
}

// Host buffers in and out, in rounds that bound the device memory used.
template <typename T>
void energy_batch(const T* centers, const T* radii, int64_t batch, int32_t n, T width, T height, T weight,
                  T* energy, T* grad_c, T* grad_r) {
  if (batch < 0 || n < 0) throw std::invalid_argument("circles energy (CUDA): batch and n must be >= 0");
  if (batch == 0) return;
  const bool grad = grad_c != nullptr || grad_r != nullptr;
  const size_t n2 = 2 * static_cast<size_t>(n);
  const int64_t round = std::min(batch, detail::packings_per_round(((grad ? 6 : 3) * n + 1) * sizeof(T)));
  using C = detail::Carver;
  const size_t per_round = C::bytes<T>(round * n2) + C::bytes<T>(round * n) + C::bytes<T>(round) +
                           (grad ? C::bytes<T>(round * n2) + C::bytes<T>(round * n) : 0);
  auto lease = detail::Workspace::instance().acquire(per_round);
  C carver(lease.data);
  EnergyArgs<T> args{};
  T* d_centers = carver.take<T>(round * n2);
  T* d_radii = carver.take<T>(round * n);
  args.energy = carver.take<T>(round);
  args.grad_c = grad ? carver.take<T>(round * n2) : nullptr;
  args.grad_r = grad ? carver.take<T>(round * n) : nullptr;
  args.centers = d_centers;
  args.radii = d_radii;
  args.n = n;
  args.width = width;
  args.height = height;
  args.weight = weight;
  const cudaStream_t s = lease.stream;
  const auto h2d = cudaMemcpyHostToDevice;
  const auto d2h = cudaMemcpyDeviceToHost;
  for (int64_t first = 0; first < batch; first += round) {
    const size_t count = static_cast<size_t>(std::min(round, batch - first));
    args.batch = static_cast<int64_t>(count);
    check(cudaMemcpyAsync(d_centers, centers + first * n2, count * n2 * sizeof(T), h2d, s), "copying centers");
    check(cudaMemcpyAsync(d_radii, radii + first * n, count * n * sizeof(T), h2d, s), "copying radii");
    launch_energy(args, grad, s);
    check(cudaMemcpyAsync(energy + first, args.energy, count * sizeof(T), d2h, s), "copying energy back");
    if (grad_c) {
      check(cudaMemcpyAsync(grad_c + first * n2, args.grad_c, count * n2 * sizeof(T), d2h, s),
            "copying grad_centers back");
    }
    if (grad_r) {
      check(cudaMemcpyAsync(grad_r + first * n, args.grad_r, count * n * sizeof(T), d2h, s),
            "copying grad_radii back");
    }
  }
  check(cudaStreamSynchronize(s), "running the circle energy kernel");
}

// Uniform in [0, 1) from a counter: the splitmix64 finaliser, good enough for benchmark inputs.
__device__ float hash_uniform(uint64_t key) {
  uint64_t z = key * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<float>(z >> 40) * 0x1.0p-24f;
}

// Random packings in the unit square with radii up to about the size of a dense packing's, so
// that many pairs overlap as in a solver's early iterations.
__global__ void fill_random_packings(float* centers, float* radii, int64_t circles, float max_radius) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t k = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; k < circles; k += step) {
    centers[2 * k] = hash_uniform(3 * k + 1);
    centers[2 * k + 1] = hash_uniform(3 * k + 2);
    radii[k] = max_radius * hash_uniform(3 * k + 3);
  }
}

class Event {
 public:
  Event() { check(cudaEventCreate(&event_), "cudaEventCreate"); }
  ~Event() { cudaEventDestroy(event_); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  cudaEvent_t get() const { return event_; }

 private:
  cudaEvent_t event_ = nullptr;
};

}  // namespace

void circles_energy_f32(const float* centers, const float* radii, int64_t batch, int32_t n, float width,
                        float height, float weight, float* energy, float* grad_centers, float* grad_radii) {
  energy_batch<float>(centers, radii, batch, n, width, height, weight, energy, grad_centers, grad_radii);
}

void circles_energy_f64(const double* centers, const double* radii, int64_t batch, int32_t n, double width,
                        double height, double weight, double* energy, double* grad_centers,
                        double* grad_radii) {
  energy_batch<double>(centers, radii, batch, n, width, height, weight, energy, grad_centers, grad_radii);
}

KernelTiming circles_energy_benchmark(int32_t n, int64_t batch, int32_t repetitions) {
  if (n < 1 || batch < 1 || repetitions < 1) {
    throw std::invalid_argument("circles energy benchmark: n, batch and repetitions must be >= 1");
  }
  check(cudaSetDevice(0), "cudaSetDevice(0)");
  const size_t circles = static_cast<size_t>(batch) * n;
  detail::DeviceBuffer centers(2 * circles * sizeof(float)), radii(circles * sizeof(float));
  detail::DeviceBuffer energy(batch * sizeof(float));
  detail::DeviceBuffer grad_c(2 * circles * sizeof(float)), grad_r(circles * sizeof(float));
  const float max_radius = 1.2f / std::sqrt(static_cast<float>(n));
  fill_random_packings<<<detail::grid_for(static_cast<int64_t>(circles), 256), 256>>>(
      centers.as<float>(), radii.as<float>(), static_cast<int64_t>(circles), max_radius);
  check(cudaGetLastError(), "launching fill_random_packings");

  const EnergyArgs<float> args{centers.as<float>(), radii.as<float>(), batch, n, 1.0f, 1.0f, 10.0f,
                               energy.as<float>(), grad_c.as<float>(), grad_r.as<float>()};
  launch_energy(args, true, nullptr);  // warm-up: module load, clocks, caches
  check(cudaDeviceSynchronize(), "warm-up launch");

  Event start, stop;
  std::vector<float> times_ms;
  for (int32_t k = 0; k < repetitions; ++k) {
    check(cudaEventRecord(start.get(), nullptr), "cudaEventRecord");
    launch_energy(args, true, nullptr);
    check(cudaEventRecord(stop.get(), nullptr), "cudaEventRecord");
    check(cudaEventSynchronize(stop.get()), "timed launch");
    float ms = 0.0f;
    check(cudaEventElapsedTime(&ms, start.get(), stop.get()), "cudaEventElapsedTime");
    times_ms.push_back(ms);
  }
  std::sort(times_ms.begin(), times_ms.end());
  const size_t mid = times_ms.size() / 2;
  const double median = times_ms.size() % 2 ? times_ms[mid] : 0.5 * (double(times_ms[mid - 1]) + times_ms[mid]);
  KernelTiming timing;
  timing.median_ms = median;
  timing.evals_per_sec = median > 0.0 ? static_cast<double>(batch) / (median * 1e-3) : 0.0;
  return timing;
}

}  // namespace tansaku::gpu
