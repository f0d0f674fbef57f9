// The fast M2N2 step: a prepared dataset handle (the inputs as compressed nonzero rows, checked
// once), one-model scoring on it, the fused merge + mutation + scoring of one child, counter-based
// normals, and the resource-competition sums (mlp_sparse.h, merge_noise.h, merge_competition.h).
// All are synchronous: one call per child in a steady-state loop, each well under a millisecond.
#include <cmath>
#include <cstring>
#include <memory>
#include <string>

#include "args.h"
#include "device_arg.h"
#include "merge.h"
#include "merge_checks.h"
#include "merge_competition.h"
#include "merge_gpu.h"
#include "merge_noise.h"
#include "mlp_sparse.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

constexpr int64_t kMaxInt32 = 2147483647;
const napi_type_tag kDatasetTag = {0x6d32e2a4c5d14b7fULL, 0x9a1d0c3b5e7f2a41ULL};

struct Dataset {
  mlp::SparseRows rows;
  std::vector<int32_t> labels;
  int32_t inputs;
  int32_t outputs;
  // The dense copy on the CUDA device, uploaded on the first device: "cuda" call.
  std::unique_ptr<merge::gpu::DeviceDataset> device;
  mlp::SparseView view() const { return {rows.start.data(), rows.index.data(), rows.value.data(), rows.samples}; }
};

// Scores one model on the CPU kernel or on the device copy of the dataset.
void score_on(Dataset& d, bool cuda, const float* params, mlp::Shape shape, float* scores) {
  if (!cuda) {
    mlp::score_sparse(params, shape, d.view(), d.labels.data(), scores);
    return;
  }
  if (!d.device) {
    std::vector<float> dense(static_cast<size_t>(d.rows.samples) * d.inputs, 0.0f);
    for (int64_t j = 0; j < d.rows.samples; ++j) {
      for (int32_t n = d.rows.start[j]; n < d.rows.start[j + 1]; ++n) dense[j * d.inputs + d.rows.index[n]] = d.rows.value[n];
    }
    d.device = merge::gpu::upload_dataset(dense.data(), d.labels.data(), d.rows.samples, d.inputs);
  }
  merge::gpu::mlp_score(*d.device, params, shape, scores);
}

// mlpDatasetCreate(x, labels, inputs, outputs) -> handle: x is (samples x inputs), finite.
Napi::Value DatasetCreate(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t inputs = integer_arg(info, 2, "inputs", 1, 1 << 16);
  const int64_t outputs = integer_arg(info, 3, "outputs", 1, 1 << 16);
  if (info.Length() <= 1 || !info[1].IsTypedArray()) throw_type(env, "labels must be an Int32Array");
  const int64_t samples = static_cast<int64_t>(info[1].As<Napi::TypedArray>().ElementLength());
  if (samples == 0) throw_range(env, "labels must not be empty");
  if (samples * inputs > kMaxInt32) throw_range(env, "x must have fewer than 2^31 elements");
  auto x = array_arg<float>(info, 0, "x", samples * inputs);
  auto labels = array_arg<int32_t>(info, 1, "labels", samples);
  require_finite(env, x, "x");
  for (int64_t j = 0; j < samples; ++j) {
    if (labels.Data()[j] < 0 || labels.Data()[j] >= outputs) throw_range(env, "labels[" + std::to_string(j) + "] must be in [0, outputs)");
  }
  auto* dataset = new Dataset{mlp::sparse_rows(x.Data(), samples, static_cast<int32_t>(inputs)),
                              std::vector<int32_t>(labels.Data(), labels.Data() + samples), static_cast<int32_t>(inputs),
                              static_cast<int32_t>(outputs)};
  Napi::Object handle = Napi::Object::New(env);
  handle.TypeTag(&kDatasetTag);
  auto external = Napi::External<Dataset>::New(env, dataset, [](Napi::Env, Dataset* d) { delete d; });
  handle.DefineProperties({
      Napi::PropertyDescriptor::Value("native", external, napi_default),
      Napi::PropertyDescriptor::Value("samples", Napi::Number::New(env, static_cast<double>(samples)), napi_enumerable),
      Napi::PropertyDescriptor::Value("inputs", Napi::Number::New(env, static_cast<double>(inputs)), napi_enumerable),
      Napi::PropertyDescriptor::Value("outputs", Napi::Number::New(env, static_cast<double>(outputs)), napi_enumerable),
      Napi::PropertyDescriptor::Value("nonzeros", Napi::Number::New(env, static_cast<double>(dataset->rows.index.size())), napi_enumerable),
  });
  return handle;
}

