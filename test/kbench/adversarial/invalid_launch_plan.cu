// cheat: declares a launch plan the device cannot run (2048 threads per block), hoping the failed launch goes unnoticed and leaves old memory in place
// task: relu
// stage: static
// caught-by: launch-plan — the plan is resolved for every configuration before anything runs (block ≤ 1024 threads)
// tansaku-launch: {"kernel": "relu", "grid": ["ceil_div(B*D,2048)"], "block": [2048], "shared": "0", "args": ["x", "y", "i32:B*D"]}
extern "C" __global__ void relu(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = fmaxf(x[i], 0.f);
}
