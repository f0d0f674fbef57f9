// Plain TypeScript merging and MLP evaluation (spec m2n2_qd.md §3), written for clarity: the oracle
// that the native kernels are tested against, and a fallback for tiny inputs.
import type { MlpShape } from "./mlp-shape.js";
import { mlpParamCount } from "./mlp-shape.js";

export type Interp = "linear" | "slerp";
export type OmegaMode = "global" | "per-segment";

export interface MergeOptions {
  /** First index that takes ratio 1 - w; elements before it take w. In [0, dim). */
  splitPoint: number;
  /** Mixing ratio in [0, 1]. */
  w: number;
  interp?: Interp;
  omega?: OmegaMode;
}

function angle(a: ArrayLike<number>, b: ArrayLike<number>, begin: number, end: number): number | null {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = begin; i < end; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  if (aa === 0 || bb === 0) return null;
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / (Math.sqrt(aa) * Math.sqrt(bb)))));
  return Math.sin(omega) > 1e-6 ? omega : null;
}

/** SLERP (or linear, when omega is null) of a and b at t, elementwise over [begin, end). */
function interpolate(a: ArrayLike<number>, b: ArrayLike<number>, t: number, omega: number | null, begin: number, end: number, out: Float32Array): void {
  const ca = omega === null ? 1 - t : Math.sin((1 - t) * omega) / Math.sin(omega);
  const cb = omega === null ? t : Math.sin(t * omega) / Math.sin(omega);
  for (let i = begin; i < end; i++) out[i] = ca * a[i]! + cb * b[i]!;
}

/** The M2N2 merge of a and b: ratio w before the split point, 1 - w from it on. */
export function mergeReference(a: Float32Array, b: Float32Array, options: MergeOptions): Float32Array {
  const { splitPoint: s, w, interp = "slerp", omega = "global" } = options;
  const dim = a.length;
  const child = new Float32Array(dim);
  const segments: [number, number, number][] = [[0, s, w], [s, dim, 1 - w]];
  const globalAngle = interp === "slerp" && omega === "global" ? angle(a, b, 0, dim) : null;
  for (const [begin, end, t] of segments) {
    const segmentAngle = interp === "linear" ? null : omega === "global" ? globalAngle : angle(a, b, begin, end);
    interpolate(a, b, t, segmentAngle, begin, end, child);
  }
  return child;
}

/** Logits (samples x outputs) of one model, in double precision. */
export function mlpLogitsReference(params: ArrayLike<number>, shape: MlpShape, x: ArrayLike<number>, samples: number): Float64Array {
  const { inputs, hidden, outputs } = shape;
  if (params.length !== mlpParamCount(shape)) throw new RangeError("params has the wrong length for the shape");
  const b1 = inputs * hidden;
  const w2 = b1 + hidden;
  const b2 = w2 + hidden * outputs;
  const logits = new Float64Array(samples * outputs);
  const h = new Float64Array(hidden);
  for (let j = 0; j < samples; j++) {
    for (let k = 0; k < hidden; k++) {
      let sum = params[b1 + k]!;
      for (let i = 0; i < inputs; i++) sum += x[j * inputs + i]! * params[i * hidden + k]!;
      h[k] = Math.max(0, sum);
    }
    for (let o = 0; o < outputs; o++) {
      let sum = params[b2 + o]!;
      for (let k = 0; k < hidden; k++) sum += h[k]! * params[w2 + k * outputs + o]!;
      logits[j * outputs + o] = sum;
    }
  }
  return logits;
}

/** Index of the first largest value in each row of `outputs` values. */
export function firstArgmax(logits: ArrayLike<number>, row: number, outputs: number): number {
  let best = 0;
  for (let o = 1; o < outputs; o++) if (logits[row * outputs + o]! > logits[row * outputs + best]!) best = o;
  return best;
}
