// cheat: a fake 20x: computes only when the output still looks poisoned, and skips the work when it already holds a previous call's answer (so a timing loop that reuses buffers sees almost no work)
// task: relu
// stage: gpu
// caught-by: poison or checked-repetition — blocks that start after block 0 wrote y[0] skip (poison in check mode); one random timed repetition gets fresh inputs with an unpoisoned output and is verified; the speedup>10x and roofline flags fire as well
extern "C" __global__ void relu(const float* x, float* y, int n) {
  float first = y[0];
  if (!(first != first) && first < 1e29f) return;  // output not NaN/+1e30: "already computed"
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = fmaxf(x[i], 0.f);
}
