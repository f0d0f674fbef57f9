// CUDA gridworld: one thread per environment runs the same host/device code as the CPU loops
// (native/core/gridworld_batch.h), so layouts, steps and observations match the CPU exactly.
#include <cuda_runtime.h>

#include <cstdint>

#include "cuda_util.cuh"
#include "gridworld_batch.h"
#include "gridworld_gpu.h"

namespace tansaku::gridworld::gpu {

namespace {

using ::tansaku::gpu::detail::Carver;
using ::tansaku::gpu::detail::check;
using ::tansaku::gpu::detail::Workspace;

constexpr int kThreads = 128;
// Observations are staged in shared memory when a block's fit in this many bytes (MiniGrid's 7x7 view:
// 128 x 147 = 18,816): each thread writes its own bytes there, and the block then stores its
// observations, contiguous in out.obs, with 16-byte stores spread over all threads, instead of every
// thread storing single bytes 147 apart.
constexpr int64_t kStageBytes = 48 * 1024;

int64_t stage_bytes(const StepOutputs& out, int64_t obs_size) {
  const int64_t bytes = obs_size * kThreads;
  return out.obs != nullptr && bytes <= kStageBytes ? bytes : 0;
}

// Where thread b writes its observation: its slot of the staging area, or of out.obs directly.
__device__ uint8_t* obs_slot(const StepOutputs& out, int64_t b, int64_t obs_size, uint8_t* staged, bool active) {
  if (!active || out.obs == nullptr) return nullptr;
  return staged != nullptr ? staged + int64_t(threadIdx.x) * obs_size : out.obs + b * obs_size;
}

// The block's staged observations to out.obs; every thread of the block calls it.
__device__ void store_staged(const StepOutputs& out, int64_t count, int64_t obs_size, const uint8_t* staged) {
  __syncthreads();
  const int64_t first = int64_t(blockIdx.x) * blockDim.x;
  const int64_t envs = count - first < int64_t(blockDim.x) ? count - first : int64_t(blockDim.x);
  const int64_t bytes = envs * obs_size;
  uint8_t* to = out.obs + first * obs_size;
  int64_t done = 0;
  if (reinterpret_cast<uintptr_t>(to) % 16 == 0) {
    const int64_t vectors = bytes / 16;
    for (int64_t i = threadIdx.x; i < vectors; i += blockDim.x) {
      reinterpret_cast<uint4*>(to)[i] = reinterpret_cast<const uint4*>(staged)[i];
    }
    done = vectors * 16;
  }
  for (int64_t i = done + threadIdx.x; i < bytes; i += blockDim.x) to[i] = staged[i];
  __syncthreads();  // the staging area is written again by the next step
}

__global__ void reset_kernel(Batch batch, StepOutputs out, int32_t view, int64_t obs_size, bool stage) {
  extern __shared__ __align__(16) uint8_t staged[];
  const int64_t b = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  const bool active = b < batch.count;
  if (active) reset_one(batch, out, b, view, obs_slot(out, b, obs_size, stage ? staged : nullptr, active));
  if (stage) store_staged(out, batch.count, obs_size, staged);
}

__global__ void step_kernel(Batch batch, const int32_t* actions, Autoreset autoreset, StepOutputs out, int32_t view,
                            int64_t obs_size, bool stage) {
  extern __shared__ __align__(16) uint8_t staged[];
  const int64_t b = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  const bool active = b < batch.count;
  uint8_t* obs = obs_slot(out, b, obs_size, stage ? staged : nullptr, active);
  if (active) step_one(batch, actions, autoreset, out, b, view, obs_size, obs);
  if (stage) store_staged(out, batch.count, obs_size, staged);
}

// Every thread steps its environment `steps` times with its own random actions. Threads past the
// batch stay for the block's staged stores.
__global__ void bench_kernel(Batch batch, StepOutputs out, int32_t* actions, int32_t view, int64_t obs_size, int32_t steps,
                             uint64_t seed, unsigned long long* checksum, bool stage) {
  extern __shared__ __align__(16) uint8_t staged[];
  const int64_t b = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  const bool active = b < batch.count;
  uint8_t* obs = obs_slot(out, b, obs_size, stage ? staged : nullptr, active);
  Rng rng{mix64(seed ^ uint64_t(b) * 0x9e3779b97f4a7c15ULL)};
  const int32_t limit = active ? env_action_count(batch.info + b * kInfoFields) : 1;
  unsigned long long local = 0;
  for (int32_t t = 0; t < steps; ++t) {
    if (active) {
      actions[b] = rng.below(limit);
      step_one(batch, actions, Autoreset::kNextStep, out, b, view, obs_size, obs);
      local += static_cast<unsigned long long>(out.reward[b] * 1024.0f) + out.terminated[b];
    }
    if (stage) store_staged(out, batch.count, obs_size, staged);
  }
  if (active && out.obs != nullptr) local += out.obs[b * obs_size];
  if (active) atomicAdd(checksum, local);
}

unsigned blocks_for(int64_t count) { return static_cast<unsigned>((count + kThreads - 1) / kThreads); }

// Device copies of a batch and its outputs inside one workspace lease.
struct DeviceBatch {
  Workspace::Lease lease;
  Batch batch;
  StepOutputs out;
  int32_t* actions;
  unsigned long long* checksum;
  size_t grid_bytes, contents_bytes, info_bytes, obs_bytes;
};

DeviceBatch upload(const Batch& host, Observation observation, int32_t view, bool with_flags, bool with_final = false,
                   int32_t tile = 8, bool with_step_type = false) {
  const int64_t cells = int64_t(host.width) * host.height;
  const size_t grid_bytes = size_t(host.count * cells * 3), contents_bytes = size_t(host.count * cells * 2);
  const size_t info_bytes = size_t(host.count * kInfoFields) * sizeof(int32_t);
  const size_t obs_bytes = size_t(host.count * observation_size(host, observation, view, tile));
  const size_t n = size_t(host.count);
  auto lease = Workspace::instance().acquire(Carver::bytes<uint8_t>(grid_bytes) + Carver::bytes<uint8_t>(contents_bytes) +
                                             Carver::bytes<uint8_t>(info_bytes) + 2 * Carver::bytes<uint8_t>(obs_bytes) +
                                             Carver::bytes<float>(n) + 3 * Carver::bytes<uint8_t>(n) +
                                             Carver::bytes<int32_t>(n) + Carver::bytes<unsigned long long>(1));
  Carver carver(lease.data);
  DeviceBatch d{std::move(lease), host, {}, nullptr, nullptr, grid_bytes, contents_bytes, info_bytes, obs_bytes};
  d.batch.grid = carver.take<uint8_t>(grid_bytes);
  d.batch.contents = carver.take<uint8_t>(contents_bytes);
  d.batch.info = reinterpret_cast<int32_t*>(carver.take<uint8_t>(info_bytes));
  d.out.observation = observation;
  d.out.obs = obs_bytes > 0 ? carver.take<uint8_t>(obs_bytes) : nullptr;
  d.out.final_obs = obs_bytes > 0 ? carver.take<uint8_t>(obs_bytes) : nullptr;
  d.out.reward = carver.take<float>(n);
  d.out.terminated = carver.take<uint8_t>(n);
  d.out.truncated = carver.take<uint8_t>(n);
  d.out.step_type = carver.take<uint8_t>(n);
  d.out.tile = tile;
  if (!with_step_type) d.out.step_type = nullptr;
  d.actions = carver.take<int32_t>(n);
  d.checksum = carver.take<unsigned long long>(1);
  (void)with_flags;
  if (!with_final) d.out.final_obs = nullptr;
  cudaStream_t s = d.lease.stream;
  check(cudaMemcpyAsync(d.batch.grid, host.grid, grid_bytes, cudaMemcpyHostToDevice, s), "copy grid");
  check(cudaMemcpyAsync(d.batch.contents, host.contents, contents_bytes, cudaMemcpyHostToDevice, s), "copy contents");
  check(cudaMemcpyAsync(d.batch.info, host.info, info_bytes, cudaMemcpyHostToDevice, s), "copy info");
  return d;
}

void download(DeviceBatch& d, const Batch& host, const StepOutputs& out, bool with_flags) {
  cudaStream_t s = d.lease.stream;
  check(cudaMemcpyAsync(host.grid, d.batch.grid, d.grid_bytes, cudaMemcpyDeviceToHost, s), "copy grid back");
  check(cudaMemcpyAsync(host.contents, d.batch.contents, d.contents_bytes, cudaMemcpyDeviceToHost, s), "copy contents back");
  check(cudaMemcpyAsync(host.info, d.batch.info, d.info_bytes, cudaMemcpyDeviceToHost, s), "copy info back");
  if (out.obs != nullptr && d.obs_bytes > 0) {
    check(cudaMemcpyAsync(out.obs, d.out.obs, d.obs_bytes, cudaMemcpyDeviceToHost, s), "copy observations");
  }
  if (out.final_obs != nullptr && d.out.final_obs != nullptr) {
    // Untouched entries must come back unchanged: the device copy started from the host's.
    check(cudaMemcpyAsync(out.final_obs, d.out.final_obs, d.obs_bytes, cudaMemcpyDeviceToHost, s), "copy final observations");
  }
  if (with_flags) {
    const size_t n = size_t(host.count);
    check(cudaMemcpyAsync(out.reward, d.out.reward, n * sizeof(float), cudaMemcpyDeviceToHost, s), "copy rewards");
    check(cudaMemcpyAsync(out.terminated, d.out.terminated, n, cudaMemcpyDeviceToHost, s), "copy terminated");
    check(cudaMemcpyAsync(out.truncated, d.out.truncated, n, cudaMemcpyDeviceToHost, s), "copy truncated");
    if (out.step_type != nullptr && d.out.step_type != nullptr) {
      check(cudaMemcpyAsync(out.step_type, d.out.step_type, n, cudaMemcpyDeviceToHost, s), "copy step types");
    }
  }
  check(cudaStreamSynchronize(s), "gridworld");
}

}  // namespace

void reset(const Batch& batch, const StepOutputs& out, int32_t view_size) {
  DeviceBatch d = upload(batch, out.observation, view_size, false, false, out.tile);
  const int64_t obs_size = observation_size(batch, out.observation, view_size, out.tile);
  const int64_t staged = stage_bytes(d.out, obs_size);
  reset_kernel<<<blocks_for(batch.count), kThreads, staged, d.lease.stream>>>(d.batch, d.out, view_size, obs_size,
                                                                               staged > 0);
  check(cudaGetLastError(), "gridworld reset kernel");
  download(d, batch, out, false);
}

void step(const Batch& batch, const int32_t* actions, Autoreset autoreset, const StepOutputs& out, int32_t view_size) {
  DeviceBatch d = upload(batch, out.observation, view_size, true, out.final_obs != nullptr, out.tile,
                         out.step_type != nullptr);
  if (d.out.final_obs != nullptr) {
    check(cudaMemcpyAsync(d.out.final_obs, out.final_obs, d.obs_bytes, cudaMemcpyHostToDevice, d.lease.stream), "copy final observations");
  }
  check(cudaMemcpyAsync(d.actions, actions, size_t(batch.count) * sizeof(int32_t), cudaMemcpyHostToDevice, d.lease.stream),
        "copy actions");
  const int64_t obs_size = observation_size(batch, out.observation, view_size, out.tile);
  const int64_t staged = stage_bytes(d.out, obs_size);
  step_kernel<<<blocks_for(batch.count), kThreads, staged, d.lease.stream>>>(d.batch, d.actions, autoreset, d.out,
                                                                              view_size, obs_size, staged > 0);
  check(cudaGetLastError(), "gridworld step kernel");
  download(d, batch, out, true);
}

BenchTiming benchmark(const Batch& batch, Observation observation, int32_t view_size, int32_t steps, uint64_t action_seed) {
  DeviceBatch d = upload(batch, observation, view_size, true);
  cudaStream_t s = d.lease.stream;
  const int64_t obs_size = observation_size(batch, observation, view_size);
  check(cudaMemsetAsync(d.checksum, 0, sizeof(unsigned long long), s), "zero checksum");
  cudaEvent_t start, stop;
  check(cudaEventCreate(&start), "event");
  check(cudaEventCreate(&stop), "event");
  check(cudaEventRecord(start, s), "record start");
  const int64_t staged = stage_bytes(d.out, obs_size);
  bench_kernel<<<blocks_for(batch.count), kThreads, staged, s>>>(d.batch, d.out, d.actions, view_size, obs_size, steps,
                                                                  action_seed, d.checksum, staged > 0);
  check(cudaGetLastError(), "gridworld bench kernel");
  check(cudaEventRecord(stop, s), "record stop");
  check(cudaEventSynchronize(stop), "gridworld bench");
  float ms = 0.0f;
  check(cudaEventElapsedTime(&ms, start, stop), "elapsed time");
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  unsigned long long checksum = 0;
  check(cudaMemcpy(&checksum, d.checksum, sizeof(checksum), cudaMemcpyDeviceToHost), "copy checksum");
  return BenchTiming{ms / 1000.0, static_cast<uint64_t>(checksum)};
}

}  // namespace tansaku::gridworld::gpu
