// CPU kernel of mlp.h. Samples go through in tiles of kTile so that each row of W1 is loaded once
// per tile, not once per sample; an input that is zero in the whole tile is skipped (the digits
// images are about half zeros). The hot loop is compiled twice (AVX2 and baseline) where GCC can
// pick at load time, since the project builds without -march.
#include "mlp.h"

#include <algorithm>
#include <vector>

#include "parallel.h"

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define TANSAKU_MLP_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TANSAKU_MLP_CLONES
#endif

namespace tansaku::mlp {

namespace {

constexpr int kTile = 8;

// Hidden activations of up to kTile samples: h[s * hidden + k], ReLU applied.
TANSAKU_MLP_CLONES
void hidden_tile(const float* w1, const float* b1, const Shape& shape, const float* x, int count, float* h) {
  const int hidden = shape.hidden;
  for (int s = 0; s < kTile; ++s) std::copy(b1, b1 + hidden, h + s * hidden);
  for (int i = 0; i < shape.inputs; ++i) {
    float xs[kTile];
    bool any = false;
    for (int s = 0; s < kTile; ++s) {
      xs[s] = s < count ? x[static_cast<int64_t>(s) * shape.inputs + i] : 0.0f;
      any = any || xs[s] != 0.0f;
    }
    if (!any) continue;
    const float* row = w1 + static_cast<int64_t>(i) * hidden;
    for (int s = 0; s < count; ++s) {
      const float v = xs[s];
      if (v == 0.0f) continue;
      float* hs = h + s * hidden;
#pragma omp simd
      for (int k = 0; k < hidden; ++k) hs[k] += v * row[k];
    }
  }
  for (int s = 0; s < count; ++s) {
    float* hs = h + s * hidden;
#pragma omp simd
    for (int k = 0; k < hidden; ++k) hs[k] = std::max(hs[k], 0.0f);
  }
}

// logits[s * outputs + o] for the tile, from ReLU activations.
TANSAKU_MLP_CLONES
void output_tile(const float* w2, const float* b2, const Shape& shape, const float* h, int count, float* out) {
  const int hidden = shape.hidden, outputs = shape.outputs;
  for (int s = 0; s < count; ++s) {
    float* o = out + s * outputs;
    std::copy(b2, b2 + outputs, o);
    const float* hs = h + s * hidden;
    for (int k = 0; k < hidden; ++k) {
      const float v = hs[k];
      if (v == 0.0f) continue;
      const float* row = w2 + static_cast<int64_t>(k) * outputs;
      for (int c = 0; c < outputs; ++c) o[c] += v * row[c];
    }
  }
}

int first_argmax(const float* values, int count) {
  int best = 0;
  for (int c = 1; c < count; ++c) {
    if (values[c] > values[best]) best = c;
  }
  return best;
}

}  // namespace

void evaluate(const float* params, int64_t models, Shape shape, const float* x, const int32_t* labels,
              int64_t samples, uint8_t* correct, float* logits) {
  const int64_t tiles = (samples + kTile - 1) / kTile;
  const int64_t p = shape.params();
  parallel_for(models * tiles, 4, [&](int64_t begin, int64_t end) {
    std::vector<float> h(static_cast<size_t>(kTile) * shape.hidden);
    std::vector<float> out(static_cast<size_t>(kTile) * shape.outputs);
    for (int64_t item = begin; item < end; ++item) {
      const int64_t m = item / tiles;
      const int64_t first = (item % tiles) * kTile;
      const int count = static_cast<int>(std::min<int64_t>(kTile, samples - first));
      const float* w1 = params + m * p;
      const float* b1 = w1 + static_cast<int64_t>(shape.inputs) * shape.hidden;
      const float* w2 = b1 + shape.hidden;
      const float* b2 = w2 + static_cast<int64_t>(shape.hidden) * shape.outputs;
      hidden_tile(w1, b1, shape, x + first * shape.inputs, count, h.data());
      output_tile(w2, b2, shape, h.data(), count, out.data());
      for (int s = 0; s < count; ++s) {
        const float* o = out.data() + s * shape.outputs;
        correct[m * samples + first + s] = first_argmax(o, shape.outputs) == labels[first + s] ? 1 : 0;
        if (logits) std::copy(o, o + shape.outputs, logits + (m * samples + first + s) * shape.outputs);
      }
    }
  });
}

}  // namespace tansaku::mlp
