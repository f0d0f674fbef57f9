// A small process-wide thread pool for batch work. One job runs at a time (callers queue on a
// mutex), so libuv's worker threads never oversubscribe the cores with nested pools.
#pragma once
#include <cstdint>
#include <functional>

namespace tansaku {

// Number of worker threads (hardware_concurrency, or TANSAKU_THREADS when set to 1..256).
int thread_count();

// Calls body(begin, end) over disjoint chunks covering [0, count), on up to thread_count() threads.
// Runs inline when count is below min_chunk * 2. Exceptions from body are rethrown here.
void parallel_for(int64_t count, int64_t min_chunk, const std::function<void(int64_t, int64_t)>& body);

}  // namespace tansaku
