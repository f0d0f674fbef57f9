// Translation (spec §10.2 stage 2): an LLM turns the task's description and naive reference into
// a first kernel; nvcc errors and failed static checks go back to it until the kernel compiles and
// passes them, or the rounds run out. Numerical correctness needs a device and is the harness's.
import { LlmError } from "../../llm/errors.js";
import type { ChatMessage, LlmReply } from "../../llm/types.js";
import type { AgentCheck, AgentCompileResult, AgentKbenchResult, AgentTask, CompileAndCheck, KernelEvaluator } from "./contract.js";
import type { AgentLlm } from "./llm.js";
import { feedbackText } from "./metrics.js";
import { fixMessage, translateMessages } from "./prompts.js";
import { parseKernelReply } from "./reply.js";

export interface TranslateRound {
  round: number;
  /** What was wrong with this round's answer, or null when it compiled and passed the static checks. */
  problem: string | null;
  stage: "reply" | "compile" | "static-checks" | "correctness" | "passed";
  cost_usd: number;
}

export interface TranslateResult {
  ok: boolean;
  /** The last kernel extracted (the passing one when ok), or null when no reply held one. */
  source: string | null;
  name: string | null;
  thought: string | null;
  rounds: TranslateRound[];
  compile: AgentCompileResult | null;
  checks: AgentCheck[];
  /** The measurement of the last kernel that passed compilation and the checks (with `measure`). */
  measured: AgentKbenchResult | null;
  cost_usd: number;
}

export interface TranslateOptions {
  llm: AgentLlm;
  /** Compiles with nvcc and runs the static checks (the harness's, by default from optimize). */
  compileAndCheck: CompileAndCheck;
  /**
   * The device measurement: with it, a kernel that compiles is also run, and wrong results go back
   * to the model like compile errors (without a device nothing runs and the kernel is accepted).
   */
  measure?: KernelEvaluator;
  /** Answers asked for in all, the first included (default 4). */
  maxRounds?: number;
  log?: (line: string) => void;
}

/** The compile errors, or the failed static checks, as one feedback text; null when all passed. */
export function compileProblem(compile: AgentCompileResult, checks: readonly AgentCheck[]): { stage: TranslateRound["stage"]; problem: string | null } {
  if (!compile.ok) {
    const errors = compile.errors.length > 0 ? compile.errors.join("\n") : compile.log;
    return { stage: "compile", problem: `nvcc failed:\n${errors.trim() || "(no message)"}` };
  }
  const failed = checks.filter((c) => !c.passed);
  if (failed.length > 0) return { stage: "static-checks", problem: `static checks failed:\n${failed.map((c) => `${c.name}: ${c.detail}`).join("\n")}` };
  return { stage: "passed", problem: null };
}

export async function translateTask(task: AgentTask, options: TranslateOptions): Promise<TranslateResult> {
  const maxRounds = options.maxRounds ?? 4;
  if (!(Number.isInteger(maxRounds) && maxRounds >= 1)) throw new RangeError(`maxRounds must be an integer >= 1, got ${maxRounds}`);
  if (!options.llm || typeof options.llm.chat !== "function") throw new TypeError("llm must be an AgentLlm (see agentLlm)");
  const messages: ChatMessage[] = translateMessages(task);
  const result: TranslateResult = { ok: false, source: null, name: null, thought: null, rounds: [], compile: null, checks: [], measured: null, cost_usd: 0 };
  for (let round = 1; round <= maxRounds; round++) {
    let reply: LlmReply;
    try {
      reply = await options.llm.chat(messages);
    } catch (error) {
      // A garbled or empty server reply costs a round; anything else (budget, auth, network) stops.
      if (!(error instanceof LlmError && (error.kind === "malformed" || error.kind === "empty"))) throw error;
      result.rounds.push({ round, problem: `unusable reply from the model (${error.kind}): ${error.message}`, stage: "reply", cost_usd: 0 });
      options.log?.(`translate round ${round}: unusable reply (${error.kind})`);
      continue;
    }
    result.cost_usd += reply.cost_usd;
    const parsed = parseKernelReply(reply.content);
    let stage: TranslateRound["stage"] = "reply";
    let problem: string | null;
    if (!parsed.ok) problem = parsed.error;
    else {
      result.source = parsed.proposal.code;
      result.name = parsed.proposal.name;
      result.thought = parsed.proposal.thought;
      const { compile, checks } = await options.compileAndCheck(parsed.proposal.code);
      result.compile = compile;
      result.checks = checks;
      ({ stage, problem } = compileProblem(compile, checks));
      if (problem === null && options.measure) {
        const measured = await options.measure(parsed.proposal.code);
        result.measured = measured;
        if (measured.ran && measured.correct !== true) {
          stage = "correctness";
          problem = `the kernel compiles but its results are wrong:\n${feedbackText(measured)}`;
        }
      }
    }
    result.rounds.push({ round, problem, stage, cost_usd: reply.cost_usd });
    options.log?.(`translate round ${round}: ${problem === null ? "compiles and passes the static checks" : `${stage}: ${problem.split("\n")[0]}`}`);
    if (problem === null) {
      result.ok = true;
      return result;
    }
    messages.push({ role: "assistant", content: reply.content }, { role: "user", content: fixMessage(problem) });
  }
  return result;
}
