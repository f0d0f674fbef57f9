// CUDA merging (merge_gpu.h): one pass for the segment moments (SLERP only), the coefficients on
// the host (merge_coefficients.h, as on the CPU), then one streaming pass child = ca A + cb B with
// float4 loads. The streaming pass is the whole cost of a linear merge: 12 bytes per parameter.
#include <cuda_runtime.h>

#include <algorithm>

#include "cuda_util.cuh"
#include "merge_coefficients.h"
#include "merge_gpu.h"

namespace tansaku::merge::gpu {

namespace {

using ::tansaku::gpu::detail::check;
using ::tansaku::gpu::detail::DeviceBuffer;

constexpr int kThreads = 256;

int blocks_for(int64_t items) {
  int sms = 0;
  check(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0), "cudaDeviceGetAttribute");
  const int64_t wanted = (items + kThreads - 1) / kThreads;
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(wanted, int64_t{sms} * 8)));
}

// sums[0..2] = (dot, aa, bb) over i < split, sums[3..5] over i >= split; double atomics per block.
__global__ void moments_kernel(const float* a, const float* b, int64_t dim, int64_t split, double* sums) {
  double local[6] = {0, 0, 0, 0, 0, 0};
  for (int64_t i = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < dim; i += int64_t{gridDim.x} * blockDim.x) {
    const int k = i < split ? 0 : 3;
    const double x = a[i], y = b[i];
    local[k] += x * y;
    local[k + 1] += x * x;
    local[k + 2] += y * y;
  }
  __shared__ double shared[6][kThreads];
  for (int q = 0; q < 6; ++q) shared[q][threadIdx.x] = local[q];
  __syncthreads();
  for (int stride = kThreads / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride) {
      for (int q = 0; q < 6; ++q) shared[q][threadIdx.x] += shared[q][threadIdx.x + stride];
    }
    __syncthreads();
  }
  if (threadIdx.x < 6) atomicAdd(&sums[threadIdx.x], shared[threadIdx.x][0]);
}

__device__ __forceinline__ float4 mix4(float4 x, float4 y, int64_t i, int64_t split, const Coefficients& c) {
  float4 out;
  out.x = (i + 0 < split ? c.ca[0] : c.ca[1]) * x.x + (i + 0 < split ? c.cb[0] : c.cb[1]) * y.x;
  out.y = (i + 1 < split ? c.ca[0] : c.ca[1]) * x.y + (i + 1 < split ? c.cb[0] : c.cb[1]) * y.y;
  out.z = (i + 2 < split ? c.ca[0] : c.ca[1]) * x.z + (i + 2 < split ? c.cb[0] : c.cb[1]) * y.z;
  out.w = (i + 3 < split ? c.ca[0] : c.ca[1]) * x.w + (i + 3 < split ? c.cb[0] : c.cb[1]) * y.w;
  return out;
}

// child = ca A + cb B with the head/tail coefficients, in float4 (cudaMalloc'd buffers are 16-byte
// aligned). Each thread keeps two float4 pairs in flight per iteration, so more bytes are
// outstanding per SM: a streaming kernel is limited by memory-level parallelism, not arithmetic.
__global__ void apply_kernel(const float* a, const float* b, int64_t dim, int64_t split, Coefficients c, float* child) {
  const int64_t stride = int64_t{gridDim.x} * blockDim.x;
  const int64_t vectors = dim / 4;
  const float4* a4 = reinterpret_cast<const float4*>(a);
  const float4* b4 = reinterpret_cast<const float4*>(b);
  float4* c4 = reinterpret_cast<float4*>(child);
  int64_t v = blockIdx.x * int64_t{blockDim.x} + threadIdx.x;
  for (; v + stride < vectors; v += 2 * stride) {
    const float4 x0 = __ldcs(a4 + v), y0 = __ldcs(b4 + v);
    const float4 x1 = __ldcs(a4 + v + stride), y1 = __ldcs(b4 + v + stride);
    __stcs(c4 + v, mix4(x0, y0, 4 * v, split, c));
    __stcs(c4 + v + stride, mix4(x1, y1, 4 * (v + stride), split, c));
  }
  if (v < vectors) __stcs(c4 + v, mix4(__ldcs(a4 + v), __ldcs(b4 + v), 4 * v, split, c));
  for (int64_t i = 4 * vectors + blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < dim; i += stride) {
    const int k = i < split ? 0 : 1;
    child[i] = c.ca[k] * a[i] + c.cb[k] * b[i];
  }
}

