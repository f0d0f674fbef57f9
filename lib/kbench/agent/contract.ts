// The parts of the kbench contract (TASKS and HARNESS) the agent relies on: the task as an LLM may
// see it (no hidden configurations), and the fields of the harness's results the agent reads, picked
// from the harness's own types so a test double of the measurement can supply just those.
import type { CompileResult, KernelResources } from "../compile.js";
import type { KbenchResult, ShapeResult } from "../evaluate.js";
import type { Check } from "../static-checks.js";

/** A launch plan as a manifest or a candidate's `// tansaku-launch:` line declares it. */
export interface AgentLaunchPlan {
  kernel: string;
  grid: (string | number)[];
  block: (string | number)[];
  shared?: string | number;
  args: string[];
}

export interface AgentTensor {
  name: string;
  dtype: string;
  shape: (string | number)[];
  init?: string;
}

/** What the agent needs of a task (lib/kbench's KbenchTask has these and more). */
export interface AgentTask {
  name: string;
  family?: string;
  pass?: string;
  description: string;
  inputs: AgentTensor[];
  outputs: AgentTensor[];
  scalars?: { name: string; type: string; value: number }[];
  launch: AgentLaunchPlan;
  reference: { kernel: string; launch: AgentLaunchPlan };
  /** The naive CUDA reference (reference.cu). */
  referenceSource: string;
  tolerance?: { atol: number; rtol: number };
  policy?: { allowHostCode?: boolean; allowTF32?: boolean; fastMath?: boolean; allowLibraries?: string[] };
  /** The visible configurations, e.g. ["B=16,D=16384"] (never the hidden ones). */
  shapes?: string[];
}

/** A named check and its verdict, as the harness reports it. */
export type AgentCheck = Check;

/** What ptxas reported for one kernel (the agent feeds registers, spills and shared memory back). */
export type AgentResources = Pick<KernelResources, "kernel" | "registers" | "spillBytes" | "sharedBytes"> & Partial<Pick<KernelResources, "constBytes">>;

/** The part of the harness's CompileResult the agent reads. */
export type AgentCompileResult = Pick<CompileResult, "ok" | "log" | "errors"> & { resources: AgentResources[] };

/** The part of the harness's per-configuration result the agent reads. */
export type AgentShapeResult = Pick<ShapeResult, "config" | "hidden" | "correct" | "candidate_ms" | "reference_ms" | "speedup"> &
  Partial<Pick<ShapeResult, "max_abs_error" | "rel_frobenius" | "flagged">>;

/** The part of the harness's verdict on one candidate (KbenchResult) the agent reads. */
export type AgentKbenchResult = Pick<KbenchResult, "task" | "correct" | "ran" | "note" | "speedup" | "candidate_ms" | "reference_ms"> &
  Partial<Pick<KbenchResult, "device">> & { checks: AgentCheck[]; shapes: AgentShapeResult[]; compile?: AgentCompileResult };

/** Compiles a candidate and runs the static checks, without running it (no device needed). */
export type CompileAndCheck = (source: string) => Promise<{ compile: AgentCompileResult; checks: AgentCheck[] }>;

/** The fitness measurement: the harness on a device (or a test double of it). */
export type KernelEvaluator = (source: string) => Promise<AgentKbenchResult>;
