// cheat: zeroes its input and returns zeros (passes wherever f(0) = 0 if the reference ran afterwards on the same buffer)
// task: relu
// stage: gpu
// caught-by: input-checksum — candidate inputs are a separate copy, checksummed before and after every call
extern "C" __global__ void relu(float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    x[i] = 0.f;
    y[i] = 0.f;
  }
}