Dataset& dataset_arg(const Napi::CallbackInfo& info, size_t index) {
  if (info.Length() <= index || !info[index].IsObject() || !info[index].As<Napi::Object>().CheckTypeTag(&kDatasetTag)) {
    throw_type(info.Env(), "dataset must be a handle returned by mlpDatasetCreate");
  }
  return *info[index].As<Napi::Object>().Get("native").As<Napi::External<Dataset>>().Data();
}

mlp::Shape shape_of(const Napi::CallbackInfo& info, size_t hidden_index, const Dataset& d) {
  const auto hidden = static_cast<int32_t>(integer_arg(info, hidden_index, "hidden", 1, 1 << 16));
  return mlp::Shape{d.inputs, hidden, d.outputs};
}

// mlpScoreSync(params, hidden, dataset, scoresOut, device = "cpu"): scoresOut[j] = 1 when sample j is classified right.
Napi::Value ScoreSync(const Napi::CallbackInfo& info) {
  Dataset& d = dataset_arg(info, 2);
  const mlp::Shape shape = shape_of(info, 1, d);
  auto params = array_arg<float>(info, 0, "params", shape.params());
  auto scores = array_arg<float>(info, 3, "scoresOut", d.rows.samples);
  const bool cuda = cuda_device_arg(info, 4, true);
  device_guard(info.Env(), [&] { score_on(d, cuda, params.Data(), shape, scores.Data()); });
  return info.Env().Undefined();
}

// The row of parents at `index`, checked finite (a vectorisable scan: one flag, then the first offender).
const float* finite_row(Napi::Env env, const float* parents, int64_t dim, int64_t index) {
  const float* row = parents + index * dim;
  const int64_t bad = merge::first_non_finite(row, dim);
  if (bad >= 0) throw_range(env, "parents row " + std::to_string(index) + " element " + std::to_string(bad) + " must be finite");
  return row;
}

// mergeMutateScoreSync(parents, dim, a, b, split, w, interp, omega, sigma, seed, hidden, dataset, childOut, scoresOut,
// device = "cpu"): childOut = merge(parents[a], parents[b]) + sigma * normals(seed), then its scores on the dataset
// (with "cuda" the child is made on the CPU and scored on the device's copy of the dataset).
Napi::Value MergeMutateScoreSync(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t dim = integer_arg(info, 1, "dim", 1, kMaxInt32);
  if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw_type(env, "parents must be a Float32Array");
  }
  const int64_t length = static_cast<int64_t>(info[0].As<Napi::TypedArray>().ElementLength());
  if (length == 0 || length % dim != 0) throw_range(env, "parents length " + std::to_string(length) + " is not a positive multiple of dim = " + std::to_string(dim));
  auto parents = array_arg<float>(info, 0, "parents", length);
  const int64_t rows = length / dim;
  const int64_t a = integer_arg(info, 2, "a", 0, rows - 1);
  const int64_t b = integer_arg(info, 3, "b", 0, rows - 1);
  const int64_t split = integer_arg(info, 4, "split", 0, dim - 1);
  const double w = number_arg(info, 5, "w");
  if (!(w >= 0 && w <= 1)) throw_range(env, "w must be in [0, 1], got " + std::to_string(w));
  const std::string interp = string_arg(info, 6, "interp");
  if (interp != "linear" && interp != "slerp") throw_range(env, "interp must be \"linear\" or \"slerp\", got \"" + interp + "\"");
  const std::string omega = string_arg(info, 7, "omega");
  if (omega != "global" && omega != "per-segment") throw_range(env, "omega must be \"global\" or \"per-segment\", got \"" + omega + "\"");
  const double sigma = number_arg(info, 8, "sigma");
  if (sigma < 0) throw_range(env, "sigma must be >= 0, got " + std::to_string(sigma));
  const int64_t seed = integer_arg(info, 9, "seed", 0, int64_t{1} << 53);
  Dataset& d = dataset_arg(info, 11);
  const mlp::Shape shape = shape_of(info, 10, d);
  if (shape.params() != dim) throw_range(env, "dim = " + std::to_string(dim) + " does not match the MLP's " + std::to_string(shape.params()) + " parameters");
  auto child = array_arg<float>(info, 12, "childOut", dim);
  auto scores = array_arg<float>(info, 13, "scoresOut", d.rows.samples);
  const bool cuda = cuda_device_arg(info, 14, true);
  const float* pa = finite_row(env, parents.Data(), dim, a);
  const float* pb = finite_row(env, parents.Data(), dim, b);
  merge::merge_mutate(pa, pb, dim, split, static_cast<float>(w), interp == "slerp" ? merge::Interp::Slerp : merge::Interp::Linear,
                      omega == "global" ? merge::Omega::Global : merge::Omega::PerSegment, static_cast<float>(sigma),
                      static_cast<uint64_t>(seed), child.Data());
  device_guard(env, [&] { score_on(d, cuda, child.Data(), shape, scores.Data()); });
  return env.Undefined();
}

