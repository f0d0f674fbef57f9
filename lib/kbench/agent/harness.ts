// The agent's view of the kbench catalogue and harness: a task as an AgentTask (what an LLM may
// see), and nvcc plus the static checks for translation. The harness's own types must fit the
// agent's structural ones (checked here at compile time).
import { listTasks, loadTask } from "../catalogue.js";
import { compileKernel, type CompileResult } from "../compile.js";
import type { KbenchResult } from "../evaluate.js";
import type { KbenchTask } from "../manifest.js";
import { staticChecks } from "../static-checks.js";
import type { AgentCompileResult, AgentKbenchResult, AgentTask, CompileAndCheck } from "./contract.js";

// Compile-time checks that the harness's results are what the agent reads.
type Fits<Wanted, Given extends Wanted> = Given;
export type HarnessCompileResult = Fits<AgentCompileResult, CompileResult>;
export type HarnessResult = Fits<AgentKbenchResult, KbenchResult>;

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
