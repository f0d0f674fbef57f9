// The parts of the kbench contract (TASKS and HARNESS) the agent relies on, as structural types:
// the agent reads only these fields, so any task or result object with them works, and the
// prompts never see more of a task than an LLM may see (no hidden configurations).

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

export interface AgentCheck {
  name: string;
  passed: boolean;
  detail: string;
}

export interface AgentResources {
  kernel: string;
  registers: number;
  spillBytes: number;
  sharedBytes: number;
  constBytes?: number;
}

export interface AgentCompileResult {
  ok: boolean;
  log: string;
  errors: string[];
  resources: AgentResources[];
}

export interface AgentShapeResult {
  config: string;
  hidden: boolean;
  correct: boolean | null;
  candidate_ms: number | null;
  reference_ms: number | null;
  speedup: number | null;
  max_abs_error?: number | null;
  rel_frobenius?: number | null;
  flagged?: string[];
}

/** The harness's verdict on one candidate (HARNESS's KbenchResult). */
export interface AgentKbenchResult {
  task: string;
  correct: boolean | null;
  ran: boolean;
  device?: string | null;
  note: string;
  checks: AgentCheck[];
  speedup: number | null;
  candidate_ms: number | null;
  reference_ms: number | null;
  shapes: AgentShapeResult[];
  compile?: AgentCompileResult;
}

/** Compiles a candidate and runs the static checks, without running it (no device needed). */
export type CompileAndCheck = (source: string) => Promise<{ compile: AgentCompileResult; checks: AgentCheck[] }>;

/** The fitness measurement: the harness on a device (or a test double of it). */
export type KernelEvaluator = (source: string) => Promise<AgentKbenchResult>;
