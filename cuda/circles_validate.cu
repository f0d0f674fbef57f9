// Validation of packings on the device with exactly the operations of circles_validate.cpp, so the
// verdicts, sums and violations equal the CPU's bit for bit. The target's --use_fast_math changes
// only float arithmetic, but it also lets nvcc fuse a*b + c into an FMA in double; the distance is
// therefore written with explicitly rounded intrinsics, which nvcc never contracts, whatever the
// flags. One thread validates one packing.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "cuda_util.cuh"
#include "gpu.h"

namespace tansaku::gpu {

namespace {

using detail::check;

// sqrt(dx*dx + dy*dy) rounded after every operation, as on the CPU.
__device__ __forceinline__ double distance(double dx, double dy) {
  return __dsqrt_rn(__dadd_rn(__dmul_rn(dx, dx), __dmul_rn(dy, dy)));
}

// numpy's float64 sum of up to 128 values: plain below 8, else 8 strided accumulators.
__device__ double numpy_block_sum(const double* v, int32_t n) {
  if (n < 8) {
    double sum = 0.0;
    for (int32_t i = 0; i < n; ++i) sum += v[i];
    return sum;
  }
  double r[8];
  for (int k = 0; k < 8; ++k) r[k] = v[k];
  int32_t i = 8;
  for (; i < n - (n % 8); i += 8) {
    for (int k = 0; k < 8; ++k) r[k] += v[i + k];
  }
  double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
  for (; i < n; ++i) sum += v[i];
  return sum;
}

__device__ int32_t numpy_split(int32_t n) {
  const int32_t half = n / 2;
  return half - half % 8;
}

// numpy's pairwise sum: above 128 values, sum(first half) + sum(second half), the half rounded down
// to a multiple of 8. The recursion runs on an explicit stack because device recursion would need
// a stack size chosen at run time; each level halves n, so 32 levels cover any int32 n. (The stack
// lives in local memory, which the driver reserves for every resident thread: keep it small.)
__device__ double numpy_sum(const double* v, int32_t n) {
  if (n <= 128) return numpy_block_sum(v, n);
  struct Frame {
    int32_t start, count;
    int32_t halves_done;  // 0: none, 1: the left half's sum is in `left`
    double left;
  };
  Frame stack[32];
  int top = 0;
  stack[0] = Frame{0, n, 0, 0.0};
  for (;;) {
    Frame& frame = stack[top];
    if (frame.count > 128) {  // descend into the left half first
      stack[++top] = Frame{frame.start, numpy_split(frame.count), 0, 0.0};
      continue;
    }
    double value = numpy_block_sum(v + frame.start, frame.count);
    // Hand the value up: a parent with its left half done adds; one without starts its right half.
    for (;;) {
      if (top == 0) return value;
      Frame& parent = stack[--top];
      if (parent.halves_done == 0) {
        parent.left = value;
        parent.halves_done = 1;
        const int32_t half = numpy_split(parent.count);
        stack[++top] = Frame{parent.start + half, parent.count - half, 0, 0.0};
        break;
      }
      value = parent.left + value;
    }
  }
}

struct ValidateArgs {
  const double* centers;
  const double* radii;
  int64_t batch;
  int32_t n;
  double width, height, atol;
  double* sum_radii;
  double* max_violation;
  uint8_t* valid;
};

// Same checks, comparison forms and order as for_each_constraint in circles_validate.cpp.
__global__ void validate_kernel(ValidateArgs a) {
  const int32_t n = a.n;
  const double atol = a.atol, width = a.width, height = a.height;
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t b = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; b < a.batch; b += step) {
    const double* c = a.centers + b * 2 * n;
    const double* r = a.radii + b * n;
    double worst = 0.0;
    bool ok_all = true;
    // amount: how far the constraint is broken; ok: the tolerance verdict. NaN stays once seen.
    auto visit = [&](double amount, bool ok) {
      if (!ok) ok_all = false;
      if (isnan(amount)) {
        worst = NAN;
      } else if (amount > worst) {
        worst = amount;
      }
    };
    for (int32_t i = 0; i < n; ++i) visit(-r[i], r[i] >= 0.0);
    for (int32_t i = 0; i < n; ++i) {
      const double x = c[2 * i], y = c[2 * i + 1], ri = r[i];
      visit(ri - x, x - ri >= -atol);
      visit(x + ri - width, x + ri <= width + atol);
      visit(ri - y, y - ri >= -atol);
      visit(y + ri - height, y + ri <= height + atol);
    }
    for (int32_t i = 0; i < n; ++i) {
      for (int32_t j = i + 1; j < n; ++j) {
        const double dist = distance(c[2 * i] - c[2 * j], c[2 * i + 1] - c[2 * j + 1]);
        const double reach = r[i] + r[j];
        visit(reach - dist, dist >= reach - atol);
      }
    }
    a.sum_radii[b] = numpy_sum(r, n);
    a.max_violation[b] = worst;
    a.valid[b] = ok_all ? 1 : 0;
  }
}

}  // namespace

void circles_validate(const double* centers, const double* radii, int64_t batch, int32_t n, double width,
                      double height, double tolerance, double* sum_radii, double* max_violation,
                      uint8_t* valid) {
  if (batch < 0 || n < 0) throw std::invalid_argument("circles validate (CUDA): batch and n must be >= 0");
  if (batch == 0) return;
  const size_t n2 = 2 * static_cast<size_t>(n);
  const int64_t round = std::min(batch, detail::packings_per_round((3 * n + 2) * sizeof(double) + 1));
  using C = detail::Carver;
  const size_t bytes = C::bytes<double>(round * n2) + C::bytes<double>(round * n) + 2 * C::bytes<double>(round) +
                       C::bytes<uint8_t>(round);
  auto lease = detail::Workspace::instance().acquire(bytes);
  C carver(lease.data);
  ValidateArgs args{};
  double* d_centers = carver.take<double>(round * n2);
  double* d_radii = carver.take<double>(round * n);
  args.centers = d_centers;
  args.radii = d_radii;
  args.sum_radii = carver.take<double>(round);
  args.max_violation = carver.take<double>(round);
  args.valid = carver.take<uint8_t>(round);
  args.n = n;
  args.width = width;
  args.height = height;
  args.atol = tolerance;
  const cudaStream_t s = lease.stream;
  const int threads = 128;
  for (int64_t first = 0; first < batch; first += round) {
    const size_t count = static_cast<size_t>(std::min(round, batch - first));
    args.batch = static_cast<int64_t>(count);
    check(cudaMemcpyAsync(d_centers, centers + first * n2, count * n2 * sizeof(double), cudaMemcpyHostToDevice, s),
          "copying centers");
    check(cudaMemcpyAsync(d_radii, radii + first * n, count * n * sizeof(double), cudaMemcpyHostToDevice, s),
          "copying radii");
    validate_kernel<<<detail::grid_for(args.batch, threads), threads, 0, s>>>(args);
    check(cudaGetLastError(), "launching the circle validation kernel");
    check(cudaMemcpyAsync(sum_radii + first, args.sum_radii, count * sizeof(double), cudaMemcpyDeviceToHost, s),
          "copying sum_radii back");
    check(cudaMemcpyAsync(max_violation + first, args.max_violation, count * sizeof(double), cudaMemcpyDeviceToHost,
                          s),
          "copying max_violation back");
    check(cudaMemcpyAsync(valid + first, args.valid, count * sizeof(uint8_t), cudaMemcpyDeviceToHost, s),
          "copying valid back");
  }
  check(cudaStreamSynchronize(s), "running the circle validation kernel");
}

}  // namespace tansaku::gpu
