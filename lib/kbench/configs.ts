// Expands a task's configurations the way robust-kbench does: every input dict × every init dict
// × every shared dict, the shared dict merged last so it may override either, then the hidden
// configurations (never shown to an LLM). Each result is fully resolved: concrete shapes, inits,
// scalar values, FLOP and byte counts.
import { evalCount, evalExpr } from "./expr.js";
import type { KbenchManifest } from "./manifest.js";

type ConfigDict = Record<string, number | string>;
type TaskLike = Pick<KbenchManifest, "name" | "inputs" | "outputs" | "scalars" | "configs" | "smallConfig" | "flops" | "bytes">;

export interface ResolvedTensor {
  name: string;
  dtype: "f32" | "i32";
  shape: number[];
}

export interface ResolvedConfig {
  /** "single-0", "multi-3", "hidden-0" or "small". */
  id: string;
  /** Position in the full list (single, multi, hidden); the Philox counter word for this config. */
  index: number;
  hidden: boolean;
  /** The shape variables (integer keys of the merged dict). */
  vars: Record<string, number>;
  inputs: (ResolvedTensor & { init: string })[];
  outputs: ResolvedTensor[];
  scalars: Record<string, number>;
  flops: number;
  bytes: number;
}

/** Index used for the small configuration (CPU reference, sanitizer), apart from the expanded ones. */
export const SMALL_CONFIG_INDEX = 0xffff;

function crossProduct(group: { input: ConfigDict[]; init: ConfigDict[]; shared: ConfigDict[] }): ConfigDict[] {
  const out: ConfigDict[] = [];
  for (const input of group.input) for (const init of group.init) for (const shared of group.shared) out.push({ ...input, ...init, ...shared });
  return out;
}

/** The merged (unresolved) dictionaries with their ids, in expansion order. */
export function configDicts(task: TaskLike, opts: { includeHidden?: boolean } = {}): { id: string; hidden: boolean; dict: ConfigDict }[] {
  const out: { id: string; hidden: boolean; dict: ConfigDict }[] = [];
  crossProduct(task.configs.single).forEach((dict, i) => out.push({ id: `single-${i}`, hidden: false, dict }));
  if (task.configs.multi) crossProduct(task.configs.multi).forEach((dict, i) => out.push({ id: `multi-${i}`, hidden: false, dict }));
  if (opts.includeHidden) task.configs.hidden.forEach((dict, i) => out.push({ id: `hidden-${i}`, hidden: true, dict }));
  return out;
}

/** Resolves one merged dictionary into concrete shapes, inits, scalars and costs. */
export function resolveConfig(task: TaskLike, dict: ConfigDict, id: string, index: number, hidden: boolean): ResolvedConfig {
  const where = `task ${task.name} config ${id}`;
  const vars: Record<string, number> = {};
  const inits = new Map<string, string>();
  const inputNames = new Set(task.inputs.map((t) => t.name));
  for (const [key, value] of Object.entries(dict)) {
    if (key.endsWith(".init")) {
      const tensor = key.slice(0, -".init".length);
      if (!inputNames.has(tensor)) throw new RangeError(`${where}: "${key}" overrides the init of unknown input "${tensor}"`);
      if (typeof value !== "string") throw new TypeError(`${where}: "${key}" must be an init name`);
      inits.set(tensor, value);
    } else {
      if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new TypeError(`${where}: "${key}" must be an integer, got ${JSON.stringify(value)}`);
      vars[key] = value;
    }
  }
  const scalars: Record<string, number> = {};
  for (const s of task.scalars) scalars[s.name] = vars[s.name] ?? s.value;
  const env = { ...scalars, ...vars };
  const shapeOf = (t: { name: string; shape: (string | number)[] }) =>
    t.shape.map((e, d) => {
      const n = evalCount(e, env, `${where}: ${t.name}.shape[${d}]`);
      if (n === 0) throw new RangeError(`${where}: ${t.name}.shape[${d}] "${e}" is zero`);
      return n;
    });
  const inputs = task.inputs.map((t) => {
    const init = inits.get(t.name) ?? t.init;
    if (init.startsWith("randint:") && !(init.slice(8) in env)) throw new RangeError(`${where}: ${t.name} init ${init} names an unknown key`);
    return { name: t.name, dtype: t.dtype, shape: shapeOf(t), init };
  });
  const outputs = task.outputs.map((t) => ({ name: t.name, dtype: t.dtype, shape: shapeOf(t) }));
  return {
    id,
    index,
    hidden,
    vars,
    inputs,
    outputs,
    scalars,
    flops: evalExpr(task.flops, env),
    bytes: evalExpr(task.bytes, env),
  };
}

/** All configurations (visible ones first; hidden ones only when asked). */
export function expandConfigs(task: TaskLike, opts: { includeHidden?: boolean } = {}): ResolvedConfig[] {
  return configDicts(task, opts).map(({ id, hidden, dict }, index) => resolveConfig(task, dict, id, index, hidden));
}

/** The small configuration, where the CPU fp64 reference is cheap. */
export function smallConfig(task: TaskLike): ResolvedConfig {
  return resolveConfig(task, task.smallConfig, "small", SMALL_CONFIG_INDEX, true);
}

/** "B=16,D=16384" (plus init overrides) for listing a configuration. */
export function describeConfig(dict: ConfigDict): string {
  return Object.entries(dict)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

/** Number of elements of a shape. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
