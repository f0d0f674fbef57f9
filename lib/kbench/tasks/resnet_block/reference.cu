// Naive ResNet basic-block reference: one block per (output row oy, image n). It first computes
// the three rows oy-1..oy+1 of h = relu(bn1(conv1(x))) for all channels into shared memory (fp64
// sums, stored as float), then output row oy of relu(bn2(conv2(h)) + x) in fp64.
extern "C" __global__ void resnet_block_ref(const float* x, const float* w1, const float* g1, const float* b1, const float* m1, const float* v1,
                                            const float* w2, const float* g2, const float* b2, const float* m2, const float* v2, float* y,
                                            int C, int H, int W, float eps) {
  extern __shared__ float hrows[];  // [C][3][W]
  const int oy = blockIdx.x;
  const size_t n = blockIdx.y;
  const float* xn = x + n * C * H * W;
  for (int t = threadIdx.x; t < C * 3 * W; t += blockDim.x) {
    const int c = t / (3 * W), r = t / W % 3, col = t % W, row = oy - 1 + r;
    double acc = 0.0;
    if (row >= 0 && row < H) {
      for (int ci = 0; ci < C; ++ci)
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx) {
            const int iy = row - 1 + ky, ix = col - 1 + kx;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            acc += (double)xn[((size_t)ci * H + iy) * W + ix] * w1[(((size_t)c * C + ci) * 3 + ky) * 3 + kx];
          }
      acc = (acc - m1[c]) / sqrt((double)v1[c] + (double)eps) * g1[c] + b1[c];
      acc = fmax(acc, 0.0);
    }
    hrows[t] = (float)acc;  // rows outside the image are conv2's zero padding
  }
  __syncthreads();
  for (int t = threadIdx.x; t < C * W; t += blockDim.x) {
    const int c = t / W, col = t % W;
    double acc = 0.0;
    for (int ci = 0; ci < C; ++ci)
      for (int ky = 0; ky < 3; ++ky)
        for (int kx = 0; kx < 3; ++kx) {
          const int ix = col - 1 + kx;
          if (ix < 0 || ix >= W) continue;
          acc += (double)hrows[(ci * 3 + ky) * W + ix] * w2[(((size_t)c * C + ci) * 3 + ky) * 3 + kx];
        }
    acc = (acc - m2[c]) / sqrt((double)v2[c] + (double)eps) * g2[c] + b2[c];
    const size_t at = ((size_t)c * H + oy) * W + col;
    y[n * C * H * W + at] = (float)fmax(acc + xn[at], 0.0);
  }
}
