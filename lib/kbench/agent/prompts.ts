// Prompts of the kernel agent, in our own words: the task as an LLM may see it (never the hidden
// configurations), translation with compile-and-fix turns, and evolution proposals made one after
// another in one conversation (spec §10.2: first faster, then each a different strategy).
import type { ChatMessage } from "../../llm/types.js";
import { launchLine } from "./candidate.js";
import type { AgentTask, AgentTensor } from "./contract.js";
import { kernelReplyFormat } from "./reply.js";

function tensorLine(t: AgentTensor): string {
  return `- ${t.name}: ${t.dtype}[${t.shape.join(", ")}]${t.init ? ` (values: ${t.init})` : ""}`;
}

/** The task as every kernel prompt states it. */
export function taskBrief(task: AgentTask): string {
  const parts = [`# Task: ${task.name}${task.pass ? ` (${task.pass} pass)` : ""}`, task.description.trim()];
  parts.push(`Inputs (device pointers, row-major, contiguous):\n${task.inputs.map(tensorLine).join("\n")}`);
  parts.push(`Outputs (device pointers the harness allocates and poisons; write every element):\n${task.outputs.map(tensorLine).join("\n")}`);
  if (task.scalars && task.scalars.length > 0) {
    parts.push(`Scalars:\n${task.scalars.map((s) => `- ${s.name}: ${s.type} = ${s.value}`).join("\n")}`);
  }
  if (task.shapes && task.shapes.length > 0) {
    parts.push(
      `Shapes it is measured on (and other shapes you are not shown, so handle any size, tails included):\n${task.shapes.map((s) => `- ${s}`).join("\n")}`,
    );
  }
  if (task.tolerance) parts.push(`Accepted error: atol ${task.tolerance.atol}, rtol ${task.tolerance.rtol} against a double-precision reference.`);
  const plan = task.launch;
  parts.push(
    [
      "# How the harness launches your kernel",
      `By default it launches \`${plan.kernel}\` with grid (${plan.grid.join(", ")}), block (${plan.block.join(", ")}), dynamic shared memory ${plan.shared ?? 0} bytes and arguments (${plan.args.join(", ")}), in that order.`,
      "A bare argument name is a tensor pointer (float* or int*; inputs are const); `i32:EXPR` is an int, `f32:EXPR` a float, computed from the shape variables.",
      `To change the launch (another kernel name, grid, block or shared memory), put one line like this in your file; expressions may use the shape variables, + - * / %, ceil_div(a,b), min(a,b), max(a,b):`,
      launchLine(plan),
    ].join("\n"),
  );
  const rules = [
    "# Rules",
    '- Kernels are `extern "C" __global__` functions in plain CUDA C++ for sm_90 (H100); the file is compiled with nvcc on its own.',
    "- Inputs and outputs are fp32; accumulate in fp32 or better" + (task.policy?.allowTF32 ? " (TF32 tensor cores are allowed)." : "; no TF32, fp16 or bf16 shortcuts."),
    "- No libraries (cuBLAS, cuDNN, CUTLASS, Thrust), no host code, no streams, no memory allocation, no static state kept between launches.",
    "- Do not modify the inputs; do not special-case the shapes above; produce the result for every launch from the inputs alone.",
  ];
  parts.push(rules.join("\n"));
  return parts.join("\n\n");
}

const ROLE = "You are an expert CUDA engineer who writes fast, correct kernels for NVIDIA H100 GPUs.";

/** The first translation request: the task and its naive reference kernel. */
export function translateMessages(task: AgentTask): ChatMessage[] {
  return [
    { role: "system", content: `${ROLE}\n\n${kernelReplyFormat()}` },
    {
      role: "user",
      content: [
        taskBrief(task),
        `# The naive reference kernel (correct, slow; launched as ${task.reference.launch.kernel ?? task.reference.kernel})`,
        "```cuda\n" + task.referenceSource.replace(/\s+$/, "") + "\n```",
        "# Your job\nWrite a first CUDA kernel for this task that is correct on every shape and reasonably efficient. Correctness first: it must compile and match the reference.",
      ].join("\n\n"),
    },
  ];
}

const MAX_FEEDBACK_CHARS = 6000;

/** The user turn after a failed round: what went wrong, and a request for a corrected file. */
export function fixMessage(problem: string): string {
  const text = problem.length > MAX_FEEDBACK_CHARS ? `${problem.slice(0, MAX_FEEDBACK_CHARS)}\n[... cut]` : problem;
  return [
    "Your kernel did not pass:",
    "```",
    text.trim(),
    "```",
    "Fix the cause and answer again in the same format, with the complete corrected .cu file.",
  ].join("\n");
}

export interface ShownKernel {
  name?: string;
  code: string;
  score: number;
  correct: boolean;
  feedback?: string;
}

function showKernel(title: string, kernel: ShownKernel): string {
  const verdict = kernel.correct ? `speedup over the reference ${kernel.score.toFixed(3)}x (geometric mean over the shapes)` : "INCORRECT (score 0)";
  return [
    `## ${title}${kernel.name ? `: ${kernel.name}` : ""}`,
    verdict,
    kernel.feedback ? `Harness feedback:\n${kernel.feedback.trim()}` : "",
    "```cuda\n" + kernel.code.replace(/\s+$/, "") + "\n```",
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** The system message of evolution proposals. */
export function evolveSystemMessage(task: AgentTask): string {
  return [
    ROLE,
    "You improve an existing kernel. Fitness is the geometric-mean speedup over the naive reference on every shape, and it is 0 unless the kernel is correct on all of them (hidden ones included).",
    taskBrief(task),
    kernelReplyFormat(),
  ].join("\n\n");
}

/** The first proposal of a conversation: make the current kernel faster. */
export function proposalMessage(current: ShownKernel, others: readonly ShownKernel[], recommendation?: string): string {
  const parts = [showKernel("Current kernel", current), ...others.map((k, i) => showKernel(`Earlier kernel ${i + 1}`, k))];
  if (recommendation) parts.push(`# Suggestions from earlier results\n${recommendation.trim()}`);
  parts.push(
    current.correct
      ? "# Your job\nWrite a kernel that computes the same result faster than the current kernel on these shapes. Keep it correct."
      : "# Your job\nThe current kernel is incorrect or did not compile. Find the cause from the feedback and write a correct kernel that is also fast.",
  );
  return parts.join("\n\n");
}

/** Each later proposal in the same conversation: a different strategy than the previous ones. */
export function anotherStrategyMessage(count: number): string {
  return [
    `You have proposed ${count} kernel${count === 1 ? "" : "s"} in this conversation.`,
    "Propose one more, built on a different implementation strategy than all of them (for example another work decomposition, memory access pattern, tiling, vectorisation, reduction scheme or launch configuration), still correct on every shape.",
    "Answer in the same format with the complete .cu file.",
  ].join(" ");
}
