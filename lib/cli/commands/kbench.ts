// tansaku kbench list | eval | optimize: the kernel task catalogue, the harness's verdict on one
// candidate, and agentic optimisation. Without a CUDA device, eval compiles and runs the static
// checks and says that nothing ran; optimize translates and checks the seed kernel and stops with
// exit code 1, because fitness needs a device.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import {
  agentLlm,
  childProcessEvaluator,
  harnessCompileAndCheck,
  harnessTask,
  optimizeTask,
  type AgentKbenchResult,
  type HarnessTask,
  type OptimizeSummary,
} from "../../kbench/agent/index.js";
import { listTasks } from "../../kbench/catalogue.js";
import { evaluateCandidate } from "../../kbench/evaluate.js";
import { LlmClient } from "../../llm/client.js";
import { resolveLlmConfig } from "../../llm/config.js";
import { CheckFailed, numberOption, UsageError } from "../errors.js";
import { ProgressLine } from "../progress.js";

type Device = "auto" | "cuda" | "none";
const DEVICES: readonly Device[] = ["auto", "cuda", "none"];

function deviceOption(text: string): Device {
  if (!DEVICES.includes(text as Device)) throw new UsageError(`--device must be one of ${DEVICES.join(", ")}, got "${text}"`);
  return text as Device;
}

function loadNamedTask(name: string): HarnessTask {
  try {
    return harnessTask(name);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) throw new UsageError(error.message.split("\n")[0]!);
    throw error;
  }
}

function listCommand(): Command {
  return new Command("list")
    .description("the kernel tasks: name, family, description and the visible shapes")
    .option("--json", "print a JSON array of {name, family, description, shapes}")
    .action((flags: { json?: boolean }) => {
      const tasks = listTasks().map(({ name, family, description, shapes }) => ({ name, family, description, shapes }));
      if (flags.json) {
        console.log(JSON.stringify(tasks));
        return;
      }
      const width = Math.max(4, ...tasks.map((t) => t.name.length));
      for (const t of tasks) console.log(`${t.name.padEnd(width)}  ${t.family.padEnd(10)}  ${t.shapes.join("; ")}`);
      console.log(`${tasks.length} tasks`);
    });
}

/** The printed verdict: the contract's keys, plus whether anything ran and why not. */
export function evalReport(result: AgentKbenchResult): Record<string, unknown> {
  return {
    task: result.task,
    correct: result.correct,
    checks: result.checks,
    speedup: result.speedup,
    candidate_ms: result.candidate_ms,
    reference_ms: result.reference_ms,
    shapes: result.shapes,
    ran: result.ran,
    device: result.device ?? null,
    note: result.note,
    compile: result.compile ? { ok: result.compile.ok, errors: result.compile.errors, resources: result.compile.resources } : null,
  };
}

/** Exit 1 when it did not compile, a check failed, or it ran and is not correct. */
export function evalFailed(result: AgentKbenchResult): string | null {
  if (result.compile && !result.compile.ok) return "compilation failed";
  const failed = result.checks.filter((c) => !c.passed);
  if (failed.length > 0) return `failed checks: ${failed.map((c) => c.name).join(", ")}`;
  if (result.ran && result.correct !== true) return "incorrect";
  return null;
}

function printEval(result: AgentKbenchResult): void {
  const compile = result.compile;
  console.log(`task ${result.task}: ${compile ? (compile.ok ? "compiled" : "did not compile") : ""}`);
  for (const error of compile?.errors ?? []) console.log(`  ${error}`);
  for (const r of compile?.resources ?? []) console.log(`  kernel ${r.kernel}: ${r.registers} registers, ${r.spillBytes} B spilled, ${r.sharedBytes} B shared`);
  for (const c of result.checks) console.log(`  ${c.passed ? "pass" : "FAIL"}  ${c.name}${c.passed ? "" : `: ${c.detail}`}`);
  for (const s of result.shapes) {
    const speed = s.speedup === null ? "" : `  speedup ${s.speedup.toFixed(3)}x`;
    console.log(`  ${s.hidden ? "hidden " : ""}${s.config}: ${s.correct === null ? "not run" : s.correct ? "correct" : "INCORRECT"}${speed}`);
  }
  if (result.ran) console.log(`correct: ${result.correct}; speedup ${result.speedup === null ? "-" : `${result.speedup.toFixed(3)}x`} (${result.candidate_ms ?? "-"} ms vs reference ${result.reference_ms ?? "-"} ms)`);
  if (result.note) console.log(result.note);
}

