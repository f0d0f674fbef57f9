// CPU kernel of mlp_sparse.h. Layer 1: per sample, h = b1 + sum over nonzero inputs i of x_i W1[i, :],
// hidden units in chunks of 64 (four 16-lane registers; a 64 x 64 block of W1 is 16 KiB and stays in
// L1), two samples interleaved so eight FMA chains hide the latency. Layer 2 runs on a tile of
// ReLU activations with W2 padded to 16 output lanes, four samples at a time.
#include "mlp_sparse.h"

// GCC 12's intrinsics headers seed _mm512_max_ps with _mm512_undefined_ps(), which -Wall reports as
// maybe-uninitialized; the value is never read.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "parallel.h"

namespace tansaku::mlp {

namespace {

constexpr int kChunk = 64;   // hidden units per register block (4 x 16 lanes)
constexpr int kTile = 32;    // samples per work item
constexpr int kLanes = 16;

#define TANSAKU_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2")))

// Layer 1 for `count` samples from `first`: h[s * hidden + k] = relu(b1 + x W1), hidden % 64 == 0.
TANSAKU_AVX512
void hidden_tile(const float* w1, const float* b1, int hidden, const SparseView& x, int64_t first, int count,
                 float* h) {
  const __m512 zero = _mm512_setzero_ps();
  for (int c = 0; c < hidden; c += kChunk) {
    const __m512 bias[4] = {_mm512_loadu_ps(b1 + c), _mm512_loadu_ps(b1 + c + 16), _mm512_loadu_ps(b1 + c + 32),
                            _mm512_loadu_ps(b1 + c + 48)};
    int s = 0;
    for (; s + 1 < count; s += 2) {
      __m512 p[4] = {bias[0], bias[1], bias[2], bias[3]};
      __m512 q[4] = {bias[0], bias[1], bias[2], bias[3]};
      int32_t n0 = x.start[first + s], e0 = x.start[first + s + 1];
      int32_t n1 = e0, e1 = x.start[first + s + 2];
      const int32_t both = std::min(e0 - n0, e1 - n1);
      for (int32_t t = 0; t < both; ++t, ++n0, ++n1) {
        const float* r0 = w1 + static_cast<int64_t>(x.index[n0]) * hidden + c;
        const float* r1 = w1 + static_cast<int64_t>(x.index[n1]) * hidden + c;
        const __m512 v0 = _mm512_set1_ps(x.value[n0]);
        const __m512 v1 = _mm512_set1_ps(x.value[n1]);
        for (int k = 0; k < 4; ++k) {
          p[k] = _mm512_fmadd_ps(v0, _mm512_loadu_ps(r0 + 16 * k), p[k]);
          q[k] = _mm512_fmadd_ps(v1, _mm512_loadu_ps(r1 + 16 * k), q[k]);
        }
      }
      for (; n0 < e0; ++n0) {
        const float* r0 = w1 + static_cast<int64_t>(x.index[n0]) * hidden + c;
        const __m512 v0 = _mm512_set1_ps(x.value[n0]);
        for (int k = 0; k < 4; ++k) p[k] = _mm512_fmadd_ps(v0, _mm512_loadu_ps(r0 + 16 * k), p[k]);
      }
      for (; n1 < e1; ++n1) {
        const float* r1 = w1 + static_cast<int64_t>(x.index[n1]) * hidden + c;
        const __m512 v1 = _mm512_set1_ps(x.value[n1]);
        for (int k = 0; k < 4; ++k) q[k] = _mm512_fmadd_ps(v1, _mm512_loadu_ps(r1 + 16 * k), q[k]);
      }
      for (int k = 0; k < 4; ++k) {
        _mm512_storeu_ps(h + s * hidden + c + 16 * k, _mm512_max_ps(p[k], zero));
        _mm512_storeu_ps(h + (s + 1) * hidden + c + 16 * k, _mm512_max_ps(q[k], zero));
      }
    }
    for (; s < count; ++s) {
      __m512 p[4] = {bias[0], bias[1], bias[2], bias[3]};
      for (int32_t n = x.start[first + s]; n < x.start[first + s + 1]; ++n) {
        const float* r = w1 + static_cast<int64_t>(x.index[n]) * hidden + c;
        const __m512 v = _mm512_set1_ps(x.value[n]);
        for (int k = 0; k < 4; ++k) p[k] = _mm512_fmadd_ps(v, _mm512_loadu_ps(r + 16 * k), p[k]);
      }
      for (int k = 0; k < 4; ++k) _mm512_storeu_ps(h + s * hidden + c + 16 * k, _mm512_max_ps(p[k], zero));
    }
  }
}

// The first index of the largest of the first `outputs` lanes (strictly greater wins, as evaluate()).
int first_argmax(const float* lanes, int outputs) {
  int best = 0;
  for (int o = 1; o < outputs; ++o) {
    if (lanes[o] > lanes[best]) best = o;
  }
  return best;
}

// Layer 2 and the verdict for the tile: w2p is (hidden x 16), b2p 16 lanes, both zero-padded.
TANSAKU_AVX512
void output_tile(const float* w2p, const float* b2p, int hidden, int outputs, const float* h, int count,
                 const int32_t* labels, float* scores) {
  alignas(64) float lanes[4][kLanes];
  const __m512 bias = _mm512_loadu_ps(b2p);
  for (int s = 0; s < count; s += 4) {
    const int group = std::min(4, count - s);
    const float* hs[4];
    for (int g = 0; g < 4; ++g) hs[g] = h + static_cast<int64_t>(s + std::min(g, group - 1)) * hidden;
    // Two accumulators per sample (even and odd hidden units) keep eight FMA chains in flight.
    __m512 even[4] = {bias, bias, bias, bias};
    const __m512 zero = _mm512_setzero_ps();
    __m512 odd[4] = {zero, zero, zero, zero};
    for (int k = 0; k < hidden; k += 2) {
      const __m512 w0 = _mm512_loadu_ps(w2p + static_cast<int64_t>(k) * kLanes);
      const __m512 w1 = _mm512_loadu_ps(w2p + static_cast<int64_t>(k + 1) * kLanes);
      for (int g = 0; g < 4; ++g) {
        even[g] = _mm512_fmadd_ps(_mm512_set1_ps(hs[g][k]), w0, even[g]);
        odd[g] = _mm512_fmadd_ps(_mm512_set1_ps(hs[g][k + 1]), w1, odd[g]);
      }
    }
    for (int g = 0; g < group; ++g) {
      _mm512_store_ps(lanes[g], _mm512_add_ps(even[g], odd[g]));
      scores[s + g] = first_argmax(lanes[g], outputs) == labels[s + g] ? 1.0f : 0.0f;
    }
  }
}

}  // namespace

SparseRows sparse_rows(const float* x, int64_t samples, int32_t inputs) {
  SparseRows rows;
  rows.samples = samples;
  rows.start.reserve(samples + 1);
  for (int64_t j = 0; j < samples; ++j) {
    rows.start.push_back(static_cast<int32_t>(rows.index.size()));
    for (int32_t i = 0; i < inputs; ++i) {
      const float v = x[j * inputs + i];
      if (v == 0.0f) continue;
      rows.index.push_back(i);
      rows.value.push_back(v);
    }
  }
  rows.start.push_back(static_cast<int32_t>(rows.index.size()));
  return rows;
}

bool sparse_kernel_vectorised() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                          __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
  return has;
}

