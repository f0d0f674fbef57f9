// M2N2 exports: batched merging of parent pairs, mutation, and batched MLP evaluation (merge.h,
// mlp.h). Each has a Promise form for big batches and a Sync form for the one-child-per-step loop.
#include <cmath>
#include <string>

#include "args.h"
#include "device_arg.h"
#include "merge.h"
#include "merge_gpu.h"
#include "mlp.h"
#include "promise_worker.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

constexpr int64_t kMaxInt32 = 2147483647;

struct MergeCall {
  const float* parents;
  int64_t dim;
  const int32_t* pair_a;
  const int32_t* pair_b;
  const int32_t* split;
  const float* w;
  int64_t count;
  merge::Interp interp;
  merge::Omega omega;
  float* children;
  bool cuda;
};

void require_finite_row(Napi::Env env, const float* row, int64_t dim, int32_t index) {
  for (int64_t i = 0; i < dim; ++i) {
    if (!std::isfinite(row[i])) {
      throw_range(env, "parents row " + std::to_string(index) + " element " + std::to_string(i) + " must be finite");
    }
  }
}

// (parents, dim, pairA, pairB, split, w, interp, omega, childrenOut, device = "cpu")
MergeCall merge_args(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t dim = integer_arg(info, 1, "dim", 1, kMaxInt32);
  if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw_type(env, "parents must be a Float32Array");
  }
  const int64_t parent_length = static_cast<int64_t>(info[0].As<Napi::TypedArray>().ElementLength());
  if (parent_length == 0 || parent_length % dim != 0) {
    throw_range(env, "parents length " + std::to_string(parent_length) + " is not a positive multiple of dim = " +
                         std::to_string(dim));
  }
  const int64_t num_parents = parent_length / dim;
  auto parents = array_arg<float>(info, 0, "parents", parent_length);
  if (info.Length() <= 2 || !info[2].IsTypedArray()) throw_type(env, "pairA must be an Int32Array");
  const int64_t count = static_cast<int64_t>(info[2].As<Napi::TypedArray>().ElementLength());
  auto pair_a = array_arg<int32_t>(info, 2, "pairA", count);
  auto pair_b = array_arg<int32_t>(info, 3, "pairB", count);
  auto split = array_arg<int32_t>(info, 4, "split", count);
  auto w = array_arg<float>(info, 5, "w", count);
  const std::string interp = string_arg(info, 6, "interp");
  if (interp != "linear" && interp != "slerp") throw_range(env, "interp must be \"linear\" or \"slerp\", got \"" + interp + "\"");
  const std::string omega = string_arg(info, 7, "omega");
  if (omega != "global" && omega != "per-segment") {
    throw_range(env, "omega must be \"global\" or \"per-segment\", got \"" + omega + "\"");
  }
  auto children = array_arg<float>(info, 8, "childrenOut", count * dim);
  for (int64_t r = 0; r < count; ++r) {
    if (pair_a.Data()[r] < 0 || pair_a.Data()[r] >= num_parents) throw_range(env, "pairA[" + std::to_string(r) + "] is not a parent index");
    if (pair_b.Data()[r] < 0 || pair_b.Data()[r] >= num_parents) throw_range(env, "pairB[" + std::to_string(r) + "] is not a parent index");
    if (split.Data()[r] < 0 || split.Data()[r] >= dim) throw_range(env, "split[" + std::to_string(r) + "] must be in [0, dim)");
    const float wr = w.Data()[r];
    if (!(wr >= 0.0f && wr <= 1.0f)) throw_range(env, "w[" + std::to_string(r) + "] must be in [0, 1], got " + std::to_string(wr));
    require_finite_row(env, parents.Data() + pair_a.Data()[r] * dim, dim, pair_a.Data()[r]);
    require_finite_row(env, parents.Data() + pair_b.Data()[r] * dim, dim, pair_b.Data()[r]);
  }
  return MergeCall{parents.Data(), dim, pair_a.Data(), pair_b.Data(), split.Data(), w.Data(), count,
                   interp == "slerp" ? merge::Interp::Slerp : merge::Interp::Linear,
                   omega == "global" ? merge::Omega::Global : merge::Omega::PerSegment, children.Data(),
                   cuda_device_arg(info, 9, true)};
}

void run_merge(const MergeCall& c) {
  if (c.cuda) {
    // Each pair goes through the device (inputs copied in, the child copied back).
    for (int64_t r = 0; r < c.count; ++r) {
      merge::gpu::merge_one(c.parents + static_cast<int64_t>(c.pair_a[r]) * c.dim, c.parents + static_cast<int64_t>(c.pair_b[r]) * c.dim,
                            c.dim, c.split[r], c.w[r], c.interp, c.omega, c.children + r * c.dim);
    }
    return;
  }
  if (c.count == 1) {
    // One pair: parallel over the vector instead of over pairs.
    merge::merge_one(c.parents + static_cast<int64_t>(c.pair_a[0]) * c.dim, c.parents + static_cast<int64_t>(c.pair_b[0]) * c.dim,
                     c.dim, c.split[0], c.w[0], c.interp, c.omega, c.children);
  } else {
    merge::merge_batch(c.parents, c.dim, c.pair_a, c.pair_b, c.split, c.w, c.count, c.interp, c.omega, c.children);
  }
}

