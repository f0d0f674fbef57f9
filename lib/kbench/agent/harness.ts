// The agent's view of the kbench catalogue (TASKS) and harness (HARNESS): a task as an AgentTask
// (what an LLM may see), nvcc plus the static checks, and the measurement. Module specifiers are
// resolved when first used, so the agent loads without the harness built.
import type { AgentCheck, AgentCompileResult, AgentKbenchResult, AgentTask } from "./contract.js";

/** The catalogue's and harness's entry points the agent calls (lib/kbench's contract). */
export interface KbenchLibrary {
  listTasks(): { name: string; family: string; description: string; shapes: string[] }[];
  loadTask(name: string): unknown;
  compileKernel(source: string, opts: { task: unknown }): Promise<AgentCompileResult>;
  staticChecks(source: string, compiled: AgentCompileResult, task: unknown): AgentCheck[];
  evaluateCandidate(taskName: string, source: string, opts?: { device?: "auto" | "cuda" | "none" }): Promise<AgentKbenchResult>;
}

const MODULES = ["../catalogue.js", "../compile.js", "../static-checks.js", "../evaluate.js"];

let library: Promise<KbenchLibrary> | undefined;

/** lib/kbench's catalogue and harness functions. */
export function kbenchLibrary(): Promise<KbenchLibrary> {
  library ??= (async () => {
    const merged: Record<string, unknown> = {};
    for (const specifier of MODULES) Object.assign(merged, (await import(specifier)) as Record<string, unknown>);
    for (const name of ["listTasks", "loadTask", "compileKernel", "staticChecks", "evaluateCandidate"]) {
      if (typeof merged[name] !== "function") throw new Error(`lib/kbench does not export ${name} yet`);
    }
    return merged as unknown as KbenchLibrary;
  })();
  return library;
}

type Loose = Record<string, any>;

/** A catalogue task (manifest fields at the top or under `manifest`) as the agent's AgentTask. */
export function agentTaskOf(raw: unknown, visibleShapes: string[] = []): AgentTask {
  const task = raw as Loose;
  const m: Loose = (task.manifest as Loose | undefined) ?? task;
  return {
    name: String(m.name),
    family: m.family,
    pass: m.pass,
    description: String(m.description ?? ""),
    inputs: m.inputs ?? [],
    outputs: m.outputs ?? [],
    scalars: m.scalars ?? [],
    launch: m.launch,
    reference: { kernel: m.reference?.kernel, launch: { kernel: m.reference?.kernel, ...m.reference?.launch } },
    referenceSource: String(task.referenceSource ?? ""),
    tolerance: m.tolerance,
    policy: m.policy,
    shapes: visibleShapes,
  };
}

export interface HarnessTask {
  /** The catalogue's task object (what the harness functions take). */
  raw: unknown;
  agent: AgentTask;
}

/** Loads a task by name; RangeError (from the catalogue) for an unknown one. */
export async function harnessTask(name: string): Promise<HarnessTask> {
  const lib = await kbenchLibrary();
  const raw = lib.loadTask(name);
  const summary = lib.listTasks().find((t) => t.name === name);
  return { raw, agent: agentTaskOf(raw, summary?.shapes ?? []) };
}

/** nvcc and the static checks of the harness, for translation. */
export function harnessCompileAndCheck(task: HarnessTask) {
  return async (source: string) => {
    const lib = await kbenchLibrary();
    const compile = await lib.compileKernel(source, { task: task.raw });
    const checks = lib.staticChecks(source, compile, task.raw);
    return { compile, checks };
  };
}