void score_sparse(const float* params, Shape shape, const SparseView& x, const int32_t* labels, float* scores) {
  const int hidden = shape.hidden;
  if (!sparse_kernel_vectorised() || hidden % kChunk != 0 || shape.outputs > kLanes) {
    // Dense inputs rebuilt from the compressed rows, then the portable kernel.
    std::vector<float> dense(static_cast<size_t>(x.samples) * shape.inputs, 0.0f);
    for (int64_t j = 0; j < x.samples; ++j) {
      for (int32_t n = x.start[j]; n < x.start[j + 1]; ++n) dense[j * shape.inputs + x.index[n]] = x.value[n];
    }
    std::vector<uint8_t> correct(x.samples);
    evaluate(params, 1, shape, dense.data(), labels, x.samples, correct.data(), nullptr);
    for (int64_t j = 0; j < x.samples; ++j) scores[j] = correct[j];
    return;
  }
  const float* w1 = params;
  const float* b1 = w1 + static_cast<int64_t>(shape.inputs) * hidden;
  const float* w2 = b1 + hidden;
  const float* b2 = w2 + static_cast<int64_t>(hidden) * shape.outputs;
  // W2 and b2 padded to 16 lanes (16 KiB for the digits model): the only copy the forward pass makes.
  alignas(64) float b2p[kLanes] = {};
  std::copy(b2, b2 + shape.outputs, b2p);
  std::vector<float> w2p(static_cast<size_t>(hidden) * kLanes, 0.0f);
  for (int k = 0; k < hidden; ++k) std::copy(w2 + k * shape.outputs, w2 + (k + 1) * shape.outputs, w2p.data() + k * kLanes);
  const int64_t tiles = (x.samples + kTile - 1) / kTile;
  // Tiles are handed out one at a time rather than split in equal halves: on a shared machine one
  // core is often busy, and the other then takes the remaining tiles instead of waiting.
  std::atomic<int64_t> next{0};
  parallel_for(std::min<int64_t>(thread_count(), (tiles + 3) / 4), 1, [&](int64_t, int64_t) {
    std::vector<float> h(static_cast<size_t>(kTile) * hidden);
    for (int64_t tile = next++; tile < tiles; tile = next++) {
      const int64_t first = tile * kTile;
      const int count = static_cast<int>(std::min<int64_t>(kTile, x.samples - first));
      hidden_tile(w1, b1, hidden, x, first, count, h.data());
      output_tile(w2p.data(), b2p, hidden, shape.outputs, h.data(), count, labels + first, scores + first);
    }
  });
}

}  // namespace tansaku::mlp
