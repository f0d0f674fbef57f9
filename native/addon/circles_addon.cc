// Circle packing exports: validation, violations, energy + gradient, optimal radii, shrink, solver.
// Layouts as in native/core/circles.h; batch = radii.length / n.
#include <algorithm>
#include <memory>

#include "args.h"
#include "device_arg.h"
#include "circles.h"
#include "gpu.h"
#include "promise_worker.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

constexpr int64_t kMaxCircles = 1 << 20;

struct Shape {
  int32_t n;
  int64_t batch;
};

// n (argument n_index) and the batch implied by the radii array (argument radii_index).
Shape shape_args(const Napi::CallbackInfo& info, size_t radii_index, size_t n_index) {
  const int32_t n = static_cast<int32_t>(integer_arg(info, n_index, "n", 1, kMaxCircles));
  if (info.Length() <= radii_index || !info[radii_index].IsTypedArray()) throw_type(info.Env(), "radii must be a typed array");
  const int64_t length = static_cast<int64_t>(info[radii_index].As<Napi::TypedArray>().ElementLength());
  if (length == 0 || length % n != 0) {
    throw_range(info.Env(), "radii length " + std::to_string(length) + " is not a positive multiple of n = " +
                                std::to_string(n));
  }
  return Shape{n, length / n};
}

circles::Box box_args(const Napi::CallbackInfo& info, size_t index) {
  return circles::Box{positive_arg(info, index, "width"), positive_arg(info, index + 1, "height")};
}

// The leading arguments shared by most exports: (centers, radii, n, width, height).
template <typename T>
struct PackingArgs {
  Shape shape;
  Napi::TypedArrayOf<T> centers;
  Napi::TypedArrayOf<T> radii;
  circles::Box box;
};

template <typename T>
PackingArgs<T> packing_args(const Napi::CallbackInfo& info) {
  const Shape shape = shape_args(info, 1, 2);
  return PackingArgs<T>{shape, array_arg<T>(info, 0, "centers", 2 * shape.n * shape.batch),
                        array_arg<T>(info, 1, "radii", shape.n * shape.batch), box_args(info, 3)};
}

// circlesValidate(centers, radii, n, width, height, tolerance, sumOut, maxViolationOut, validOut, device)
Napi::Value Validate(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const PackingArgs<double> args = packing_args<double>(info);
  // Plain copies: lambdas below capture them (structured bindings cannot be captured in C++17).
  const Shape shape = args.shape;
  const circles::Box box = args.box;
  auto centers = args.centers;
  auto radii = args.radii;
  const double tolerance = number_arg(info, 5, "tolerance");
  if (tolerance < 0) throw_range(env, "tolerance must be >= 0");
  auto sums = array_arg<double>(info, 6, "sumOut", shape.batch);
  auto violations = array_arg<double>(info, 7, "maxViolationOut", shape.batch);
  auto valid = array_arg<uint8_t>(info, 8, "validOut", shape.batch);
  const bool cuda = cuda_device_arg(info, 9);
  require_finite(env, centers, "centers");
  require_finite(env, radii, "radii");
  const double* c = centers.Data();
  const double* r = radii.Data();
  double* s = sums.Data();
  double* v = violations.Data();
  uint8_t* ok = valid.Data();
  return PromiseWorker::Start(env, {centers, radii, sums, violations, valid}, [=] {
    if (cuda) {
      gpu::circles_validate(c, r, shape.batch, shape.n, box.width, box.height, tolerance, s, v, ok);
    } else {
      circles::validate(c, r, shape.batch, shape.n, box, tolerance, s, v, ok);
    }
  });
}

const char* kind_name(circles::ViolationKind kind) {
  switch (kind) {
    case circles::ViolationKind::Overlap: return "overlap";
    case circles::ViolationKind::Left: return "left";
    case circles::ViolationKind::Right: return "right";
    case circles::ViolationKind::Bottom: return "bottom";
    case circles::ViolationKind::Top: return "top";
    case circles::ViolationKind::NegativeRadius: return "negative_radius";
  }
  return "unknown";
}