function evalCommand(): Command {
  return new Command("eval")
    .description("compile a candidate kernel, run the static checks and, on a CUDA device, check and time it against the reference")
    .argument("<task>", "a task name (see tansaku kbench list)")
    .argument("<candidate>", "the candidate .cu file")
    .option("--json", "print the result as JSON")
    .option("--device <device>", "auto (CUDA when a device answers), cuda, or none (compile and static checks only)", deviceOption, "auto" as Device)
    .action(async (taskName: string, candidate: string, flags: { json?: boolean; device: Device }) => {
      loadNamedTask(taskName);
      if (!existsSync(candidate) || !statSync(candidate).isFile()) throw new UsageError(`candidate file ${candidate} does not exist`);
      const source = readFileSync(candidate, "utf8");
      const result = await evaluateCandidate(taskName, source, { device: flags.device });
      if (flags.json) console.log(JSON.stringify(evalReport(result)));
      else printEval(result);
      if (!result.ran) process.stderr.write(`tansaku: nothing ran: ${result.note}\n`);
      const failure = evalFailed(result);
      if (failure) throw new CheckFailed(`${taskName}: ${failure}`);
    });
}

interface OptimizeFlags {
  llm?: string;
  baseUrl?: string;
  generations: number;
  proposals: number;
  translateRounds: number;
  resultsDir?: string;
  budgetUsd?: number;
  verifiers?: boolean;
  recommendations?: boolean;
  device: Device;
  seed: number;
  record?: string;
  replay?: string;
  json?: boolean;
  quiet?: boolean;
}

function defaultResultsDir(task: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return join("results", `kbench-${task.replace(/[^A-Za-z0-9_-]+/g, "_")}-${stamp}`);
}

function optimizeJson(summary: OptimizeSummary): Record<string, unknown> {
  return {
    task: summary.task,
    status: summary.status,
    message: summary.message,
    results_dir: summary.results_dir,
    seed_origin: summary.seed_origin,
    translate_rounds: summary.translate?.rounds.length ?? 0,
    seed_speedup: summary.seed_result?.speedup ?? null,
    best_speedup: summary.best_speedup,
    best_kernel: summary.best_kernel,
    evaluations: summary.evolution?.evaluations ?? 0,
    cost_usd: summary.cost_usd,
  };
}

