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

// The stored population's fitness: blockIdx.y + row_offset is the row, blockIdx.x a slice of its
// elements; each block adds its partial sum to fitness (zeroed by the caller). The sphere reads float4
// when rows are 16-byte aligned (dim a multiple of 4) and sums in float per thread like the CPU's
// fused path; Rastrigin and Rosenbrock sum in double like `evaluate` on the CPU.
template <Problem kProblem>
__global__ void evaluate_rows(const float* __restrict__ population, int64_t dim, int64_t row_offset,
                              double* __restrict__ fitness) {
  const int64_t row = row_offset + blockIdx.y;
  const float* x = population + row * dim;
  const int64_t start = blockIdx.x * int64_t{blockDim.x} + threadIdx.x;
  const int64_t stride = int64_t{gridDim.x} * blockDim.x;
  double total = 0.0;
  if constexpr (kProblem == Problem::sphere) {
    float sum = 0.0f;
    if ((dim & 3) == 0) {
      const float4* x4 = reinterpret_cast<const float4*>(x);
      for (int64_t k = start; k < dim / 4; k += stride) {
        const float4 v = x4[k];
        sum += v.x * v.x + v.y * v.y + v.z * v.z + v.w * v.w;
      }
    } else {
      for (int64_t j = start; j < dim; j += stride) sum += x[j] * x[j];
    }
    total = sum;
  } else if constexpr (kProblem == Problem::rastrigin) {
    for (int64_t j = start; j < dim; j += stride) {
      const double xj = x[j];
      total += xj * xj - 10.0 * cos(6.283185307179586 * xj);
    }
    if (blockIdx.x == 0 && threadIdx.x == 0) total += 10.0 * static_cast<double>(dim);
  } else {
    for (int64_t j = start; j + 1 < dim; j += stride) {
      const double xj = x[j];
      const double valley = static_cast<double>(x[j + 1]) - xj * xj;
      total += 100.0 * valley * valley + (1.0 - xj) * (1.0 - xj);
    }
  }
  total = block_sum(total);
  if (threadIdx.x == 0) atomicAdd(fitness + row, total);
}

// The double-precision terms of one candidate element for the fused Rastrigin and Rosenbrock:
// `next` is x_{j+1} (Rosenbrock only; ignored when has_next is false).
template <Problem kProblem>
__device__ inline double element_term(double xj, double next, bool has_next, bool first_of_row, int64_t dim) {
  if constexpr (kProblem == Problem::rastrigin) {
    return xj * xj - 10.0 * cos(6.283185307179586 * xj) + (first_of_row ? 10.0 * static_cast<double>(dim) : 0.0);
  } else {
    if (!has_next) return 0.0;
    const double valley = next - xj * xj;
    return 100.0 * valley * valley + (1.0 - xj) * (1.0 - xj);
  }
}

