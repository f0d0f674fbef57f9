// The compile step the agent tests use for their tiny task: the harness's nvcc compile (the local
// nvcc, no device needed). The tiny task is not in the catalogue, so no static checks apply.
import { spawnSync } from "node:child_process";
import type { AgentTask, CompileAndCheck } from "../../lib/kbench/agent/index.js";
import { compileKernel } from "../../lib/kbench/compile.js";

export function nvccAvailable(): boolean {
  return spawnSync("nvcc", ["--version"], { encoding: "utf8" }).status === 0;
}

export function compileAndCheckFor(task: AgentTask): CompileAndCheck {
  const policy = { allowLibraries: [], allowTF32: false, fastMath: false, allowHostCode: false, ...task.policy };
  return async (source) => ({ compile: await compileKernel(source, { task: { policy } }), checks: [] });
}
