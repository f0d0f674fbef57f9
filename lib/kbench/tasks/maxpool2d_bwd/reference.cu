// Naive max-pool backward reference: one thread per input element; it receives dy of its window
// when it is that window's first maximum, else zero.
extern "C" __global__ void maxpool2d_bwd_ref(const float* x, const float* dy, float* dx, int planes, int H, int W) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= (long long)planes * H * W) return;
  const long long p = t / ((long long)H * W);
  const int iy = (int)(t / W % H), ix = (int)(t % W);
  const int HO = H / 2, WO = W / 2, oy = iy / 2, ox = ix / 2;
  float g = 0.0f;
  if (oy < HO && ox < WO) {
    int by = 2 * oy, bx = 2 * ox;
    for (int ky = 0; ky < 2; ++ky)
      for (int kx = 0; kx < 2; ++kx)
        if (x[(p * H + 2 * oy + ky) * W + 2 * ox + kx] > x[(p * H + by) * W + bx]) by = 2 * oy + ky, bx = 2 * ox + kx;
    if (by == iy && bx == ix) g = dy[(p * HO + oy) * WO + ox];
  }
  dx[t] = g;
}
