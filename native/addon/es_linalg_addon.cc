// The full-covariance strategies' dense algebra (native/core/es_linalg.h) on the libuv pool:
// esSymmetricEigen for CMA-ES's ask and esCovarianceUpdate for its tell.
#include "args.h"
#include "es_linalg.h"
#include "promise_worker.h"
#include "registry.h"

namespace tansaku::addon {

namespace {

constexpr int64_t kMaxDim = 46340;  // n * n stays below 2^31 elements

// esSymmetricEigen(matrix, n, valuesOut, vectorsOut): matrix = V diag(values) V^T, values ascending.
Napi::Value SymmetricEigen(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t n = integer_arg(info, 1, "n", 1, kMaxDim);
  auto matrix = array_arg<double>(info, 0, "matrix", n * n);
  require_finite(env, matrix, "matrix");
  auto values = array_arg<double>(info, 2, "valuesOut", n);
  auto vectors = array_arg<double>(info, 3, "vectorsOut", n * n);
  return PromiseWorker::Start(env, {matrix, values, vectors}, [=]() {
    es::symmetric_eigen(matrix.Data(), n, const_cast<double*>(values.Data()), const_cast<double*>(vectors.Data()));
  });
}

// esCovarianceUpdate(covariance, d, decay, c1, path, cMu, weights, steps, popsize): in place,
// C <- decay C + c1 p p^T + cMu sum_k w_k y_k y_k^T.
Napi::Value CovarianceUpdate(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const int64_t d = integer_arg(info, 1, "d", 1, kMaxDim);
  const int64_t popsize = integer_arg(info, 8, "popsize", 1, int64_t{1} << 24);
  auto covariance = array_arg<double>(info, 0, "covariance", d * d);
  const double decay = number_arg(info, 2, "decay");
  const double c1 = number_arg(info, 3, "c1");
  auto path = array_arg<double>(info, 4, "path", d);
  const double c_mu = number_arg(info, 5, "cMu");
  auto weights = array_arg<double>(info, 6, "weights", popsize);
  auto steps = array_arg<double>(info, 7, "steps", popsize * d);
  require_finite(env, path, "path");
  require_finite(env, weights, "weights");
  require_finite(env, steps, "steps");
  return PromiseWorker::Start(env, {covariance, path, weights, steps}, [=]() {
    es::covariance_update(const_cast<double*>(covariance.Data()), d, decay, c1, path.Data(), c_mu, weights.Data(),
                          steps.Data(), popsize);
  });
}

const Registration kSymmetricEigen("esSymmetricEigen", SymmetricEigen);
const Registration kCovarianceUpdate("esCovarianceUpdate", CovarianceUpdate);

}  // namespace

}  // namespace tansaku::addon
