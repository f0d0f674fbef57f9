// CUDA parity of merging and MLP evaluation with the CPU kernels, then device-resident merge
// timings against a device-to-device copy (1e9 parameters where memory allows; TANSAKU_MERGE_DIM
// overrides). Exit 77 (skipped) without a device.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "gpu.h"
#include "merge.h"
#include "merge_gpu.h"
#include "mlp.h"
#include "mlp_sparse.h"
#include "rng.h"
#include "self_check.h"

namespace {

using tansaku::self_check::expect;

}  // namespace

int main() {
  if (tansaku::self_check::no_cuda_device()) return tansaku::self_check::kSkipped;
  using namespace tansaku;
  Rng rng(5);
  const int64_t dim = 100003;
  std::vector<float> a(dim), b(dim), cpu(dim), gpu(dim);
  for (int64_t i = 0; i < dim; ++i) {
    a[i] = static_cast<float>(rng.normal());
    b[i] = static_cast<float>(rng.normal());
  }
  for (const auto interp : {merge::Interp::Linear, merge::Interp::Slerp}) {
    for (const auto omega : {merge::Omega::Global, merge::Omega::PerSegment}) {
      for (const int64_t split : {int64_t{0}, int64_t{7}, dim / 3, dim - 1}) {
        merge::merge_one(a.data(), b.data(), dim, split, 0.3f, interp, omega, cpu.data());
        merge::gpu::merge_one(a.data(), b.data(), dim, split, 0.3f, interp, omega, gpu.data());
        double error = 0;
        for (int64_t i = 0; i < dim; ++i) error = std::max(error, double(std::fabs(cpu[i] - gpu[i])));
        expect(error < 1e-5, "merge: device equals host", error);
      }
    }
  }
  const mlp::Shape shape{64, 256, 10};
  const int64_t models = 5, samples = 1001;
  std::vector<float> params(models * shape.params()), x(samples * shape.inputs);
  std::vector<int32_t> labels(samples);
  for (auto& p : params) p = static_cast<float>(0.05 * rng.normal());
  for (auto& v : x) v = static_cast<float>(rng.below(17) < 8 ? 0 : rng.below(17));
  for (auto& l : labels) l = static_cast<int32_t>(rng.below(10));
  std::vector<float> logits(models * samples * shape.outputs);
  std::vector<uint8_t> cpu_correct(models * samples), gpu_correct(models * samples);
  mlp::evaluate(params.data(), models, shape, x.data(), labels.data(), samples, cpu_correct.data(), logits.data());
  merge::gpu::mlp_evaluate(params.data(), models, shape, x.data(), labels.data(), samples, gpu_correct.data());
  // Summation order differs, so only near-ties may disagree: count disagreements where the top two
  // logits are clearly apart.
  int64_t clear_mismatches = 0;
  for (int64_t r = 0; r < models * samples; ++r) {
    std::vector<float> row(logits.begin() + r * shape.outputs, logits.begin() + (r + 1) * shape.outputs);
    std::sort(row.rbegin(), row.rend());
    if (row[0] - row[1] > 1e-3f && cpu_correct[r] != gpu_correct[r]) ++clear_mismatches;
  }
  expect(clear_mismatches == 0, "mlp: device correctness equals host away from ties", double(clear_mismatches));

  // A resident dataset scoring one model at a time (the M2N2 loop with device "cuda") against the
  // CPU's sparse one-model kernel, again away from near-ties.
  auto resident = merge::gpu::upload_dataset(x.data(), labels.data(), samples, shape.inputs);
  const mlp::SparseRows rows = mlp::sparse_rows(x.data(), samples, shape.inputs);
  const mlp::SparseView view{rows.start.data(), rows.index.data(), rows.value.data(), samples};
  std::vector<float> device_scores(samples), host_scores(samples);
  int64_t resident_mismatches = 0;
  for (int64_t m = 0; m < models; ++m) {
    const float* p = params.data() + m * shape.params();
    merge::gpu::mlp_score(*resident, p, shape, device_scores.data());
    mlp::score_sparse(p, shape, view, labels.data(), host_scores.data());
    for (int64_t j = 0; j < samples; ++j) {
      std::vector<float> row(logits.begin() + (m * samples + j) * shape.outputs, logits.begin() + (m * samples + j + 1) * shape.outputs);
      std::sort(row.rbegin(), row.rend());
      if (row[0] - row[1] > 1e-3f && device_scores[j] != host_scores[j]) ++resident_mismatches;
    }
  }
  expect(resident_mismatches == 0, "mlp: resident one-model scores equal the CPU sparse kernel away from ties", double(resident_mismatches));

  const char* env = std::getenv("TANSAKU_MERGE_DIM");
  const int64_t bench_dim = env ? std::atoll(env) : int64_t{1000000000};
  const double free_bytes = tansaku::gpu::info().devices.empty() ? 0 : double(tansaku::gpu::info().devices[0].total_memory);
  if (free_bytes > 14.0 * bench_dim) {
    const merge::gpu::MergeTiming t = merge::gpu::benchmark_merge(bench_dim, 10);
    const double copy_gbps = 8.0 * bench_dim / t.copy_ms / 1e6;
    const double linear_gbps = 12.0 * bench_dim / t.linear_ms / 1e6;
    std::printf("bench dim %lld: copy %.3f ms (%.0f GB/s), linear merge %.3f ms (%.0f GB/s, %.0f%% of copy), slerp %.3f ms\n",
                static_cast<long long>(bench_dim), t.copy_ms, copy_gbps, t.linear_ms, linear_gbps, 100 * linear_gbps / copy_gbps,
                t.slerp_ms);
  }
  return tansaku::self_check::exit_code();
}
