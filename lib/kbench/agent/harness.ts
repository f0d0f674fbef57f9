// The agent's view of the kbench catalogue and harness: a task as an AgentTask (what an LLM may
// see), and nvcc plus the static checks for translation.
import { listTasks, loadTask } from "../catalogue.js";
import { compileKernel } from "../compile.js";
import type { KbenchTask } from "../manifest.js";
import { staticChecks } from "../static-checks.js";
import type { AgentTask, CompileAndCheck } from "./contract.js";

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
export function harnessCompileAndCheck(task: HarnessTask): CompileAndCheck {
  return async (source: string) => {
    const compile = await compileKernel(source, { task: task.raw });
    return { compile, checks: staticChecks(source, compile, task.raw) };
  };
}