// circlesViolations(centers, radii, n, width, height, tolerance, maxCount) -> {total, violations}
Napi::Value Violations(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const PackingArgs<double> args = packing_args<double>(info);
  // Plain copies: lambdas below capture them (structured bindings cannot be captured in C++17).
  const Shape shape = args.shape;
  const circles::Box box = args.box;
  auto centers = args.centers;
  auto radii = args.radii;
  if (shape.batch != 1) throw_range(env, "circlesViolations takes one packing: radii must have n elements");
  const double tolerance = number_arg(info, 5, "tolerance");
  const int64_t max_count = integer_arg(info, 6, "maxCount", 0, 1 << 20);
  require_finite(env, centers, "centers");
  require_finite(env, radii, "radii");
  std::vector<circles::Violation> found(max_count);
  const int64_t total =
      circles::list_violations(centers.Data(), radii.Data(), shape.n, box, tolerance, found.data(), max_count);
  Napi::Array list = Napi::Array::New(env);
  for (int64_t k = 0; k < std::min(total, max_count); ++k) {
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("kind", kind_name(found[k].kind));
    entry.Set("i", found[k].i);
    entry.Set("j", found[k].j < 0 ? env.Null() : Napi::Number::New(env, found[k].j));
    entry.Set("amount", found[k].amount);
    list.Set(static_cast<uint32_t>(k), entry);
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("total", static_cast<double>(total));
  result.Set("violations", list);
  return result;
}

// Parsed arguments of circlesEnergy for element type T.
template <typename T>
struct EnergyCall {
  Shape shape;
  circles::Box box;
  T weight;
  const T* centers;
  const T* radii;
  T* energy;
  T* grad_centers;
  T* grad_radii;
  bool cuda;

  void run() const {
    if (cuda) {
      if constexpr (std::is_same_v<T, float>) {
        gpu::circles_energy_f32(centers, radii, shape.batch, shape.n, box.width, box.height, weight, energy,
                                grad_centers, grad_radii);
      } else {
        gpu::circles_energy_f64(centers, radii, shape.batch, shape.n, box.width, box.height, weight, energy,
                                grad_centers, grad_radii);
      }
    } else {
      circles::energy<T>(centers, radii, shape.batch, shape.n, static_cast<T>(box.width),
                         static_cast<T>(box.height), weight, energy, grad_centers, grad_radii);
    }
  }
};

// circlesEnergy(centers, radii, n, width, height, weight, energyOut, gradCentersOut?, gradRadiiOut?, device)
// with all arrays Float32Array or all Float64Array. Runs now (sync) or on the pool (async).
template <typename T>
Napi::Value EnergyOf(const Napi::CallbackInfo& info, bool async) {
  const Napi::Env env = info.Env();
  const PackingArgs<T> args = packing_args<T>(info);
  // Plain copies: lambdas below capture them (structured bindings cannot be captured in C++17).
  const Shape shape = args.shape;
  const circles::Box box = args.box;
  auto centers = args.centers;
  auto radii = args.radii;
  const double weight = number_arg(info, 5, "weight");
  if (weight < 0) throw_range(env, "weight must be >= 0");
  auto energy = array_arg<T>(info, 6, "energyOut", shape.batch);
  Napi::Value grad_c_value = env.Null(), grad_r_value = env.Null();
  T* grad_c = nullptr;
  T* grad_r = nullptr;
  if (!is_absent(info, 7)) {
    auto array = array_arg<T>(info, 7, "gradCentersOut", 2 * shape.n * shape.batch);
    grad_c = array.Data();
    grad_c_value = array;
  }
  if (!is_absent(info, 8)) {
    auto array = array_arg<T>(info, 8, "gradRadiiOut", shape.n * shape.batch);
    grad_r = array.Data();
    grad_r_value = array;
  }
  const bool cuda = cuda_device_arg(info, 9);
  const EnergyCall<T> call{shape, box, static_cast<T>(weight), centers.Data(), radii.Data(), energy.Data(),
                           grad_c, grad_r, cuda};
  if (!async) {
    try {
      call.run();
    } catch (const std::exception& error) {
      throw Napi::Error::New(env, error.what());
    }
    return env.Undefined();
  }
  return PromiseWorker::Start(env, {centers, radii, energy, grad_c_value, grad_r_value}, [call] { call.run(); });
}

Napi::Value EnergyDispatch(const Napi::CallbackInfo& info, bool async) {
  if (info.Length() > 0 && info[0].IsTypedArray()) {
    const auto kind = info[0].As<Napi::TypedArray>().TypedArrayType();
    if (kind == napi_float32_array) return EnergyOf<float>(info, async);
    if (kind == napi_float64_array) return EnergyOf<double>(info, async);
  }
  throw_type(info.Env(), "centers must be a Float32Array or a Float64Array");
}

Napi::Value Energy(const Napi::CallbackInfo& info) { return EnergyDispatch(info, true); }
Napi::Value EnergySync(const Napi::CallbackInfo& info) { return EnergyDispatch(info, false); }

// circlesOptimalRadii(centers, n, width, height, radiiOut, statusOut)
Napi::Value OptimalRadii(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const Shape shape = shape_args(info, 4, 1);
  auto centers = array_arg<double>(info, 0, "centers", 2 * shape.n * shape.batch);
  const circles::Box box = box_args(info, 2);
  auto radii = array_arg<double>(info, 4, "radiiOut", shape.n * shape.batch);
  auto status = array_arg<int32_t>(info, 5, "statusOut", shape.batch);
  require_finite(env, centers, "centers");
  const double* c = centers.Data();
  double* r = radii.Data();
  int32_t* st = status.Data();
  return PromiseWorker::Start(env, {centers, radii, status},
                              [=] { circles::optimal_radii_batch(c, shape.batch, shape.n, box, r, st); });
}

// circlesShrinkToStrict(centers, radii, n, width, height): radii shrunk in place (one packing).
Napi::Value ShrinkToStrict(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const PackingArgs<double> args = packing_args<double>(info);
  // Plain copies: lambdas below capture them (structured bindings cannot be captured in C++17).
  const Shape shape = args.shape;
  const circles::Box box = args.box;
  auto centers = args.centers;
  auto radii = args.radii;
  require_finite(env, centers, "centers");
  require_finite(env, radii, "radii");
  for (int64_t b = 0; b < shape.batch; ++b) {
    circles::shrink_to_strict(centers.Data() + 2 * shape.n * b, radii.Data() + shape.n * b, shape.n, box);
  }
  return env.Undefined();
}

const Registration validate_registration("circlesValidate", Validate);
const Registration violations_registration("circlesViolations", Violations);
const Registration energy_registration("circlesEnergy", Energy);
const Registration energy_sync_registration("circlesEnergySync", EnergySync);
const Registration optimal_radii_registration("circlesOptimalRadii", OptimalRadii);
const Registration shrink_registration("circlesShrinkToStrict", ShrinkToStrict);

}  // namespace

}  // namespace tansaku::addon