// mergeNormals(seed, first, out): out[k] = the stream's normal at element first + k.
Napi::Value Normals(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t seed = integer_arg(info, 0, "seed", 0, int64_t{1} << 53);
  if (info.Length() <= 2 || !info[2].IsTypedArray()) throw_type(env, "out must be a Float32Array");
  auto out = array_arg<float>(info, 2, "out", static_cast<int64_t>(info[2].As<Napi::TypedArray>().ElementLength()));
  const int64_t first = integer_arg(info, 1, "first", 0, (int64_t{1} << 31) - static_cast<int64_t>(out.ElementLength()));
  merge::normals(static_cast<uint64_t>(seed), first, static_cast<int64_t>(out.ElementLength()), out.Data());
  return env.Undefined();
}

struct CompetitionArgs {
  const float* scores;
  int64_t rows;
  int64_t samples;
  double alpha;
  const double* capacity;
};

// (scores, rows, samples, alpha, capacity | null, ...): scores holds at least rows x samples values in [0, 1].
CompetitionArgs competition_args(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t rows = integer_arg(info, 1, "rows", 1, kMaxInt32);
  const int64_t samples = integer_arg(info, 2, "samples", 1, kMaxInt32);
  if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw_type(env, "scores must be a Float32Array");
  }
  const int64_t length = static_cast<int64_t>(info[0].As<Napi::TypedArray>().ElementLength());
  if (length < rows * samples) throw_range(env, "scores must hold rows x samples = " + std::to_string(rows * samples) + " values, got " + std::to_string(length));
  auto scores = array_arg<float>(info, 0, "scores", length);
  const float* data = scores.Data();
  const int64_t bad = merge::first_outside_unit(data, rows * samples);
  if (bad >= 0) throw_range(env, "scores[" + std::to_string(bad) + "] must be in [0, 1], got " + std::to_string(data[bad]));
  const double alpha = number_arg(info, 3, "alpha");
  if (alpha < 0) throw_range(env, "alpha must be >= 0, got " + std::to_string(alpha));
  const double* capacity = nullptr;
  if (!is_absent(info, 4)) {
    auto c = array_arg<double>(info, 4, "capacity", samples);
    require_finite(env, c, "capacity");
    capacity = c.Data();
  }
  return CompetitionArgs{scores.Data(), rows, samples, alpha, capacity};
}

// competitionFitness(scores, rows, samples, alpha, capacity | null, fOut)
Napi::Value CompetitionFitness(const Napi::CallbackInfo& info) {
  const CompetitionArgs c = competition_args(info);
  auto f = array_arg<double>(info, 5, "fOut", c.rows);
  merge::shared_fitness(c.scores, c.rows, c.samples, c.alpha, c.capacity, f.Data());
  return info.Env().Undefined();
}

// competitionAttraction(scores, rows, samples, alpha, capacity | null, a, gOut)
Napi::Value CompetitionAttraction(const Napi::CallbackInfo& info) {
  const CompetitionArgs c = competition_args(info);
  const int64_t a = integer_arg(info, 5, "a", 0, c.rows - 1);
  auto g = array_arg<double>(info, 6, "gOut", c.rows);
  merge::attraction(c.scores, c.rows, c.samples, c.alpha, c.capacity, a, g.Data());
  return info.Env().Undefined();
}

const Registration kDatasetCreate("mlpDatasetCreate", DatasetCreate);
const Registration kScoreSync("mlpScoreSync", ScoreSync);
const Registration kMergeMutateScoreSync("mergeMutateScoreSync", MergeMutateScoreSync);
const Registration kNormals("mergeNormals", Normals);
const Registration kCompetitionFitness("competitionFitness", CompetitionFitness);
const Registration kCompetitionAttraction("competitionAttraction", CompetitionAttraction);

}  // namespace

}  // namespace tansaku::addon
