// A kernel as an evolvable program: the .cu source sits inside one EVOLVE-BLOCK (so the whole
// kernel, its helpers and its launch-plan line may change), behind a fixed header comment.
import type { AgentLaunchPlan, AgentTask } from "./contract.js";

export const LAUNCH_PREFIX = "// tansaku-launch:";
const START = "// EVOLVE-BLOCK-START";
const END = "// EVOLVE-BLOCK-END";

/** The comment line by which a candidate declares its own launch plan. */
export function launchLine(plan: AgentLaunchPlan): string {
  const { kernel, grid, block, args } = plan;
  return `${LAUNCH_PREFIX} ${JSON.stringify({ kernel, grid, block, shared: plan.shared ?? "0", args })}`;
}

export function hasLaunchLine(source: string): boolean {
  return source.split("\n").some((line) => line.trim().startsWith(LAUNCH_PREFIX));
}

/**
 * The task's naive reference kernel as a correct starting candidate (used without an LLM): the
 * reference source with a launch line for the reference's own launch plan.
 */
export function referenceSeed(task: AgentTask): string {
  const source = stripEvolveMarkers(task.referenceSource).replace(/\s+$/, "");
  if (hasLaunchLine(source)) return `${source}\n`;
  return `${launchLine({ ...task.reference.launch, kernel: task.reference.launch.kernel ?? task.reference.kernel })}\n${source}\n`;
}

export function stripEvolveMarkers(code: string): string {
  return code
    .split("\n")
    .filter((line) => !/^\s*(\/\/|#)\s*EVOLVE-BLOCK-(START|END)\b/.test(line))
    .join("\n");
}

/** The kernel file the evolution engine stores: header, then the whole kernel as one EVOLVE-BLOCK. */
export function asEvolvable(taskName: string, kernel: string): string {
  return [
    `// tansaku kbench candidate for task ${taskName}: everything between the markers may change.`,
    START,
    stripEvolveMarkers(kernel).replace(/\s+$/, ""),
    END,
    "",
  ].join("\n");
}

/** The kernel inside an evolvable file (the file itself when it has no markers). */
export function kernelOf(program: string): string {
  const lines = program.split("\n");
  const start = lines.findIndex((l) => l.trim() === START);
  const end = lines.findIndex((l, i) => i > start && l.trim() === END);
  if (start < 0 || end < 0) return program;
  return `${lines.slice(start + 1, end).join("\n")}\n`;
}

/** The parent's file with its kernel replaced (the header outside the block is kept). */
export function withKernel(parentProgram: string, kernel: string, taskName: string): string {
  const lines = parentProgram.split("\n");
  const start = lines.findIndex((l) => l.trim() === START);
  const end = lines.findIndex((l, i) => i > start && l.trim() === END);
  if (start < 0 || end < 0) return asEvolvable(taskName, kernel);
  const body = stripEvolveMarkers(kernel).replace(/\s+$/, "");
  return [...lines.slice(0, start + 1), body, ...lines.slice(end)].join("\n");
}
