// CPU kernel of mlp.h. Samples go through in tiles of kTile, hidden units in register-held chunks,
// and only nonzero inputs are visited. The hot loops are compiled twice (AVX2 with FMA, and baseline) where GCC can
// pick at load time, since the project builds without -march.
#include "mlp.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "parallel.h"

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define TANSAKU_MLP_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define TANSAKU_MLP_CLONES
#endif

namespace tansaku::mlp {

namespace {

constexpr int kTile = 8;

// The nonzero inputs of every sample (CSR): the digits images are about half zeros, and a zero
// input contributes nothing to the hidden layer.
struct SparseInputs {
  std::vector<int64_t> start;
  std::vector<int32_t> index;
  std::vector<float> value;
};

// Branch-free compaction: every input is written and the cursor only advances past nonzeros.
SparseInputs sparse_inputs(const float* x, int64_t samples, int inputs) {
  SparseInputs sparse;
  sparse.start.resize(samples + 1);
  sparse.index.resize(samples * inputs);
  sparse.value.resize(samples * inputs);
  int64_t cursor = 0;
  for (int64_t j = 0; j < samples; ++j) {
    sparse.start[j] = cursor;
    for (int i = 0; i < inputs; ++i) {
      const float v = x[j * inputs + i];
      sparse.index[cursor] = i;
      sparse.value[cursor] = v;
      cursor += v != 0.0f;
    }
  }
  sparse.start[samples] = cursor;
  return sparse;
}

// Eight lanes of float: GCC lowers them to two SSE registers in the baseline clone and one AVX
// register in the AVX2 clone. kChunk hidden units stay in registers while the nonzero inputs of
// one sample stream their rows of W1 through.
typedef float Lanes __attribute__((vector_size(32)));
constexpr int kLanes = 8;
constexpr int kChunkVectors = 8;
constexpr int kChunk = kLanes * kChunkVectors;

__attribute__((always_inline)) inline Lanes load_lanes(const float* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Hidden activations (ReLU) of `count` samples starting at `first`: h[s * hidden + k].
TANSAKU_MLP_CLONES
void hidden_tile(const float* w1, const float* b1, const Shape& shape, const SparseInputs& sparse, int64_t first,
                 int count, float* h) {
  const int hidden = shape.hidden;
  const int chunked = hidden - hidden % kChunk;
  for (int c = 0; c < chunked; c += kChunk) {
    for (int s = 0; s < count; ++s) {
      Lanes acc[kChunkVectors];
      for (int q = 0; q < kChunkVectors; ++q) acc[q] = load_lanes(b1 + c + q * kLanes);
      for (int64_t n = sparse.start[first + s]; n < sparse.start[first + s + 1]; ++n) {
        const float* row = w1 + static_cast<int64_t>(sparse.index[n]) * hidden + c;
        const float v = sparse.value[n];
        for (int q = 0; q < kChunkVectors; ++q) acc[q] += v * load_lanes(row + q * kLanes);
      }
      const Lanes zero = {};
      for (int q = 0; q < kChunkVectors; ++q) {
        const Lanes r = acc[q] > zero ? acc[q] : zero;
        std::memcpy(h + s * hidden + c + q * kLanes, &r, sizeof r);
      }
    }
  }
  if (chunked == hidden) return;
  for (int s = 0; s < count; ++s) {
    float* hs = h + s * hidden;
    std::copy(b1 + chunked, b1 + hidden, hs + chunked);
    for (int64_t n = sparse.start[first + s]; n < sparse.start[first + s + 1]; ++n) {
      const float* row = w1 + static_cast<int64_t>(sparse.index[n]) * hidden;
      const float v = sparse.value[n];
      for (int k = chunked; k < hidden; ++k) hs[k] += v * row[k];
    }
    for (int k = chunked; k < hidden; ++k) hs[k] = std::max(hs[k], 0.0f);
  }
}

// W2 with each row padded to a whole number of lanes, so a row of outputs is a few vector loads.
int padded_outputs(const Shape& shape) { return (shape.outputs + kLanes - 1) / kLanes * kLanes; }

void pad_w2(const float* w2, const Shape& shape, std::vector<float>& padded) {
  const int width = padded_outputs(shape);
  padded.assign(static_cast<size_t>(shape.hidden) * width, 0.0f);
  for (int k = 0; k < shape.hidden; ++k) {
    std::copy(w2 + static_cast<int64_t>(k) * shape.outputs, w2 + static_cast<int64_t>(k + 1) * shape.outputs,
              padded.data() + static_cast<size_t>(k) * width);
  }
}

// logits[s * width + o] for the tile from ReLU activations. No skipping of inactive units here: the
// branch would mispredict on about half of them and costs more than two vector FMAs.
TANSAKU_MLP_CLONES
void output_tile(const float* w2_padded, const float* b2, const Shape& shape, const float* h, int count, float* out) {
  const int hidden = shape.hidden, width = padded_outputs(shape);
  for (int s = 0; s < count; ++s) {
    float* o = out + s * width;
    std::fill(o, o + width, 0.0f);
    std::copy(b2, b2 + shape.outputs, o);
    const float* hs = h + s * hidden;
    for (int v = 0; v < width; v += 2 * kLanes) {
      // Two lane groups at once (16 outputs covers the digits' 10); the second may be past the end.
      const bool two = v + kLanes < width;
      Lanes acc0 = load_lanes(o + v);
      Lanes acc1 = two ? load_lanes(o + v + kLanes) : Lanes{};
      const float* w = w2_padded + v;
      if (two) {
        for (int k = 0; k < hidden; ++k, w += width) {
          acc0 += hs[k] * load_lanes(w);
          acc1 += hs[k] * load_lanes(w + kLanes);
        }
        std::memcpy(o + v + kLanes, &acc1, sizeof acc1);
      } else {
        for (int k = 0; k < hidden; ++k, w += width) acc0 += hs[k] * load_lanes(w);
      }
      std::memcpy(o + v, &acc0, sizeof acc0);
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
  const SparseInputs sparse = sparse_inputs(x, samples, shape.inputs);
  parallel_for(models * tiles, 4, [&](int64_t begin, int64_t end) {
    std::vector<float> h(static_cast<size_t>(kTile) * shape.hidden);
    std::vector<float> out(static_cast<size_t>(kTile) * padded_outputs(shape));
    std::vector<float> w2_padded;
    int64_t padded_model = -1;
    for (int64_t item = begin; item < end; ++item) {
      const int64_t m = item / tiles;
      const int64_t first = (item % tiles) * kTile;
      const int count = static_cast<int>(std::min<int64_t>(kTile, samples - first));
      const float* w1 = params + m * p;
      const float* b1 = w1 + static_cast<int64_t>(shape.inputs) * shape.hidden;
      const float* w2 = b1 + shape.hidden;
      const float* b2 = w2 + static_cast<int64_t>(shape.hidden) * shape.outputs;
      hidden_tile(w1, b1, shape, sparse, first, count, h.data());
      if (padded_model != m) {
        pad_w2(w2, shape, w2_padded);
        padded_model = m;
      }
      output_tile(w2_padded.data(), b2, shape, h.data(), count, out.data());
      for (int s = 0; s < count; ++s) {
        const float* o = out.data() + s * padded_outputs(shape);
        correct[m * samples + first + s] = first_argmax(o, shape.outputs) == labels[first + s] ? 1 : 0;
        if (logits) std::copy(o, o + shape.outputs, logits + (m * samples + first + s) * shape.outputs);
      }
    }
  });
}

}  // namespace tansaku::mlp
