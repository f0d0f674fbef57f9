// cheat: returns zeros instead of computing relu
// task: relu
// stage: gpu
// caught-by: tolerance — positive inputs give positive outputs; the CPU/GPU reference disagrees
extern "C" __global__ void relu(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = 0.f;
}
