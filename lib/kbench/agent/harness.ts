// The agent's view of the kbench catalogue (TASKS) and harness (HARNESS): a task as an AgentTask
// (what an LLM may see), nvcc plus the static checks, and the measurement. The harness modules are
// imported when first used, so listing tasks never loads them.
import { listTasks, loadTask } from "../catalogue.js";
import type { KbenchTask } from "../manifest.js";
import type { AgentCheck, AgentCompileResult, AgentKbenchResult, AgentTask } from "./contract.js";

/** The harness's entry points the agent calls (lib/kbench's contract). */
export interface KbenchHarness {
  compileKernel(source: string, opts: { task: KbenchTask }): Promise<AgentCompileResult>;
  staticChecks(source: string, compiled: AgentCompileResult, task: KbenchTask): AgentCheck[];
  evaluateCandidate(taskName: string, source: string, opts?: { device?: "auto" | "cuda" | "none" }): Promise<AgentKbenchResult>;
}

const loaded = new Map<string, Promise<Record<string, unknown>>>();

/** One harness module, imported on first use (a clear error when it is missing). */
function harnessModule(specifier: string): Promise<Record<string, unknown>> {
  let module = loaded.get(specifier);
  if (!module) {
    module = import(specifier).catch((error: unknown) => {
      loaded.delete(specifier);
      throw new Error(`the kbench harness is not available (${specifier.replace("../", "lib/kbench/")}): ${(error as Error).message.split("\n")[0]}`);
    }) as Promise<Record<string, unknown>>;
    loaded.set(specifier, module);
  }
  return module;
}

async function harnessFunction<K extends keyof KbenchHarness>(specifier: string, name: K): Promise<KbenchHarness[K]> {
  const fn = (await harnessModule(specifier))[name];
  if (typeof fn !== "function") throw new Error(`lib/kbench/${specifier.slice(3)} does not export ${name}`);
  return fn as KbenchHarness[K];
}

/** lib/kbench's harness functions (compile and static checks load without the measurement). */
export const kbenchHarness = {
  compileKernel: () => harnessFunction("../compile.js", "compileKernel"),
  staticChecks: () => harnessFunction("../static-checks.js", "staticChecks"),
  evaluateCandidate: () => harnessFunction("../evaluate.js", "evaluateCandidate"),
};

/** A catalogue task as the agent's AgentTask: what an LLM may see (visible shapes only). */
export function agentTaskOf(task: KbenchTask, visibleShapes: string[] = []): AgentTask {
  return {
    name: task.name,
    family: task.family,
    pass: task.pass,
    description: task.description,
    inputs: task.inputs,
    outputs: task.outputs,
    scalars: task.scalars,
    launch: task.launch,
    reference: { kernel: task.reference.kernel, launch: { ...task.reference.launch, kernel: task.reference.launch.kernel ?? task.reference.kernel } },
    referenceSource: task.referenceSource,
    tolerance: task.tolerance,
    policy: task.policy,
    shapes: visibleShapes,
  };
}

export interface HarnessTask {
  /** The catalogue's task (what the harness functions take). */
  raw: KbenchTask;
  agent: AgentTask;
}

/** Loads a task by name; RangeError (from the catalogue) for an unknown one. */
export function harnessTask(name: string): HarnessTask {
  const raw = loadTask(name);
  const summary = listTasks().find((t) => t.name === name);
  return { raw, agent: agentTaskOf(raw, summary?.shapes ?? []) };
}

/** nvcc and the static checks of the harness, for translation. */
export function harnessCompileAndCheck(task: HarnessTask) {
  return async (source: string) => {
    const compile = await (await kbenchHarness.compileKernel())(source, { task: task.raw });
    const checks = (await kbenchHarness.staticChecks())(source, compile, task.raw);
    return { compile, checks };
  };
}
