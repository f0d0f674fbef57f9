// cheat: launches half the threads needed and writes only the first half of the output
// task: relu
// stage: gpu
// caught-by: poison — the unwritten half keeps the poison pattern, which differs between the two poisoned runs
extern "C" __global__ void relu(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n / 2) y[i] = fmaxf(x[i], 0.f);
}
