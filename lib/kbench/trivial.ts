// Guards against degenerate tasks (spec §3.3 and §7F): a task whose correct output is matched by
// zeros, ones, a copy of an input, a constant, or the reference of other inputs cannot tell a
// real kernel from a cheat, and neither can one whose outputs barely depend on the inputs
// (METR's and robust-kbench's filters 1–4: range, output std, axes, input impact).
import { smallConfig, type ResolvedConfig } from "./configs.js";
import type { KbenchTask } from "./manifest.js";
import { generateInputs, runCpuReference, type KbenchTensorData } from "./reference.js";

export interface Tolerance {
  atol: number;
  rtol: number;
}

/** How a task's outputs come about: inputs for a seed, and the fp64 reference on given inputs. */
export interface TaskOracle {
  generate(seed: number): Map<string, KbenchTensorData>;
  reference(inputs: Map<string, KbenchTensorData>): Map<string, Float64Array>;
}

export interface TrivialReport {
  /** True when every trivial output FAILS the tolerance (the configuration can be trusted). */
  passed: boolean;
  /** One line per trivial output that would have been accepted. */
  failures: string[];
}

export interface FilterReport {
  /** True when no filter flags the task. */
  passed: boolean;
  /** "range", "output std", "axes (y dim 1)", "input impact": the filters that fired, with detail. */
  flags: string[];
}

/** |a − r| ≤ atol + rtol·|r| everywhere; NaN/Inf must match the reference exactly (NaN parity). */
export function withinTolerance(actual: ArrayLike<number>, ref: ArrayLike<number>, tol: Tolerance): boolean {
  if (actual.length !== ref.length) return false;
  for (let i = 0; i < ref.length; i++) {
    const a = actual[i]!, r = ref[i]!;
    if (!Number.isFinite(r) || !Number.isFinite(a)) {
      if (!(Object.is(a, r) || (Number.isNaN(a) && Number.isNaN(r)))) return false;
      continue;
    }
    if (!(Math.abs(a - r) <= tol.atol + tol.rtol * Math.abs(r))) return false;
  }
  return true;
}

function allWithin(candidate: Map<string, ArrayLike<number>>, ref: Map<string, Float64Array>, tol: Tolerance): boolean {
  for (const [name, r] of ref) {
    const a = candidate.get(name);
    if (!a || !withinTolerance(a, r, tol)) return false;
  }
  return true;
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** The trivial-output test against an oracle: zeros, ones, an input copy, a constant and the
 * reference of another seed must each fail the tolerance on at least one element. */
export function trivialOutputsWith(oracle: TaskOracle, tol: Tolerance, seed = 1): TrivialReport {
  const inputs = oracle.generate(seed);
  const ref = oracle.reference(inputs);
  const other = oracle.reference(oracle.generate(seed + 1));
  const fill = (f: (name: string, r: Float64Array) => Float64Array) => new Map([...ref].map(([n, r]) => [n, f(n, r)]));
  const firstInput = [...inputs.values()][0]!;
  const candidates: [string, Map<string, ArrayLike<number>>][] = [
    ["zeros", fill((_, r) => new Float64Array(r.length))],
    ["ones", fill((_, r) => new Float64Array(r.length).fill(1))],
    [
      "input copy",
      fill((_, r) => {
        // The first input of the same size, else the first input cycled to the output's size.
        const same = [...inputs.values()].find((t) => t.length === r.length) ?? firstInput;
        return Float64Array.from({ length: r.length }, (_, i) => same[i % same.length]!);
      }),
    ],
    // The best constant a cheat could hard-code: the mean output of other inputs.
    ["constant", fill((n, r) => new Float64Array(r.length).fill(mean(other.get(n)!)))],
    ["reference of another seed", other],
  ];
  const failures = candidates.filter(([, c]) => allWithin(c, ref, tol)).map(([what]) => `${what} passes the tolerance (atol ${tol.atol}, rtol ${tol.rtol})`);
  return { passed: failures.length === 0, failures };
}

function stdAcross(samples: Float64Array[], i: number): number {
  let m = 0;
  for (const s of samples) m += s[i]!;
  m /= samples.length;
  let q = 0;
  for (const s of samples) q += (s[i]! - m) ** 2;
  return Math.sqrt(q / samples.length);
}

// True when, along axis `axis` of `shape`, every 1-D slice has std < limit.
function flatAlongAxis(data: Float64Array, shape: number[], axis: number, limit: number): boolean {
  const len = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = data.length / (len * inner);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      let m = 0;
      for (let k = 0; k < len; k++) m += data[(o * len + k) * inner + j]!;
      m /= len;
      let q = 0;
      for (let k = 0; k < len; k++) q += (data[(o * len + k) * inner + j]! - m) ** 2;
      if (Math.sqrt(q / len) >= limit) return false;
    }
  return true;
}

/** Filters 1–4 over `seeds` seeds (spec §3.3): range, output std across seeds, flat axes, and
 * input impact (only the first input varies, the others are held at the first seed's values). */
export function taskFiltersWith(oracle: TaskOracle, outputs: { name: string; shape: number[] }[], seeds = 5, limit = 0.01): FilterReport {
  const flags: string[] = [];
  const runs = Array.from({ length: seeds }, (_, s) => oracle.reference(oracle.generate(s + 1)));
  const fixed = oracle.generate(1);
  const firstName = [...fixed.keys()][0]!;
  const inputRuns = Array.from({ length: seeds }, (_, s) => {
    const inputs = new Map(fixed);
    inputs.set(firstName, oracle.generate(s + 1).get(firstName)!);
    return oracle.reference(inputs);
  });
  for (const { name, shape } of outputs) {
    const samples = runs.map((r) => r.get(name)!);
    if (samples.every((s) => s.every((v) => v > -limit && v < limit))) flags.push(`range: every ${name} lies in (-${limit}, ${limit})`);
    const n = samples[0]!.length;
    let allFlat = true;
    for (let i = 0; i < n && allFlat; i++) if (stdAcross(samples, i) >= limit) allFlat = false;
    if (allFlat) flags.push(`output std: every element of ${name} varies by less than ${limit} across ${seeds} seeds`);
    shape.forEach((len, axis) => {
      if (len > 1 && samples.every((s) => flatAlongAxis(s, shape, axis, limit))) flags.push(`axes: ${name} is flat along dim ${axis}`);
    });
    const inputSamples = inputRuns.map((r) => r.get(name)!);
    let noImpact = true;
    for (let i = 0; i < n && noImpact; i++) if (stdAcross(inputSamples, i) >= limit) noImpact = false;
    if (noImpact) flags.push(`input impact: varying ${firstName} changes no element of ${name} by ${limit} or more`);
  }
  return { passed: flags.length === 0, flags };
}

/** A task's oracle on one configuration: Philox inputs and the native CPU fp64 reference. */
export function taskOracle(task: KbenchTask, config: ResolvedConfig): TaskOracle {
  return {
    generate: (seed) => generateInputs(task, config, seed),
    reference: (inputs) => runCpuReference(task, config, inputs),
  };
}

/** The trivial-output test of a task on a configuration (the small one by default). */
export function trivialOutputCheck(task: KbenchTask, config: ResolvedConfig = smallConfig(task)): TrivialReport {
  return trivialOutputsWith(taskOracle(task, config), task.tolerance);
}

/** Filters 1–4 of a task on a configuration (the small one by default). */
export function taskFilters(task: KbenchTask, config: ResolvedConfig = smallConfig(task), seeds = 5): FilterReport {
  return taskFiltersWith(taskOracle(task, config), config.outputs, seeds);
}
