// cheat: writes one element past the end of the output (an off-by-one bound)
// task: relu
// stage: gpu
// caught-by: guard — canary regions around every buffer are checked after each call (compute-sanitizer memcheck as well)
extern "C" __global__ void relu(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i <= n) y[i] = i < n ? fmaxf(x[i], 0.f) : 0.f;
}