function optimizeCommand(): Command {
  return new Command("optimize")
    .description("translate a task into a CUDA kernel with an LLM, then evolve it for speed (fitness needs a CUDA device)")
    .argument("<task>", "a task name (see tansaku kbench list)")
    .option("--llm <models>", 'comma-separated model names on the endpoint, or "offline" (start from the reference kernel, no evolution)', "offline")
    .option("--base-url <url>", "OpenAI-compatible endpoint (default OPENAI_BASE_URL); the key comes from OPENAI_API_KEY")
    .option("--generations <n>", "generations of proposals after the seed (default 10)", numberOption("--generations", { integer: true, min: 0 }), 10)
    .option("--proposals <k>", "kernels per generation, proposed one after another in one conversation (default 4)", numberOption("--proposals", { integer: true, min: 1 }), 4)
    .option("--translate-rounds <r>", "answers asked for while translating (default 4)", numberOption("--translate-rounds", { integer: true, min: 1 }), 4)
    .option("--results-dir <dir>", "where the run is written (default results/kbench-TASK-TIME)")
    .option("--budget-usd <x>", "stop once the LLM cost reaches this", numberOption("--budget-usd", { min: 0 }))
    .option("--verifiers", "LLM soft verifiers before each measurement (a kernel all three reject is not run)")
    .option("--recommendations", "after each generation the models summarise the measurements into recommendations for the next proposals")
    .option("--device <device>", "auto, cuda or none", deviceOption, "auto" as Device)
    .option("--seed <s>", "seed of the run's random choices", numberOption("--seed", { integer: true, min: 0 }), 0)
    .option("--record <file>", "record every LLM exchange to this JSONL file")
    .option("--replay <file>", "answer every LLM exchange from this JSONL file (no network)")
    .option("--json", "print the summary as JSON")
    .option("--quiet", "no progress display")
    .action(async (taskName: string, flags: OptimizeFlags) => {
      const task = loadNamedTask(taskName);
      const offline = flags.llm === undefined || flags.llm.trim() === "offline";
      let llmConfig;
      try {
        llmConfig = resolveLlmConfig({
          cli: {
            ...(offline ? {} : { models: flags.llm }),
            ...(flags.baseUrl ? { base_url: flags.baseUrl } : {}),
            ...(flags.budgetUsd !== undefined ? { budget_usd: flags.budgetUsd } : {}),
            ...(flags.record ? { record: flags.record } : {}),
            ...(flags.replay ? { replay: flags.replay } : {}),
          },
        });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      if (!offline && !llmConfig.base_url && !flags.replay) throw new UsageError("--llm needs an endpoint: --base-url URL or OPENAI_BASE_URL");
      const client = offline ? undefined : new LlmClient(llmConfig);
      const llms = client ? llmConfig.models.map((m, i) => agentLlm(client, m.name, { seed: flags.seed + i })) : [];
      const resultsDir = flags.resultsDir ?? defaultResultsDir(taskName);
      const line = new ProgressLine(Boolean(flags.quiet || flags.json), 2000);
      const log = (text: string) => {
        if (!flags.quiet && !flags.json) line.update(0, text);
      };
      let summary: OptimizeSummary;
      try {
        summary = await optimizeTask(task.agent, {
          llms,
          generations: flags.generations,
          proposals_per_generation: flags.proposals,
          translate_rounds: flags.translateRounds,
          resultsDir,
          evaluate: childProcessEvaluator(taskName, { work_dir: join(resultsDir, "harness"), device: flags.device }),
          compileAndCheck: harnessCompileAndCheck(task),
          ...(flags.verifiers && llms[0] ? { verifiers: { llm: llms[0] } } : {}),
          ...(flags.recommendations ? { recommendations: true } : {}),
          ...(client ? { ledger: client.ledger } : {}),
          seed: flags.seed,
          onProgress: (p) => line.update(p.num_generations ? p.generation / p.num_generations : 0, `gen ${p.generation}/${p.num_generations}  best ${p.best_score ?? "-"}  cost $${p.cost_usd.toFixed(4)}`),
          log,
        });
      } catch (error) {
        if (error instanceof RangeError || error instanceof TypeError) throw new UsageError((error as Error).message);
        throw error;
      } finally {
        line.done();
      }
      if (flags.json) console.log(JSON.stringify(optimizeJson(summary)));
      else {
        console.log(`${summary.task}: ${summary.message}`);
        if (summary.best_kernel) console.log(`best kernel: ${summary.best_kernel}`);
        console.log(`results: ${summary.results_dir}; LLM cost $${summary.cost_usd.toFixed(4)}`);
      }
      if (summary.status !== "done") throw new CheckFailed(summary.message);
    });
}

export function kbenchCommand(): Command {
  return new Command("kbench")
    .description("CUDA kernel tasks: list them, evaluate a candidate kernel, optimise one with an LLM")
    .addCommand(listCommand())
    .addCommand(evalCommand())
    .addCommand(optimizeCommand());
}
