// Runs native work on the libuv pool and settles a Promise: work() runs off the main thread and must
// not touch JS values; finish() builds the resolved value on the main thread. The typed arrays the
// work reads or writes are held by reference so the GC cannot free them while the work runs.
#pragma once
#include <napi.h>

#include <exception>
#include <functional>
#include <initializer_list>
#include <vector>

namespace tansaku::addon {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<void()>;
  using Finish = std::function<Napi::Value(Napi::Env)>;

  static Napi::Promise Start(Napi::Env env, std::initializer_list<Napi::Value> keep_alive, Work work,
                             Finish finish = nullptr) {
    auto* worker = new PromiseWorker(env, std::move(work), std::move(finish));
    for (const auto& value : keep_alive) {
      if (value.IsObject()) worker->held_.push_back(Napi::Persistent(value.As<Napi::Object>()));
    }
    Napi::Promise promise = worker->deferred_.Promise();
    worker->Queue();
    return promise;
  }

 protected:
  void Execute() override {
    try {
      work_();
    } catch (const std::exception& error) {
      SetError(error.what());
    } catch (...) {
      SetError("unknown native error");
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    deferred_.Resolve(finish_ ? finish_(env) : env.Undefined());
  }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  PromiseWorker(Napi::Env env, Work work, Finish finish)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)),
        finish_(std::move(finish)) {}

  Napi::Promise::Deferred deferred_;
  Work work_;
  Finish finish_;
  std::vector<Napi::ObjectReference> held_;
};

}  // namespace tansaku::addon