// Fused sampling and Rastrigin or Rosenbrock (the sphere has its own kernel above). Rosenbrock's
// term for the second element of a pair needs the first element of the next pair, which this thread
// regenerates rather than exchanging it with a neighbour.
template <Problem kProblem>
__global__ void sample_evaluate_rows(NoiseKey key, Layout layout, int64_t row_offset, const float* __restrict__ mean,
                                     const float* __restrict__ sigma, bool per_dim, double* __restrict__ fitness) {
  const int64_t dim = layout.dim;
  const int64_t pairs = (dim + 1) / 2;
  const int64_t rows = layout.antithetic ? layout.popsize / 2 : layout.popsize;
  const int64_t row = row_offset + blockIdx.y;
  const NoiseRow noise = noise_row(key.seed, key.generation, row);
  double plus_sum = 0.0, minus_sum = 0.0;
  for (int64_t pair = blockIdx.x * int64_t{blockDim.x} + threadIdx.x; pair < pairs;
       pair += int64_t{gridDim.x} * blockDim.x) {
    float z[3] = {0.0f, 0.0f, 0.0f};
    normal_pair(noise, static_cast<uint32_t>(pair), z[0], z[1]);
    const int64_t j0 = 2 * pair;
    if (kProblem == Problem::rosenbrock && j0 + 2 < dim) {
      float unused;
      normal_pair(noise, static_cast<uint32_t>(pair + 1), z[2], unused);
    }
    double plus[3] = {0.0, 0.0, 0.0}, minus[3] = {0.0, 0.0, 0.0};
    constexpr int kElements = kProblem == Problem::rosenbrock ? 3 : 2;
    for (int k = 0; k < kElements && j0 + k < dim; ++k) {
      const float step = (per_dim ? sigma[j0 + k] : sigma[0]) * z[k];
      plus[k] = mean[j0 + k] + step;
      minus[k] = mean[j0 + k] - step;
    }
    for (int k = 0; k < 2 && j0 + k < dim; ++k) {
      const bool has_next = j0 + k + 1 < dim;
      plus_sum += element_term<kProblem>(plus[k], has_next ? plus[k + 1] : 0.0, has_next, j0 + k == 0, dim);
      minus_sum += element_term<kProblem>(minus[k], has_next ? minus[k + 1] : 0.0, has_next, j0 + k == 0, dim);
    }
  }
  const double plus_total = block_sum(plus_sum);
  const double minus_total = block_sum(minus_sum);
  if (threadIdx.x == 0) {
    atomicAdd(fitness + row, plus_total);
    if (layout.antithetic) atomicAdd(fitness + row + rows, minus_total);
  }
}

// Slices of a row so that blocks of 256 threads each see about 8 items: enough blocks to fill the
// device for one long row (P=256, D=1e6) without tiny blocks for short ones.
inline unsigned row_slices(int64_t items_per_row) {
  return static_cast<unsigned>(std::clamp<int64_t>((items_per_row + 2047) / 2048, 1, 1024));
}

// fitness (zeroed by the caller) of every row of a stored population, at most 65535 rows per launch.
inline void launch_evaluate(Problem problem, const float* population, int64_t popsize, int64_t dim, double* fitness,
                            cudaStream_t stream) {
  const unsigned slices = row_slices(problem == Problem::sphere && (dim & 3) == 0 ? dim / 4 : dim);
  for (int64_t offset = 0; offset < popsize; offset += 65535) {
    const dim3 grid(slices, static_cast<unsigned>(std::min<int64_t>(popsize - offset, 65535)));
    switch (problem) {
      case Problem::sphere: evaluate_rows<Problem::sphere><<<grid, 256, 0, stream>>>(population, dim, offset, fitness); break;
      case Problem::rastrigin: evaluate_rows<Problem::rastrigin><<<grid, 256, 0, stream>>>(population, dim, offset, fitness); break;
      case Problem::rosenbrock: evaluate_rows<Problem::rosenbrock><<<grid, 256, 0, stream>>>(population, dim, offset, fitness); break;
    }
  }
}

// The fused ask for any problem (fitness zeroed by the caller).
inline void launch_sample_evaluate(Problem problem, NoiseKey key, Layout layout, const float* mean, const float* sigma,
                                   bool per_dim, double* fitness, cudaStream_t stream) {
  if (problem == Problem::sphere) {
    launch_sample_sphere(key, layout, mean, sigma, per_dim, fitness, stream);
    return;
  }
  const int64_t rows = layout.antithetic ? layout.popsize / 2 : layout.popsize;
  const unsigned slices = row_slices((layout.dim + 1) / 2);
  for (int64_t offset = 0; offset < rows; offset += 65535) {
    const dim3 grid(slices, static_cast<unsigned>(std::min<int64_t>(rows - offset, 65535)));
    if (problem == Problem::rastrigin) {
      sample_evaluate_rows<Problem::rastrigin><<<grid, 256, 0, stream>>>(key, layout, offset, mean, sigma, per_dim, fitness);
    } else {
      sample_evaluate_rows<Problem::rosenbrock><<<grid, 256, 0, stream>>>(key, layout, offset, mean, sigma, per_dim, fitness);
    }
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
