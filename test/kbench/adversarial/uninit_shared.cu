// cheat: reads shared memory that half of the block never wrote (and skips the barrier)
// task: relu
// stage: gpu
// caught-by: tolerance or determinism or poison — stale shared memory differs between runs (compute-sanitizer initcheck/racecheck as well)
extern "C" __global__ void relu(const float* x, float* y, int n) {
  __shared__ float tile[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (threadIdx.x < 128 && i < n) tile[threadIdx.x] = x[i];
  if (i < n) y[i] = fmaxf(tile[threadIdx.x], 0.f);
}
