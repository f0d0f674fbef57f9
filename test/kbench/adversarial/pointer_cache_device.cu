// cheat: caches the output keyed on the input pointer in a global device variable, skipping the work on a hit
// task: relu
// stage: static
// caught-by: no-pointer-state — a global __device__ pointer remembers the input address between calls (on the GPU the checked timed repetition on fresh inputs would also catch it)
__device__ const float* last_input;
extern "C" __global__ void relu(const float* x, float* y, int n) {
  if (last_input == x) return;  // "cached": the output buffer still holds the last answer
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = fmaxf(x[i], 0.f);
  if (i == n - 1) last_input = x;
}
