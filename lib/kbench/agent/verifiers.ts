// LLM soft verifiers (spec §7I, §10.3): three reviewers (compile, numerics, memory) read a
// candidate next to the trusted reference kernel and end with a verdict line; each gets one
// reflection round; the aggregate is the mean of the verdicts. They are a cheap, conservative
// pre-filter that may skip a GPU evaluation, never the judge: only the harness decides.
// The checklists are written here, in our own words.
import type { ChatMessage } from "../../llm/types.js";
import type { AgentTask } from "./contract.js";
import type { AgentLlm } from "./llm.js";
import { taskBrief } from "./prompts.js";

export type VerifierName = "compile" | "numerics" | "memory";
export const VERIFIERS: readonly VerifierName[] = ["compile", "numerics", "memory"];

const CHECKLISTS: Record<VerifierName, string[]> = {
  compile: [
    "Act as nvcc for sm_90 compiling this file on its own, step by step:",
    "1. Preprocess: which headers are included, do they exist in a plain CUDA toolkit, are macros defined before use?",
    "2. Every identifier: declared before use, spelled as declared, in scope; no redeclarations or conflicting prototypes.",
    "3. Qualifiers: device code calls only __device__/__global__ functions and device intrinsics with argument types that match an overload; host-only calls (printf aside) never appear in device code.",
    '4. Linkage: each kernel the launch plan names is `extern "C" __global__` and defined in this file; no undefined external symbols.',
    "5. Templates and constexpr values instantiate; array sizes are compile-time constants where required.",
    "6. Resource limits: static shared memory per block within 48 KB without opt-in (227 KB with it), constant memory within 64 KB, no register-hungry local arrays indexed dynamically.",
    "7. The launch plan's kernel name, argument count and argument types match the kernel's signature.",
  ],
  numerics: [
    "Check that the kernel computes the same values as the reference within the tolerance, for every shape:",
    "1. Coverage: every output element is written exactly once by some thread for any grid the launch plan gives, including tails when sizes are not multiples of the block or tile.",
    "2. Shared memory is written before it is read, __syncthreads() separates the phases, and no thread leaves the block early while others still wait at a barrier.",
    "3. Reductions: simulate the tree or warp shuffle for a small block; every partial sum is included once; the mask and lane arithmetic are right.",
    "4. Tiling loops cover the whole inner dimension (remainders of K), and indices into tiles match the layout that was loaded.",
    "5. Rounding: accumulate in fp32 or better as the reference does; no reduced precision (TF32, fp16) unless allowed; guard max-subtraction in softmax-like code and keep variance + eps positive.",
    "6. Work through one regular case and one tail case by hand and compare with the reference.",
  ],
  memory: [
    "Check every memory access and resource of the kernel:",
    "1. Bounds: each global load and store is inside its tensor for every thread of every block the launch plan creates, including indices read from memory (e.g. targets).",
    "2. Shared memory: the declared or dynamic size covers the largest index used; extern shared arrays cast to other types stay aligned.",
    "3. Vector accesses (float2/float4) are aligned: the element offset is a multiple of the vector width for every row and tail.",
    "4. No writes to input tensors, no state kept in global or static variables between launches, no allocation, no host code.",
    "5. Arithmetic hazards: division by zero, logf of non-positive values, expf overflow without max subtraction, integer overflow of flattened indices on the largest shape.",
    "6. The launch configuration agrees with the indexing (block size the kernel assumes equals the plan's block; grid large enough).",
  ],
};

const VERDICT_LINE = "End your answer with one line exactly like `VERDICT: true` (the kernel passes your review) or `VERDICT: false` (it does not).";

function verifierMessages(name: VerifierName, candidate: string, task: AgentTask): ChatMessage[] {
  return [
    {
      role: "system",
      content: [
        `You review CUDA kernels before they are run (${name} review). Be precise; reject only for a concrete problem you can point to.`,
        CHECKLISTS[name].join("\n"),
        VERDICT_LINE,
      ].join("\n\n"),
    },
    {
      role: "user",
      content: [
        taskBrief(task),
        "# A known-correct reference kernel (slow)",
        "```cuda\n" + task.referenceSource.replace(/\s+$/, "") + "\n```",
        "# The candidate to review",
        "```cuda\n" + candidate.replace(/\s+$/, "") + "\n```",
        `Review the candidate with the checklist. ${VERDICT_LINE}`,
      ].join("\n\n"),
    },
  ];
}

