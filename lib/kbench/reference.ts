// Inputs and CPU fp64 reference outputs of a task configuration, through the native addon
// (Philox streams keyed on task hash, config index, trial, tensor index and seed). Only for
// configurations where an fp64 CPU pass is cheap (the small one, tiny tests).
import { loadNative } from "../native/loader.js";
import type { KbenchInputSpec } from "../native/binding.js";
import type { ResolvedConfig } from "./configs.js";
import type { KbenchTask } from "./manifest.js";

export type KbenchTensorData = Float32Array | Int32Array;

export interface CpuReferenceResult {
  inputs: Map<string, KbenchTensorData>;
  outputs: Map<string, Float64Array>;
}

type TaskLike = Pick<KbenchTask, "name" | "hash" | "reference" | "inputs">;

/** The specs the native generator needs (randint bounds resolved from the configuration). */
export function inputSpecs(task: Pick<KbenchTask, "name">, config: ResolvedConfig): KbenchInputSpec[] {
  return config.inputs.map((t) => {
    const spec: KbenchInputSpec = { name: t.name, dtype: t.dtype, shape: t.shape, init: t.init };
    if (t.init.startsWith("randint:")) {
      const key = t.init.slice("randint:".length);
      const high = config.vars[key];
      if (high === undefined) throw new RangeError(`task ${task.name} config ${config.id}: ${t.name} init ${t.init} names an unknown key`);
      spec.high = high;
    }
    return spec;
  });
}

/** The inputs of one trial of a configuration, by tensor name. */
export function generateInputs(task: TaskLike, config: ResolvedConfig, seed: number, trial = 0): Map<string, KbenchTensorData> {
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  const arrays = loadNative().kbenchGenerateInputs(
    { taskHash: task.hash, configIndex: config.index, trial, seed },
    inputSpecs(task, config),
  );
  return new Map(config.inputs.map((t, i) => [t.name, arrays[i]!]));
}

/** Above this many FLOPs a configuration is for the GPU reference, not the CPU one. */
export const CPU_REFERENCE_MAX_FLOPS = 2e9;

/** Runs the task's CPU fp64 reference on given inputs (RangeError for configurations too big for it). */
export function runCpuReference(
  task: Pick<KbenchTask, "reference">,
  config: ResolvedConfig,
  inputs: Map<string, KbenchTensorData>,
  maxFlops = CPU_REFERENCE_MAX_FLOPS,
): Map<string, Float64Array> {
  if (config.flops > maxFlops) {
    throw new RangeError(`config ${config.id} needs ${config.flops.toExponential(2)} FLOPs: the CPU fp64 reference is for small configurations (at most ${maxFlops.toExponential(0)})`);
  }
  const outs = loadNative().kbenchCpuReference(
    task.reference.cpu,
    config.inputs.map((t) => {
      const data = inputs.get(t.name);
      if (!data) throw new RangeError(`missing input "${t.name}"`);
      return { name: t.name, shape: t.shape, data };
    }),
    config.scalars,
    config.vars,
    config.outputs.map((t) => ({ name: t.name, shape: t.shape })),
  );
  return new Map(config.outputs.map((t, i) => [t.name, outs[i]!]));
}

/** Inputs of (config, seed, trial) and the CPU fp64 reference outputs on them. */
export function cpuReference(task: TaskLike, config: ResolvedConfig, seed: number, trial = 0): CpuReferenceResult {
  const inputs = generateInputs(task, config, seed, trial);
  return { inputs, outputs: runCpuReference(task, config, inputs) };
}
