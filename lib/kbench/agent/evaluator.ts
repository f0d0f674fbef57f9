// How an evolved kernel is judged inside the evolution engine: optionally the LLM soft verifiers
// first (a candidate every verifier rejects skips the GPU), then the fitness measurement, written
// as metrics.json and correct.json. By default the measurement is the harness run in a child
// process (evaluate-child.ts, sandboxed like every evolve evaluator: the harness itself runs the
// kernel in its own runner child); tests inject a KernelEvaluator instead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { runSandboxed, sandboxCapabilities, type SandboxResult } from "../../evolve/sandbox.js";
import { type TrustedEvaluationContext, tsxImportFlag } from "../../evolve/task.js";
import { kernelOf } from "./candidate.js";
import type { AgentKbenchResult, AgentTask, KernelEvaluator } from "./contract.js";
import type { AgentLlm } from "./llm.js";
import { kernelVerdict, writeVerdict } from "./metrics.js";
import { runVerifiers, verifierSummary, type VerifierOptions } from "./verifiers.js";

/** What a harness result must hold for the agent to use it (validated: it crosses a process boundary). */
const ResultSchema = z
  .object({
    task: z.string(),
    correct: z.boolean().nullable(),
    ran: z.boolean(),
    note: z.string(),
    checks: z.array(z.object({ name: z.string(), passed: z.boolean(), detail: z.string() }).passthrough()),
    speedup: z.number().nullable(),
    candidate_ms: z.number().nullable(),
    reference_ms: z.number().nullable(),
    shapes: z.array(
      z
        .object({
          config: z.string(),
          hidden: z.boolean(),
          correct: z.boolean().nullable(),
          candidate_ms: z.number().nullable(),
          reference_ms: z.number().nullable(),
          speedup: z.number().nullable(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

export function parseHarnessResult(data: unknown): AgentKbenchResult {
  const parsed = ResultSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`harness result: ${issue?.path.join(".") || "result"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data as AgentKbenchResult;
}

function childScript(): { flags: string[]; path: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSources = import.meta.url.endsWith(".ts");
  return { flags: fromSources ? [tsxImportFlag()] : [], path: join(here, fromSources ? "evaluate-child.ts" : "evaluate-child.js") };
}

function passThroughEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["TANSAKU_ADDON", "TANSAKU_DEVICE", "TANSAKU_KBENCH_RUNNER", "CUDA_VISIBLE_DEVICES", "CUDA_HOME", "LD_LIBRARY_PATH"]) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  return env;
}

/** The harness in a child process: `evaluate-child --task T --kernel K --output O`. */
export function childProcessEvaluator(taskName: string, options: { work_dir: string; timeout_ms?: number; device?: "auto" | "cuda" | "none" }): KernelEvaluator {
  let count = 0;
  return async (source) => {
    // Absolute: the child runs in its own working directory.
    const work = resolve(options.work_dir, `eval_${count++}`);
    mkdirSync(work, { recursive: true });
    const kernel = join(work, "kernel.cu");
    const output = join(work, "result.json");
    writeFileSync(kernel, source);
    const { flags, path } = childScript();
    const run = await runSandboxed({
      command: process.execPath,
      args: [...flags, path, "--task", taskName, "--kernel", kernel, "--output", output, "--device", options.device ?? "auto"],
      cwd: work,
      env: passThroughEnv(),
      timeout_ms: options.timeout_ms ?? 10 * 60 * 1000,
      // CUDA reserves large address ranges; the harness bounds the kernel's own process.
      memory_mb: 0,
      stdout_path: join(work, "stdout.log"),
      stderr_path: join(work, "stderr.log"),
    });
    if (run.timed_out) throw new Error(`the harness child timed out after ${Math.round((options.timeout_ms ?? 600_000) / 1000)} s`);
    if (run.exit_code !== 0 || !existsSync(output)) {
      throw new Error(`the harness child failed (exit ${run.signal ?? run.exit_code}): ${run.stderr_tail.trim().split("\n").slice(-5).join(" | ")}`);
    }
    return parseHarnessResult(JSON.parse(readFileSync(output, "utf8")));
  };
}

export interface KernelEvaluationOptions {
  task: AgentTask;
  evaluate: KernelEvaluator;
  /** The soft verifiers as a pre-filter (off when absent). */
  verifiers?: { llm: AgentLlm; options?: VerifierOptions };
  /** Which kernels the verifiers screen (default all). */
  verifyIf?: (kernel: string) => boolean;
  /** Told of each harness result (or verifier rejection), e.g. for a log. */
  onResult?: (program: string, result: AgentKbenchResult | null, note: string) => void;
}

function done(started: number): SandboxResult {
  return {
    exit_code: 0,
    signal: null,
    timed_out: false,
    killed_reason: null,
    stdout_tail: "",
    stderr_tail: "",
    seconds: (performance.now() - started) / 1000,
    isolation: sandboxCapabilities(),
  };
}

/** The engine's trusted evaluator for kernels: verifiers (optional), then the measurement. */
export function kernelEvaluation(options: KernelEvaluationOptions): (context: TrustedEvaluationContext) => Promise<SandboxResult> {
  return async (context) => {
    const started = performance.now();
    mkdirSync(context.results_dir, { recursive: true });
    const kernel = kernelOf(readFileSync(context.program_path, "utf8"));
    if (options.verifiers && (options.verifyIf?.(kernel) ?? true)) {
      const report = await runVerifiers(kernel, options.task, options.verifiers.llm, options.verifiers.options);
      writeFileSync(join(context.results_dir, "verifiers.json"), `${JSON.stringify(report, null, 2)}\n`);
      if (!report.pass) {
        const summary = verifierSummary(report);
        writeVerdict(context.results_dir, {
          correct: false,
          error: "skipped: every LLM verifier rejected the kernel (not run on the GPU)",
          combined_score: 0,
          public: { verifier_score: report.score },
          private: {},
          text_feedback: `${summary}\n${report.verdicts.map((v) => `[${v.name}] ${v.reasoning.slice(-1200)}`).join("\n")}`,
        });
        options.onResult?.(kernel, null, summary);
        return done(started);
      }
    }
    let result: AgentKbenchResult;
    try {
      result = await options.evaluate(kernel);
    } catch (error) {
      const message = `evaluation failed: ${(error as Error).message}`;
      writeVerdict(context.results_dir, { correct: false, error: message, combined_score: 0, public: {}, private: {}, text_feedback: message });
      options.onResult?.(kernel, null, message);
      return done(started);
    }
    writeFileSync(join(context.results_dir, "kbench_result.json"), `${JSON.stringify(result, null, 2)}\n`);
    const verdict = kernelVerdict(result);
    writeVerdict(context.results_dir, verdict);
    options.onResult?.(kernel, result, verdict.error ?? `speedup ${verdict.combined_score}`);
    return done(started);
  };
}