const REFLECTION =
  "Look at your review once more. Correct anything you got wrong; if nothing needs to change, repeat your verdict unchanged. Write DONE on its own line when you are finished, then the verdict line.";

/** The last verdict in a reply (a `VERDICT:` line, or a JSON `"valid"` field), or null when there is none. */
export function parseVerdict(text: string): boolean | null {
  const lines = [...text.matchAll(/VERDICT\s*\**\s*[:=]\s*\**\s*`?(true|false|pass|fail|yes|no|valid|invalid)\b/gi)];
  const last = lines.at(-1)?.[1];
  if (last) return ["true", "pass", "yes", "valid"].includes(last.toLowerCase());
  const json = [...text.matchAll(/"valid"\s*:\s*(true|false)/gi)].at(-1)?.[1];
  return json ? json.toLowerCase() === "true" : null;
}

export interface VerifierVerdict {
  name: VerifierName;
  /** null: the verifier gave no usable verdict (a malformed reply or a failed call). */
  passed: boolean | null;
  /** The verdict before reflection. */
  first: boolean | null;
  reasoning: string;
  cost_usd: number;
  error?: string;
}

export interface VerifierReport {
  verdicts: VerifierVerdict[];
  /** Mean of the usable verdicts (true = 1), or null when none was usable. */
  score: number | null;
  /** Whether the candidate should go on to the GPU (score null counts as pass: no evidence, no skip). */
  pass: boolean;
  cost_usd: number;
}

export interface VerifierOptions {
  /** Which verifiers run (default all three). */
  verifiers?: readonly VerifierName[];
  /** The reflection round (default on). */
  reflect?: boolean;
  /** Skip the GPU when the mean is below this (default 1/3: only when every verifier rejects). */
  min_score?: number;
}

async function runOne(name: VerifierName, candidate: string, task: AgentTask, llm: AgentLlm, reflect: boolean): Promise<VerifierVerdict> {
  const messages = verifierMessages(name, candidate, task);
  let cost = 0;
  try {
    const first = await llm.chat(messages);
    cost += first.cost_usd;
    const firstVerdict = parseVerdict(first.content);
    let verdict = firstVerdict;
    let reasoning = first.content;
    if (reflect) {
      const second = await llm.chat([...messages, { role: "assistant", content: first.content }, { role: "user", content: REFLECTION }]);
      cost += second.cost_usd;
      const reflected = parseVerdict(second.content);
      // A reflection without a verdict keeps the first one.
      if (reflected !== null) {
        verdict = reflected;
        reasoning = second.content;
      }
    }
    return { name, passed: verdict, first: firstVerdict, reasoning: reasoning.slice(-4000), cost_usd: cost, ...(verdict === null ? { error: "no verdict line in the reply" } : {}) };
  } catch (error) {
    return { name, passed: null, first: null, reasoning: "", cost_usd: cost, error: (error as Error).message };
  }
}

/** Runs the verifiers one after another and aggregates their verdicts by the mean. */
export async function runVerifiers(candidate: string, task: AgentTask, llm: AgentLlm, options: VerifierOptions = {}): Promise<VerifierReport> {
  if (typeof candidate !== "string" || candidate.trim() === "") throw new TypeError("candidate must be non-empty CUDA source");
  const names = options.verifiers ?? VERIFIERS;
  for (const name of names) if (!VERIFIERS.includes(name)) throw new RangeError(`verifiers: unknown verifier "${name}" (${VERIFIERS.join(", ")})`);
  const minScore = options.min_score ?? 1 / 3;
  if (!(minScore >= 0 && minScore <= 1)) throw new RangeError(`min_score must be in [0, 1], got ${minScore}`);
  const verdicts: VerifierVerdict[] = [];
  for (const name of names) verdicts.push(await runOne(name, candidate, task, llm, options.reflect ?? true));
  const usable = verdicts.filter((v) => v.passed !== null);
  const score = usable.length === 0 ? null : usable.filter((v) => v.passed).length / usable.length;
  return {
    verdicts,
    score,
    pass: score === null || score >= minScore - 1e-12,
    cost_usd: verdicts.reduce((sum, v) => sum + v.cost_usd, 0),
  };
}

/** One line per verifier, for feedback and logs. */
export function verifierSummary(report: VerifierReport): string {
  const each = report.verdicts.map((v) => `${v.name} ${v.passed === null ? `no verdict${v.error ? ` (${v.error})` : ""}` : v.passed ? "pass" : "reject"}`);
  return `LLM verifiers: ${each.join(", ")}; mean ${report.score === null ? "-" : report.score.toFixed(2)}`;
}