// The same loop shape reading one vector: the copy bandwidth a kernel of this form reaches.
__global__ void copy_kernel(const float* a, int64_t dim, float* out) {
  const int64_t stride = int64_t{gridDim.x} * blockDim.x;
  const int64_t vectors = dim / 4;
  const float4* a4 = reinterpret_cast<const float4*>(a);
  float4* o4 = reinterpret_cast<float4*>(out);
  int64_t v = blockIdx.x * int64_t{blockDim.x} + threadIdx.x;
  for (; v + stride < vectors; v += 2 * stride) {
    const float4 x0 = __ldcs(a4 + v), x1 = __ldcs(a4 + v + stride);
    __stcs(o4 + v, x0);
    __stcs(o4 + v + stride, x1);
  }
  if (v < vectors) __stcs(o4 + v, __ldcs(a4 + v));
  for (int64_t i = 4 * vectors + blockIdx.x * int64_t{blockDim.x} + threadIdx.x; i < dim; i += stride) out[i] = a[i];
}

// The merge on device buffers (16-byte aligned, as cudaMalloc gives).
void merge_device(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp, Omega omega,
                  float* child, double* sums) {
  Coefficients c = from_moments(Moments{}, Moments{}, w, Interp::Linear, omega);
  if (interp == Interp::Slerp) {
    check(cudaMemset(sums, 0, 6 * sizeof(double)), "cudaMemset");
    moments_kernel<<<blocks_for(dim), kThreads>>>(a, b, dim, split, sums);
    check(cudaGetLastError(), "moments_kernel");
    double host[6];
    check(cudaMemcpy(host, sums, sizeof host, cudaMemcpyDeviceToHost), "cudaMemcpy moments");
    c = from_moments(Moments{host[0], host[1], host[2]}, Moments{host[3], host[4], host[5]}, w, interp, omega);
  }
  apply_kernel<<<blocks_for(dim / 8 + 1), kThreads>>>(a, b, dim, split, c, child);
  check(cudaGetLastError(), "apply_kernel");
}

}  // namespace

void merge_one(const float* a, const float* b, int64_t dim, int64_t split, float w, Interp interp, Omega omega,
               float* child) {
  const size_t bytes = static_cast<size_t>(dim) * sizeof(float);
  DeviceBuffer da(bytes), db(bytes), dc(bytes), sums(6 * sizeof(double));
  check(cudaMemcpy(da.as<float>(), a, bytes, cudaMemcpyHostToDevice), "cudaMemcpy a");
  check(cudaMemcpy(db.as<float>(), b, bytes, cudaMemcpyHostToDevice), "cudaMemcpy b");
  merge_device(da.as<float>(), db.as<float>(), dim, split, w, interp, omega, dc.as<float>(), sums.as<double>());
  check(cudaMemcpy(child, dc.as<float>(), bytes, cudaMemcpyDeviceToHost), "cudaMemcpy child");
}

MergeTiming benchmark_merge(int64_t dim, int32_t repetitions) {
  const size_t bytes = static_cast<size_t>(dim) * sizeof(float);
  DeviceBuffer da(bytes), db(bytes), dc(bytes), sums(6 * sizeof(double));
  check(cudaMemset(da.as<float>(), 0, bytes), "cudaMemset a");
  check(cudaMemset(db.as<float>(), 0, bytes), "cudaMemset b");
  cudaEvent_t start, stop;
  check(cudaEventCreate(&start), "cudaEventCreate");
  check(cudaEventCreate(&stop), "cudaEventCreate");
  auto time = [&](auto&& body) {
    body();  // warm-up
    check(cudaEventRecord(start), "cudaEventRecord");
    for (int32_t r = 0; r < repetitions; ++r) body();
    check(cudaEventRecord(stop), "cudaEventRecord");
    check(cudaEventSynchronize(stop), "cudaEventSynchronize");
    float ms = 0;
    check(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
    return static_cast<double>(ms) / repetitions;
  };
  MergeTiming timing;
  timing.copy_ms = time([&] { check(cudaMemcpy(dc.as<float>(), da.as<float>(), bytes, cudaMemcpyDeviceToDevice), "copy"); });
  timing.copy_kernel_ms = time([&] {
    copy_kernel<<<blocks_for(dim / 8 + 1), kThreads>>>(da.as<float>(), dim, dc.as<float>());
    check(cudaGetLastError(), "copy_kernel");
  });
  timing.linear_ms = time([&] {
    merge_device(da.as<float>(), db.as<float>(), dim, dim / 3, 0.3f, Interp::Linear, Omega::Global, dc.as<float>(), sums.as<double>());
  });
  timing.slerp_ms = time([&] {
    merge_device(da.as<float>(), db.as<float>(), dim, dim / 3, 0.3f, Interp::Slerp, Omega::Global, dc.as<float>(), sums.as<double>());
  });
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  return timing;
}

}  // namespace tansaku::merge::gpu