Napi::Value MergeBatch(const Napi::CallbackInfo& info) {
  const MergeCall call = merge_args(info);
  return PromiseWorker::Start(info.Env(), {info[0], info[2], info[3], info[4], info[5], info[8]}, [call] { run_merge(call); });
}

Napi::Value MergeBatchSync(const Napi::CallbackInfo& info) {
  const MergeCall call = merge_args(info);
  device_guard(info.Env(), [&] { run_merge(call); });
  return info.Env().Undefined();
}

// mergeMutate(child, sigma, seed): child += sigma * N(0, 1) from a stream seeded with seed.
Napi::Value MergeMutate(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray()) throw_type(env, "child must be a Float32Array");
  auto child = array_arg<float>(info, 0, "child", static_cast<int64_t>(info[0].As<Napi::TypedArray>().ElementLength()));
  const double sigma = number_arg(info, 1, "sigma");
  if (sigma < 0) throw_range(env, "sigma must be >= 0");
  const int64_t seed = integer_arg(info, 2, "seed", 0, (int64_t{1} << 53));
  merge::mutate(child.Data(), static_cast<int64_t>(child.ElementLength()), static_cast<float>(sigma), static_cast<uint64_t>(seed));
  return env.Undefined();
}

struct MlpCall {
  const float* params;
  int64_t models;
  mlp::Shape shape;
  const float* x;
  const int32_t* labels;
  int64_t samples;
  uint8_t* correct;
  float* logits;
  bool cuda;
};

// (params, models, inputs, hidden, outputs, x, labels, correctOut, logitsOut | null, device = "cpu")
MlpCall mlp_args(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t models = integer_arg(info, 1, "models", 1, kMaxInt32);
  const mlp::Shape shape{static_cast<int32_t>(integer_arg(info, 2, "inputs", 1, 1 << 16)),
                         static_cast<int32_t>(integer_arg(info, 3, "hidden", 1, 1 << 16)),
                         static_cast<int32_t>(integer_arg(info, 4, "outputs", 1, 1 << 16))};
  auto params = array_arg<float>(info, 0, "params", models * shape.params());
  if (info.Length() <= 6 || !info[6].IsTypedArray()) throw_type(env, "labels must be an Int32Array");
  const int64_t samples = static_cast<int64_t>(info[6].As<Napi::TypedArray>().ElementLength());
  if (samples == 0) throw_range(env, "labels must not be empty");
  auto x = array_arg<float>(info, 5, "x", samples * shape.inputs);
  auto labels = array_arg<int32_t>(info, 6, "labels", samples);
  auto correct = array_arg<uint8_t>(info, 7, "correctOut", models * samples);
  float* logits = nullptr;
  if (!is_absent(info, 8)) logits = array_arg<float>(info, 8, "logitsOut", models * samples * shape.outputs).Data();
  require_finite(env, x, "x");
  for (int64_t j = 0; j < samples; ++j) {
    if (labels.Data()[j] < 0 || labels.Data()[j] >= shape.outputs) throw_range(env, "labels[" + std::to_string(j) + "] must be in [0, outputs)");
  }
  const bool cuda = cuda_device_arg(info, 9, true);
  if (cuda && logits) throw_range(env, "logitsOut is only available with device \"cpu\"");
  return MlpCall{params.Data(), models, shape, x.Data(), labels.Data(), samples, correct.Data(), logits, cuda};
}

void run_mlp(const MlpCall& c) {
  if (c.cuda) {
    merge::gpu::mlp_evaluate(c.params, c.models, c.shape, c.x, c.labels, c.samples, c.correct);
    return;
  }
  mlp::evaluate(c.params, c.models, c.shape, c.x, c.labels, c.samples, c.correct, c.logits);
}

Napi::Value MlpEvaluate(const Napi::CallbackInfo& info) {
  const MlpCall call = mlp_args(info);
  return PromiseWorker::Start(info.Env(), {info[0], info[5], info[6], info[7], info[8]}, [call] { run_mlp(call); });
}

Napi::Value MlpEvaluateSync(const Napi::CallbackInfo& info) {
  const MlpCall call = mlp_args(info);
  device_guard(info.Env(), [&] { run_mlp(call); });
  return info.Env().Undefined();
}

const Registration kMergeBatch("mergeBatch", MergeBatch);
const Registration kMergeBatchSync("mergeBatchSync", MergeBatchSync);
const Registration kMergeMutate("mergeMutate", MergeMutate);
const Registration kMlpEvaluate("mlpEvaluate", MlpEvaluate);
const Registration kMlpEvaluateSync("mlpEvaluateSync", MlpEvaluateSync);

}  // namespace

}  // namespace tansaku::addon
