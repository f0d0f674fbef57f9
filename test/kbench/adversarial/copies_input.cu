// cheat: copies the input to the output (right for every positive element)
// task: relu
// stage: gpu
// caught-by: tolerance — negative inputs must map to 0
extern "C" __global__ void relu(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = x[i];
}
