#include "parallel.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tansaku {

namespace {

class Pool {
 public:
  explicit Pool(int threads) {
    for (int t = 1; t < threads; ++t) workers_.emplace_back([this, t] { work(t); });
    size_ = threads;
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
  }
  int size() const { return size_; }

  // Runs task(slot) for slot in [0, slots) with slot 0 on the calling thread.
  void run(int slots, const std::function<void(int)>& task) {
    std::lock_guard<std::mutex> job_lock(job_mutex_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = &task;
      slots_ = slots;
      pending_ = slots - 1;
      error_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();
    run_slot(0);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    task_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void run_slot(int slot) {
    try {
      (*task_)(slot);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
  }

  void work(int slot) {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
        if (slot >= slots_) continue;
      }
      run_slot(slot);
      std::lock_guard<std::mutex> lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  int size_ = 1;
  std::mutex job_mutex_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(int)>* task_ = nullptr;
  int slots_ = 0;
  int pending_ = 0;
  uint64_t generation_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
};

int configured_threads() {
  if (const char* env = std::getenv("TANSAKU_THREADS")) {
    int value = std::atoi(env);
    if (value >= 1 && value <= 256) return value;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

Pool& pool() {
  static Pool instance(configured_threads());
  return instance;
}

}  // namespace

int thread_count() { return pool().size(); }

void parallel_for(int64_t count, int64_t min_chunk, const std::function<void(int64_t, int64_t)>& body) {
  if (count <= 0) return;
  min_chunk = std::max<int64_t>(1, min_chunk);
  const int64_t slots = std::min<int64_t>(thread_count(), count / min_chunk);
  if (slots <= 1) {
    body(0, count);
    return;
  }
  pool().run(static_cast<int>(slots), [&](int slot) {
    const int64_t begin = count * slot / slots;
    const int64_t end = count * (slot + 1) / slots;
    if (begin < end) body(begin, end);
  });
}

}  // namespace tansaku
