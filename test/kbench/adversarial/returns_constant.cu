// cheat: returns a constant (the mean of relu over N(0,1) inputs) for every element
// task: relu
// stage: gpu
// caught-by: tolerance — elementwise comparison, not a mean
extern "C" __global__ void relu(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = 0.3989423f;
}
