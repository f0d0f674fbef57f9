// CPU fp64 references against values computed by hand (or by an independent formula written
// here), and the Philox input generator's determinism, key separation and distributions.
import { describe, expect, it } from "vitest";
import { loadNative } from "../../lib/native/loader.js";

type In = [number[], number[] | Int32Array];

function ref(id: string, inputs: Record<string, In>, vars: Record<string, number>, outputs: Record<string, number[]>, scalars: Record<string, number> = {}) {
  const native = loadNative();
  const outs = native.kbenchCpuReference(
    id,
    Object.entries(inputs).map(([name, [shape, data]]) => ({ name, shape, data: data instanceof Int32Array ? data : Float32Array.from(data) })),
    scalars,
    vars,
    Object.entries(outputs).map(([name, shape]) => ({ name, shape })),
  );
  return Object.fromEntries(Object.keys(outputs).map((name, i) => [name, Array.from(outs[i]!)]));
}

function close(actual: number[], expected: number[], tol = 1e-12) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `element ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]!))));
}

const act = (id: string, xs: number[], scalars: Record<string, number> = {}) => ref(id, { x: [[1, xs.length], xs] }, { B: 1, D: xs.length }, { y: [1, xs.length] }, scalars).y!;

describe("kbench CPU references: activations and softmax", () => {
  it("elementwise activations", () => {
    close(act("relu", [-1, 0, 2]), [0, 0, 2]);
    close(act("leaky_relu", [-2, 3], { negative_slope: 0.01 }), [-0.02, 3], 1e-9);
    // Φ(1) = 0.8413447460685429
    close(act("gelu", [1, -1, 0]), [0.8413447460685429, -0.15865525393145707, 0], 1e-12);
    const newGelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    close(act("new_gelu", [1, -0.5]), [newGelu(1), newGelu(-0.5)]);
    close(act("softplus", [0, 30, 20]), [Math.LN2, 30, Math.log1p(Math.exp(20))]);
    close(act("selu", [-1, 2]), [1.0507009873554805 * 1.6732632423543772 * (Math.exp(-1) - 1), 2 * 1.0507009873554805]);
    close(act("elu", [-1, 2], { alpha: 1 }), [Math.exp(-1) - 1, 2]);
    close(act("sigmoid", [0, 2]), [0.5, 1 / (1 + Math.exp(-2))]);
    close(act("tanh", [0, 0.5]), [0, Math.tanh(0.5)]);
  });

  it("softmax and log-softmax, also for huge logits", () => {
    close(act("softmax", [1, 2, 3]), [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]);
    close(act("log_softmax", [1, 2, 3]), [-2.40760596444438, -1.40760596444438, -0.40760596444438]);
    close(act("softmax", [1000, 1000]), [0.5, 0.5]);
  });
});

describe("kbench CPU references: GEMM family", () => {
  it("matmul, batched, GEMV, diag", () => {
    close(ref("matmul_square", { a: [[2, 2], [1, 2, 3, 4]], b: [[2, 2], [5, 6, 7, 8]] }, { N: 2 }, { c: [2, 2] }).c!, [19, 22, 43, 50]);
    close(ref("matmul", { a: [[1, 3], [1, 2, 3]], b: [[3, 2], [1, 0, 0, 1, 1, 1]] }, { M: 1, K: 3, N: 2 }, { c: [1, 2] }).c!, [4, 5]);
    close(
      ref("bmm", { a: [[2, 1, 1], [2, 3]], b: [[2, 1, 2], [1, 2, 10, 20]] }, { BT: 2, M: 1, K: 1, N: 2 }, { c: [2, 1, 2] }).c!,
      [2, 4, 30, 60],
    );
    close(ref("gemv", { a: [[2, 3], [1, 2, 3, 4, 5, 6]], x: [[3], [1, 0, -1]] }, { M: 2, K: 3 }, { y: [2] }).y!, [-2, -2]);
    close(ref("diag_matmul", { d: [[2], [2, 3]], b: [[2, 2], [1, 2, 3, 4]] }, { N: 2, M: 2 }, { c: [2, 2] }).c!, [2, 4, 9, 12]);
  });

  const x: In = [[1, 2], [1, 2]];
  const w: In = [[3, 2], [1, 0, 0, 1, 1, 1]];
  const b: In = [[3], [0.5, -4, 0]];
  const dims = { B: 1, IN: 2, OUT: 3 };

  it("linear and linear+ReLU forward", () => {
    close(ref("linear", { x, w, b }, dims, { y: [1, 3] }).y!, [1.5, -2, 3]);
    close(ref("linear_relu", { x, w, b }, dims, { y: [1, 3] }).y!, [1.5, 0, 3]);
  });

  it("linear backward: dx = dy·w, dw = dyᵀ·x, db = Σ dy (masked by z > 0 with ReLU)", () => {
    const dy: In = [[1, 3], [1, 1, 1]];
    const g = ref("linear_bwd", { dy, x, w }, dims, { dx: [1, 2], dw: [3, 2], db: [3] });
    close(g.dx!, [2, 2]);
    close(g.dw!, [1, 2, 1, 2, 1, 2]);
    close(g.db!, [1, 1, 1]);
    const r = ref("linear_relu_bwd", { dy, x, w, b }, dims, { dx: [1, 2], dw: [3, 2], db: [3] });
    close(r.dx!, [2, 1]);
    close(r.dw!, [1, 2, 0, 0, 1, 2]);
    close(r.db!, [1, 0, 1]);
  });

  it("llama SiLU-gated MLP", () => {
    const y = ref("llama_ffw", { x: [[1, 1], [2]], wg: [[1, 1], [1]], wu: [[1, 1], [3]], wd: [[1, 1], [0.5]] }, { M: 1, D: 1, U: 1 }, { y: [1, 1] }).y!;
    // silu(2) · 6 · 0.5
    close(y, [(2 / (1 + Math.exp(-2))) * 6 * 0.5]);
  });
});

describe("kbench CPU references: reductions and scans", () => {
  const x: In = [[1, 3, 2], [1, 2, 3, 4, 5, 6]];
  const v = { B: 1, D1: 3, D2: 2 };
  it("sum, mean and max over dim 1", () => {
    close(ref("sum_dim1", { x }, v, { y: [1, 1, 2] }).y!, [9, 12]);
    close(ref("mean_dim1", { x }, v, { y: [1, 1, 2] }).y!, [3, 4]);
    close(ref("max_dim1", { x }, v, { y: [1, 2] }).y!, [5, 6]);
  });
  it("argmax and argmin return the first index of a tie", () => {
    const t: In = [[1, 3, 2], [1, 5, 3, 5, 3, 0]];
    close(ref("argmax_dim1", { x: t }, v, { y: [1, 2] }).y!, [1, 0]);
    close(ref("argmin_dim1", { x: t }, v, { y: [1, 2] }).y!, [0, 2]);
  });
  it("inclusive, exclusive, reverse scans and cumprod", () => {
    const row: In = [[1, 3], [1, 2, 3]];
    close(ref("cumsum", { x: row }, { B: 1, N: 3 }, { y: [1, 3] }).y!, [1, 3, 6]);
    close(ref("cumprod", { x: row }, { B: 1, N: 3 }, { y: [1, 3] }).y!, [1, 2, 6]);
    close(ref("cumsum_exclusive", { x: row }, { B: 1, N: 3 }, { y: [1, 3] }).y!, [0, 1, 3]);
    close(ref("cumsum_reverse", { x: row }, { B: 1, N: 3 }, { y: [1, 3] }).y!, [6, 5, 3]);
  });
});

describe("kbench CPU references: norms", () => {
  it("batch norm uses batch statistics (biased variance)", () => {
    const y = ref("batchnorm_train", { x: [[2, 1, 1, 1], [1, 3]], gamma: [[1], [2]], beta: [[1], [1]] }, { N: 2, C: 1, H: 1, W: 1 }, { y: [2, 1, 1, 1] }, { eps: 0 }).y!;
    close(y, [-1, 3]);
  });
  it("instance norm, group norm, L2 norm, RMSNorm, layer norm", () => {
    close(ref("instancenorm", { x: [[1, 1, 1, 2], [1, 3]] }, { N: 1, C: 1, H: 1, W: 2 }, { y: [1, 1, 1, 2] }, { eps: 0 }).y!, [-1, 1]);
    close(
      ref("groupnorm", { x: [[1, 2, 1, 1], [1, 3]], gamma: [[2], [1, 2]], beta: [[2], [0, 1]] }, { N: 1, C: 2, G: 1, H: 1, W: 1 }, { y: [1, 2, 1, 1] }, { eps: 0 }).y!,
      [-1, 3],
    );
    close(ref("l2norm", { x: [[1, 2], [3, 4]] }, { B: 1, D: 2 }, { y: [1, 2] }).y!, [0.6, 0.8]);
    // mean(x²) = 12.5
    close(ref("rmsnorm", { x: [[1, 1, 2], [3, 4]], w: [[2], [1, 2]] }, { B: 1, T: 1, D: 2 }, { y: [1, 1, 2] }, { eps: 0 }).y!, [3 / Math.sqrt(12.5), 8 / Math.sqrt(12.5)]);
    close(
      ref("layernorm", { x: [[1, 1, 1, 2], [1, 3]], w: [[1, 1, 2], [1, 2]], b: [[1, 1, 2], [0, 1]] }, { B: 1, C: 1, H: 1, W: 2 }, { y: [1, 1, 1, 2] }, { eps: 0 }).y!,
      [-1, 3],
    );
  });
  it("layer norm backward matches a finite-difference gradient of the forward", () => {
    // Independent check: d/dx of Σ dy·layernorm(x) by central differences in plain JS.
    const xs = [0, 1, 5, 2];
    const ws = [1, 2, 0.5, -1];
    const dys = [1, -2, 0.5, 3];
    const forward = (x: number[]) => {
      const m = x.reduce((a, b) => a + b) / x.length;
      const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length;
      return x.reduce((acc, xi, i) => acc + dys[i]! * (((xi - m) / Math.sqrt(v + 1e-5)) * ws[i]!), 0);
    };
    const h = 1e-6;
    const numeric = xs.map((_, i) => {
      const up = [...xs], down = [...xs];
      up[i]! += h;
      down[i]! -= h;
      return (forward(up) - forward(down)) / (2 * h);
    });
    const g = ref(
      "layernorm_bwd",
      { dy: [[1, 1, 2, 2], dys], x: [[1, 1, 2, 2], xs], w: [[1, 2, 2], ws] },
      { B: 1, C: 1, H: 2, W: 2 },
      { dx: [1, 1, 2, 2], dw: [1, 2, 2], db: [1, 2, 2] },
      { eps: 1e-5 },
    );
    close(g.dx!, numeric, 1e-6);
    const m = 2, rs = 1 / Math.sqrt(3.5 + 1e-5); // mean 2, biased variance (4 + 1 + 9 + 0) / 4
    close(g.dw!, xs.map((x, i) => dys[i]! * (x - m) * rs), 1e-12);
    close(g.db!, dys);
  });
});

describe("kbench CPU references: pooling and convolution", () => {
  const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  it("max pool 2-D pads with -inf, not zeros", () => {
    const v = { N: 1, C: 1, H: 3, W: 3, K: 2, S: 1, P: 0, DIL: 1 };
    close(ref("maxpool2d", { x: [[1, 1, 3, 3], nine] }, v, { y: [1, 1, 2, 2] }).y!, [5, 6, 8, 9]);
    const padded = { ...v, S: 2, P: 1 };
    close(ref("maxpool2d", { x: [[1, 1, 3, 3], nine.map((a) => -a)] }, padded, { y: [1, 1, 2, 2] }).y!, [-1, -2, -4, -5]);
  });
  it("max pool 1-D with padding and dilation", () => {
    close(ref("maxpool1d", { x: [[1, 1, 5], [1, 5, 2, 4, 3]] }, { N: 1, C: 1, L: 5, K: 2, S: 2, P: 1, DIL: 2 }, { y: [1, 1, 3] }).y!, [5, 5, 4]);
  });
  it("average pool 1-D counts padding in the divisor", () => {
    close(ref("avgpool1d", { x: [[1, 1, 5], [1, 2, 3, 4, 5]] }, { N: 1, C: 1, L: 5, K: 2, S: 2, P: 1 }, { y: [1, 1, 3] }).y!, [0.5, 2.5, 4.5]);
  });
  it("conv1d with dilation, stride and padding", () => {
    const x: In = [[1, 1, 5], [1, 2, 3, 4, 5]];
    const w: In = [[1, 1, 2], [2, 1]];
    const v = { N: 1, CIN: 1, COUT: 1, L: 5, K: 2, S: 1, P: 0, DIL: 2 };
    close(ref("conv1d", { x, w }, v, { y: [1, 1, 3] }).y!, [5, 8, 11]);
    close(ref("conv1d", { x, w }, { ...v, S: 2, P: 1, DIL: 1 }, { y: [1, 1, 3] }).y!, [1, 7, 13]);
  });
  it("average pool counts padding in the divisor", () => {
    close(ref("avgpool2d", { x: [[1, 1, 2, 2], [1, 2, 3, 4]] }, { N: 1, C: 1, H: 2, W: 2, K: 2, S: 2, P: 1 }, { y: [1, 1, 2, 2] }).y!, [0.25, 0.5, 0.75, 1]);
  });
  it("max pool backward routes to the first maximum", () => {
    const v = { N: 1, C: 1, H: 2, W: 2 };
    close(ref("maxpool2d_bwd", { x: [[1, 1, 2, 2], [1, 1, 0, 1]], dy: [[1, 1, 1, 1], [7]] }, v, { dx: [1, 1, 2, 2] }).dx!, [7, 0, 0, 0]);
    close(ref("maxpool2d_bwd", { x: [[1, 1, 2, 2], [0, 1, 2, 3]], dy: [[1, 1, 1, 1], [7]] }, v, { dx: [1, 1, 2, 2] }).dx!, [0, 0, 0, 7]);
    // Odd sizes: the last row and column belong to no window.
    const odd = ref("maxpool2d_bwd", { x: [[1, 1, 3, 3], nine], dy: [[1, 1, 1, 1], [7]] }, { N: 1, C: 1, H: 3, W: 3 }, { dx: [1, 1, 3, 3] }).dx!;
    close(odd, [0, 0, 0, 0, 7, 0, 0, 0, 0]);
  });
  it("conv2d with and without padding/stride", () => {
    const w: In = [[1, 1, 2, 2], [1, 0, 0, 1]];
    const v = { N: 1, CIN: 1, COUT: 1, H: 3, W: 3, K: 2, S: 1, P: 0 };
    close(ref("conv2d", { x: [[1, 1, 3, 3], nine], w }, v, { y: [1, 1, 2, 2] }).y!, [6, 8, 12, 14]);
    close(ref("conv2d", { x: [[1, 1, 3, 3], nine], w }, { ...v, S: 2, P: 1 }, { y: [1, 1, 2, 2] }).y!, [1, 3, 7, 14]);
  });
  it("depthwise conv2d uses one filter per channel", () => {
    const y = ref(
      "depthwise_conv2d",
      { x: [[1, 2, 2, 2], [1, 2, 3, 4, 10, 20, 30, 40]], w: [[2, 1, 1, 1], [1, -1]] },
      { N: 1, C: 2, H: 2, W: 2, K: 1, S: 1, P: 0 },
      { y: [1, 2, 2, 2] },
    ).y!;
    close(y, [1, 2, 3, 4, -10, -20, -30, -40]);
  });
  it("transposed conv2d scatters each input over a K×K patch", () => {
    const x: In = [[1, 1, 2, 2], [1, 2, 3, 4]];
    const w: In = [[1, 1, 2, 2], [1, 1, 1, 1]];
    const v = { N: 1, CIN: 1, COUT: 1, H: 2, W: 2, K: 2, S: 2, P: 0, OP: 0 };
    close(ref("conv_transpose2d", { x, w }, v, { y: [1, 1, 4, 4] }).y!, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    close(ref("conv_transpose2d", { x, w }, { ...v, S: 1 }, { y: [1, 1, 3, 3] }).y!, [1, 3, 2, 4, 10, 6, 3, 7, 4]);
    // Output padding adds a last row/column that only padding reaches; P trims the border.
    close(ref("conv_transpose2d", { x, w }, { ...v, P: 1, OP: 1 }, { y: [1, 1, 3, 3] }).y!, [1, 2, 2, 3, 4, 4, 3, 4, 4]);
  });
  it("conv + ReLU + max pool", () => {
    const x: In = [[1, 1, 4, 4], Array.from({ length: 16 }, (_, i) => i + 1)];
    const w: In = [[1, 1, 3, 3], new Array(9).fill(1)];
    const v = { N: 1, CIN: 1, COUT: 1, H: 4, W: 4 };
    // 3×3 window sums 54, 63, 90, 99.
    close(ref("conv_relu_pool", { x, w, b: [[1], [-40]] }, v, { y: [1, 1, 1, 1] }).y!, [59]);
    close(ref("conv_relu_pool", { x, w, b: [[1], [-100]] }, v, { y: [1, 1, 1, 1] }).y!, [0]);
  });
  it("ResNet basic block (1×1 image: only the kernel centres matter)", () => {
    const k = (c: number) => [0, 0, 0, 0, c, 0, 0, 0, 0];
    const one = (v: number): In => [[1], [v]];
    const inputs = (w2: number): Record<string, In> => ({
      x: [[1, 1, 1, 1], [2]],
      w1: [[1, 1, 3, 3], k(3)],
      g1: one(1), b1: one(0), m1: one(1), v1: one(1),
      w2: [[1, 1, 3, 3], k(w2)],
      g2: one(2), b2: one(1), m2: one(0), v2: one(4),
    });
    const v = { N: 1, C: 1, H: 1, W: 1 };
    // h = relu((2·3 − 1)/1) = 5; z = 5·w2/2·2 + 1; y = relu(z + 2)
    close(ref("resnet_block", inputs(1), v, { y: [1, 1, 1, 1] }, { eps: 0 }).y!, [8]);
    close(ref("resnet_block", inputs(-1), v, { y: [1, 1, 1, 1] }, { eps: 0 }).y!, [0]);
  });
});

describe("kbench CPU references: losses", () => {
  const pair = (p: number[], t: number[], B = 1) => ({ pred: [[B, p.length / B], p] as In, target: [[B, t.length / B], t] as In });
  const loss = (id: string, inputs: Record<string, In>, B: number, D: number, scalars = {}) => ref(id, inputs, { B, D }, { loss: [1] }, scalars).loss![0]!;
  it("MSE, Huber, KL, cosine, triplet, hinge", () => {
    expect(loss("mse", pair([1, 2], [0, 0]), 1, 2)).toBeCloseTo(2.5, 12);
    expect(loss("huber", pair([0.5, 3], [0, 0]), 1, 2)).toBeCloseTo(1.3125, 12);
    expect(loss("kl_div", pair([0, 0], [0, Math.log(3)]), 1, 2)).toBeCloseTo(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), 6);
    expect(loss("kl_div", pair([1, 2, 3], [1, 2, 3]), 1, 3)).toBeCloseTo(0, 12);
    expect(loss("cosine_loss", pair([1, 0, 1, 1], [0, 1, 2, 2], 2), 2, 2)).toBeCloseTo(0.5, 7);
    const trip = (a: number, p: number, n: number) => loss("triplet", { anchor: [[1, 1], [a]], positive: [[1, 1], [p]], negative: [[1, 1], [n]] }, 1, 1, { margin: 1, eps: 0 });
    expect(trip(0, 1, 3)).toBe(0);
    expect(trip(0, 3, 1)).toBeCloseTo(3, 12);
    expect(loss("hinge", { pred: [[1, 2], [0.5, -2]], target: [[1, 2], Int32Array.from([1, 1])] }, 1, 2)).toBeCloseTo(1.75, 12);
    expect(loss("hinge", { pred: [[1, 2], [0.5, -2]], target: [[1, 2], Int32Array.from([0, 0])] }, 1, 2)).toBeCloseTo(0.75, 12);
  });
  it("cross-entropy forward and backward", () => {
    const ce = ref("cross_entropy", { logits: [[2, 2], [0, 0, 1, 3]], target: [[2], Int32Array.from([1, 1])] }, { B: 2, C: 2 }, { loss: [1] }).loss!;
    // row 0: ln 2; row 1: ln(e + e³) − 3
    close(ce, [(Math.LN2 + Math.log(Math.E + Math.E ** 3) - 3) / 2]);
    const g = ref("cross_entropy_bwd", { logits: [[1, 2], [0, 0]], target: [[1], Int32Array.from([0])], dloss: [[1], [2]] }, { B: 1, C: 2 }, { dlogits: [1, 2] }).dlogits!;
    close(g, [-1, 1]);
  });
});

describe("kbench CPU reference errors", () => {
  it("names unknown ids, missing inputs and wrong shapes", () => {
    expect(() => ref("nope", {}, {}, { y: [1] })).toThrow(/unknown kbench reference "nope"/);
    expect(() => ref("relu", {}, { B: 1, D: 2 }, { y: [1, 2] })).toThrow(/missing input "x"/);
    expect(() => ref("relu", { x: [[2, 1], [1, 2]] }, { B: 1, D: 2 }, { y: [1, 2] })).toThrow(/input "x" has shape \(2, 1\), expected \(1, 2\)/);
    expect(() => ref("relu", { x: [[1, 2], [1, 2]] }, { B: 1, D: 2 }, { y: [2, 1] })).toThrow(/output "y" has shape/);
    expect(() => ref("relu", { x: [[1, 2], [1, 2]] }, { B: 1 }, { y: [1, 2] })).toThrow(/missing shape variable "D"/);
    expect(() => ref("cross_entropy", { logits: [[1, 2], [0, 0]], target: [[1], Int32Array.from([2])] }, { B: 1, C: 2 }, { loss: [1] })).toThrow(/target 2 outside/);
    expect(() => ref("hinge", { pred: [[1, 1], [0]], target: [[1, 1], [1]] }, { B: 1, D: 1 }, { loss: [1] })).toThrow(/must be i32/);
  });
  it("lists every reference id", () => {
    const ids = loadNative().kbenchReferenceIds();
    expect(ids).toContain("softmax");
    expect(ids).toContain("resnet_block");
    expect(ids.length).toBeGreaterThanOrEqual(50);
  });
});

describe("kbench Philox inputs", () => {
  const key = { taskHash: 0x1234, configIndex: 2, trial: 1, seed: 42 };
  const gen = (k = key, init = "normal", shape = [1000], extra: object = {}) =>
    loadNative().kbenchGenerateInputs(k, [{ name: "t", dtype: "f32", shape, init, ...extra }])[0] as Float32Array;

  it("is deterministic and separates every key word and tensor index", () => {
    const a = gen();
    expect(gen()).toEqual(a);
    for (const change of [{ taskHash: 0x1235 }, { configIndex: 3 }, { trial: 2 }, { seed: 43 }]) {
      const b = gen({ ...key, ...change });
      expect(b.some((v, i) => v !== a[i]), JSON.stringify(change)).toBe(true);
    }
    const two = loadNative().kbenchGenerateInputs(key, [
      { name: "a", dtype: "f32", shape: [1000], init: "normal" },
      { name: "b", dtype: "f32", shape: [1000], init: "normal" },
    ]);
    expect(two[0]).toEqual(a);
    expect((two[1] as Float32Array).some((v, i) => v !== a[i])).toBe(true);
    // A prefix of a longer tensor is the shorter tensor: element i depends only on i.
    expect(gen(key, "normal", [10])).toEqual(a.slice(0, 10));
  });

  it("draws the documented distributions", () => {
    const stats = (v: Float32Array) => {
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      return { mean: m, std: Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length), min: v.reduce((a, x) => Math.min(a, x), Infinity), max: v.reduce((a, x) => Math.max(a, x), -Infinity) };
    };
    const n = stats(gen(key, "normal", [20000]));
    expect(Math.abs(n.mean)).toBeLessThan(0.03);
    expect(Math.abs(n.std - 1)).toBeLessThan(0.03);
    const bias = stats(gen(key, "bias", [20000]));
    expect(Math.abs(bias.std - 0.1)).toBeLessThan(0.005);
    // kaiming uniform with a = √5 on (out 100, in 400): U(−1/√400, 1/√400)
    const k = stats(gen(key, "kaiming_uniform", [100, 400]));
    expect(k.max).toBeLessThanOrEqual(0.05);
    expect(k.min).toBeGreaterThanOrEqual(-0.05);
    expect(k.max).toBeGreaterThan(0.049);
    // xavier normal on (out 100, in 400, 3, 3): std √(2 / (3600 + 900))
    const xv = stats(gen(key, "xavier_normal", [100, 400, 3, 3]));
    expect(Math.abs(xv.std / Math.sqrt(2 / 4500) - 1)).toBeLessThan(0.02);
    const u = stats(gen(key, "uniform", [20000]));
    expect(u.min).toBeGreaterThanOrEqual(0);
    expect(u.max).toBeLessThan(1);
    expect(Math.abs(u.mean - 0.5)).toBeLessThan(0.01);
    expect(stats(gen(key, "negative", [5000])).max).toBeLessThan(0);
    expect(new Set(gen(key, "ties", [5000]))).toEqual(new Set([-2, -1, 0, 1]));
    const pos = stats(gen(key, "positive", [5000]));
    expect(pos.min).toBeGreaterThanOrEqual(0.5);
    expect(pos.max).toBeLessThan(1.5);
    expect(stats(gen(key, "large", [20000])).std).toBeGreaterThan(90);
    expect(gen(key, "ones", [3])).toEqual(Float32Array.from([1, 1, 1]));
    const sparse = gen(key, "sparse", [10000]);
    const zeros = sparse.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(4500);
    expect(zeros).toBeLessThan(5500);
    // row r of row_scaled is N(0, 1) · 10^(r mod 7 − 3): compare row RMS across the 7 scales.
    const scaled = gen(key, "row_scaled", [7, 4000]);
    const rms = Array.from({ length: 7 }, (_, r) => Math.sqrt(scaled.slice(r * 4000, (r + 1) * 4000).reduce((s, v) => s + v * v, 0) / 4000));
    rms.forEach((v, r) => expect(Math.abs(v / 10 ** (r - 3) - 1), `row ${r}`).toBeLessThan(0.05));
  });

  it("draws int32 targets in [0, high)", () => {
    const t = loadNative().kbenchGenerateInputs(key, [{ name: "t", dtype: "i32", shape: [5000], init: "randint:C", high: 7 }])[0] as Int32Array;
    expect(t).toBeInstanceOf(Int32Array);
    expect(new Set(t)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
  });

  it("rejects bad inits and keys clearly", () => {
    expect(() => gen(key, "gaussian")).toThrow(/init "gaussian" is not valid for f32/);
    expect(() => loadNative().kbenchGenerateInputs(key, [{ name: "t", dtype: "i32", shape: [3], init: "normal" }])).toThrow(/not valid for i32/);
    expect(() => loadNative().kbenchGenerateInputs(key, [{ name: "t", dtype: "i32", shape: [3], init: "randint:C" }])).toThrow(/high must be a number/);
    expect(() => gen({ ...key, seed: -1 })).toThrow(/key.seed/);
    expect(() => gen(key, "normal", [0])).toThrow(/positive integer/);
  });
});
