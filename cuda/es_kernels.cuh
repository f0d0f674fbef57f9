// The ES kernels shared by the host API (es_open.cu) and the device-resident benchmark
// (es_bench.cu). They draw the same counter-based normals as the CPU (native/core/es_noise.h).
#pragma once
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>

#include "es.h"
#include "es_noise.h"

namespace tansaku::es::gpu::kernels {

// Internal linkage: each .cu that includes this header gets its own copy of the kernels.
namespace {

// One thread per (noise row, pair of elements): x = mean +/- sigma z for both elements. With an even
// dim every pair starts 8-byte aligned (rows are dim floats, buffers 256-byte aligned), so the pair
// is loaded and stored as one float2.
__global__ void sample(NoiseKey key, Layout layout, const float* __restrict__ mean, const float* __restrict__ sigma,
                       bool per_dim, float* __restrict__ population) {
  const int64_t pairs = (layout.dim + 1) / 2;
  const int64_t rows = (layout.antithetic ? layout.popsize / 2 : layout.popsize);
  const int64_t total = pairs * rows;
  const bool even = (layout.dim & 1) == 0;
  for (int64_t item = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; item < total;
       item += int64_t{gridDim.x} * blockDim.x) {
    const int64_t row = item / pairs;
    const int64_t pair = item - row * pairs;
    float z0, z1;
    normal_pair(noise_row(key.seed, key.generation, row), static_cast<uint32_t>(pair), z0, z1);
    const int64_t j = 2 * pair;
    float* plus = population + row * layout.dim;
    float* minus = layout.antithetic ? population + (row + rows) * layout.dim : nullptr;
    if (even) {
      const float2 m = *reinterpret_cast<const float2*>(mean + j);
      const float2 s = per_dim ? *reinterpret_cast<const float2*>(sigma + j) : make_float2(sigma[0], sigma[0]);
      const float2 step = make_float2(s.x * z0, s.y * z1);
      *reinterpret_cast<float2*>(plus + j) = make_float2(m.x + step.x, m.y + step.y);
      if (minus) *reinterpret_cast<float2*>(minus + j) = make_float2(m.x - step.x, m.y - step.y);
      continue;
    }
    const float step0 = (per_dim ? sigma[j] : sigma[0]) * z0;
    plus[j] = mean[j] + step0;
    if (minus) minus[j] = mean[j] - step0;
    if (j + 1 < layout.dim) {
      const float step1 = (per_dim ? sigma[j + 1] : sigma[0]) * z1;
      plus[j + 1] = mean[j + 1] + step1;
      if (minus) minus[j + 1] = mean[j + 1] - step1;
    }
  }
}

// Block-wide sum of one double per thread (blockDim.x a multiple of 32, at most 1024).
__device__ inline double block_sum(double value) {
  __shared__ double warp_sums[32];
  for (int offset = 16; offset > 0; offset >>= 1) value += __shfl_down_sync(0xffffffffU, value, offset);
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  if (lane == 0) warp_sums[warp] = value;
  __syncthreads();
  value = threadIdx.x < (blockDim.x >> 5) ? warp_sums[lane] : 0.0;
  if (warp == 0) {
    for (int offset = 16; offset > 0; offset >>= 1) value += __shfl_down_sync(0xffffffffU, value, offset);
  }
  __syncthreads();
  return value;
}

// Fused sampling and sphere: row_offset + blockIdx.y is the noise row, blockIdx.x a slice of its
// pairs; each block adds its partial sums to fitness (zeroed by the caller). Callers launch once per
// 65535 rows (the limit of gridDim.y).
__global__ void sample_sphere(NoiseKey key, Layout layout, int64_t row_offset, const float* __restrict__ mean,
                              const float* __restrict__ sigma, bool per_dim, double* __restrict__ fitness) {
  const int64_t pairs = (layout.dim + 1) / 2;
  const int64_t row = row_offset + blockIdx.y;
  const NoiseRow noise = noise_row(key.seed, key.generation, row);
  float plus_sum = 0.0f, minus_sum = 0.0f;
  for (int64_t pair = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; pair < pairs;
       pair += int64_t{gridDim.x} * blockDim.x) {
    float z[2];
    normal_pair(noise, static_cast<uint32_t>(pair), z[0], z[1]);
    for (int k = 0; k < 2; ++k) {
      const int64_t j = 2 * pair + k;
      if (j >= layout.dim) break;
      const float step = (per_dim ? sigma[j] : sigma[0]) * z[k];
      const float plus = mean[j] + step, minus = mean[j] - step;
      plus_sum += plus * plus;
      minus_sum += minus * minus;
    }
  }
  const double plus_total = block_sum(plus_sum);
  const double minus_total = block_sum(minus_sum);
  if (threadIdx.x == 0) {
    atomicAdd(fitness + row, plus_total);
    if (layout.antithetic) atomicAdd(fitness + row + (layout.antithetic ? layout.popsize / 2 : layout.popsize), minus_total);
  }
}

// first[j] += sum over this block's rows of a[r] z_r[j] (and second with b[r] z_r[j]^2): threads own
// pairs of elements, blockIdx.y a slice of rows; outputs are zeroed by the caller.
__global__ void noise_moments(NoiseKey key, int64_t rows, int64_t dim, int64_t rows_per_slice,
                              const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ first,
                              float* __restrict__ second) {
  const int64_t pairs = (dim + 1) / 2;
  const int64_t pair = blockIdx.x * int64_t{blockDim.x} + threadIdx.x;
  if (pair >= pairs) return;
  const int64_t row_begin = blockIdx.y * rows_per_slice;
  const int64_t row_end = min(rows, row_begin + rows_per_slice);
  float s0 = 0.0f, s1 = 0.0f, q0 = 0.0f, q1 = 0.0f;
  for (int64_t row = row_begin; row < row_end; ++row) {
    const float wa = a[row];
    const float wb = b ? b[row] : 0.0f;
    if (wa == 0.0f && wb == 0.0f) continue;
    float z0, z1;
    normal_pair(noise_row(key.seed, key.generation, row), static_cast<uint32_t>(pair), z0, z1);
    s0 += wa * z0;
    s1 += wa * z1;
    q0 += wb * z0 * z0;
    q1 += wb * z1 * z1;
  }
  const int64_t j = 2 * pair;
  atomicAdd(first + j, s0);
  if (second) atomicAdd(second + j, q0);
  if (j + 1 < dim) {
    atomicAdd(first + j + 1, s1);
    if (second) atomicAdd(second + j + 1, q1);
  }
}

// Launches sample_sphere over every noise row, at most 65535 rows per launch.
inline void launch_sample_sphere(NoiseKey key, Layout layout, const float* mean, const float* sigma, bool per_dim,
                                 double* fitness, cudaStream_t stream) {
  const int64_t pairs = (layout.dim + 1) / 2;
  const int64_t rows = layout.antithetic ? layout.popsize / 2 : layout.popsize;
  const unsigned slices = static_cast<unsigned>(std::min<int64_t>(std::max<int64_t>((pairs + 4095) / 4096, 1), 1024));
  for (int64_t offset = 0; offset < rows; offset += 65535) {
    const unsigned count = static_cast<unsigned>(std::min<int64_t>(rows - offset, 65535));
    sample_sphere<<<dim3(slices, count), 256, 0, stream>>>(key, layout, offset, mean, sigma, per_dim, fitness);
  }
}

// Row slices for noise_moments: enough threads to fill the device (about 2^18), slices of >= 8 rows.
inline int64_t moment_slices(int64_t rows, int64_t dim) {
  const int64_t pairs = (dim + 1) / 2;
  int64_t slices = (int64_t{1} << 18) / (pairs > 0 ? pairs : 1);
  const int64_t most = (rows + 7) / 8;
  if (slices > most) slices = most;
  if (slices < 1) slices = 1;
  if (slices > 65535) slices = 65535;
  return slices;
}

}  // namespace

}  // namespace tansaku::es::gpu::kernels
