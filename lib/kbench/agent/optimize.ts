// Agentic kernel optimisation (spec §10.2): translate the task into a first kernel (or, without an
// LLM, start from the naive reference kernel), then evolve it with the evolution engine, kernels as
// programs: fitness is the harness's speedup over the reference on every shape, gated by
// correctness, and its feedback goes back into the prompts. Proposals come in conversations of
// `proposals_per_generation` kernels (one generation in the paper's sense).
//
// Fitness needs a CUDA device. The seed kernel is measured first: when nothing ran (no device),
// optimisation stops there with status "no-device", after translation, compilation and the static
// checks, and says so; an injected `evaluate` (a test double or a remote measurement) replaces the
// device measurement.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { resolveEvolveConfig, type EvolveConfig } from "../../evolve/config.js";
import { DatabaseStore } from "../../evolve/database/evolution-store.js";
import type { Mutator } from "../../evolve/mutator.js";
import { metaScratchpad } from "../../evolve/parts.js";
import { ResultsDir, writeJsonAtomic } from "../../evolve/results.js";
import { EvolutionRunner, type Progress, type RunSummary } from "../../evolve/runner.js";
import type { Task } from "../../evolve/task.js";
import { createSampler } from "../../llm/bandit/factory.js";
import { LocalHashEmbedder } from "../../llm/embed/local-hash.js";
import type { CostLedger } from "../../llm/ledger.js";
import { asEvolvable, kernelOf, referenceSeed } from "./candidate.js";
import type { AgentKbenchResult, AgentTask, CompileAndCheck, KernelEvaluator } from "./contract.js";
import { kernelEvaluation } from "./evaluator.js";
import type { AgentLlm } from "./llm.js";
import { evolveSystemMessage } from "./prompts.js";
import { sequentialProposals } from "./proposals.js";
import { compileProblem, translateTask, type TranslateResult } from "./translate.js";
import type { VerifierOptions } from "./verifiers.js";

export interface OptimizeOptions {
  /** The proposal models (an ensemble: the engine's bandit picks one per conversation); none: offline. */
  llms?: readonly AgentLlm[];
  /** Generations of proposals after the seed (default 10). */
  generations?: number;
  /** Kernels proposed per generation, one after another in one conversation (default 4). */
  proposals_per_generation?: number;
  resultsDir: string;
  /** The fitness measurement. */
  evaluate: KernelEvaluator;
  /** nvcc and the static checks, for the translation's compile-and-fix loop. */
  compileAndCheck: CompileAndCheck;
  /** Answers asked for in translation (default 4). */
  translate_rounds?: number;
  /**
   * After each generation, the proposal models summarise the measured kernels (timings, resources,
   * errors) into numbered recommendations, one of which goes into each later proposal (the
   * engine's meta-scratchpad; spec §10.2 stage 4). Default off.
   */
  recommendations?: boolean;
  /** LLM soft verifiers before each measurement (default off). */
  verifiers?: { llm: AgentLlm; options?: VerifierOptions };
  /** The cost ledger the llms charge (for the budget and the summary). */
  ledger?: CostLedger;
  seed?: number;
  /** Engine settings on top of the kbench defaults. */
  evolve?: Partial<EvolveConfig>;
  onProgress?: (progress: Progress) => void;
  log?: (line: string) => void;
}

export type OptimizeStatus = "done" | "no-device" | "seed-failed";

export interface OptimizeSummary {
  task: string;
  status: OptimizeStatus;
  message: string;
  results_dir: string;
  seed_origin: "translated" | "reference";
  translate: TranslateResult | null;
  seed_result: AgentKbenchResult | null;
  /** Best correct speedup (geometric mean over the shapes), or null. */
  best_speedup: number | null;
  /** The best kernel as a plain .cu file, when one was correct. */
  best_kernel: string | null;
  evolution: RunSummary | null;
  cost_usd: number;
}

function mutatorOf(llms: readonly AgentLlm[]): Mutator {
  const byName = new Map(llms.map((l) => [l.model, l]));
  return {
    models: llms.map((l) => l.model),
    offline: false,
    sampleKwargs: () => ({ max_tokens: 8192 }),
    chat: (model, messages) => {
      const llm = byName.get(model);
      if (!llm) throw new RangeError(`model "${model}" is not one of the proposal models`);
      return llm.chat(messages);
    },
  };
}

/** The engine settings of a kernel run: one population, one proposal and one measurement at a time. */
export function kbenchEvolveConfig(totalGenerations: number, seed: number, models: readonly string[], overrides: Partial<EvolveConfig> = {}): EvolveConfig {
  return resolveEvolveConfig(
    {
      num_generations: totalGenerations,
      seed,
      llm_models: [...models],
      llm_dynamic_selection: "ucb",
      patch_types: ["full"],
      patch_type_probs: [1],
      max_patch_attempts: 2,
      max_proposal_jobs: 1,
      max_evaluation_jobs: 1,
      num_islands: 1,
      parent_selection_strategy: "hill_climbing",
      num_archive_inspirations: 1,
      num_top_k_inspirations: 2,
      meta_rec_interval: null,
      // Only (near-)identical kernels are rejected as not novel.
      code_embed_sim_threshold: 0.999,
      use_text_feedback: true,
      eval_timeout_s: 900,
      report_interval: 1,
    },
    overrides,
  );
}

function checkOptions(options: OptimizeOptions): { generations: number; perGeneration: number } {
  if (!options || typeof options !== "object") throw new TypeError("options must be an object");
  if (typeof options.resultsDir !== "string" || options.resultsDir === "") throw new TypeError("resultsDir must be a non-empty string");
  if (typeof options.evaluate !== "function") throw new TypeError("evaluate must be a function (source) => Promise<KbenchResult>");
  if (typeof options.compileAndCheck !== "function") throw new TypeError("compileAndCheck must be a function (source) => Promise<{compile, checks}>");
  const generations = options.generations ?? 10;
  if (!(Number.isInteger(generations) && generations >= 0)) throw new RangeError(`generations must be an integer >= 0, got ${generations}`);
  const perGeneration = options.proposals_per_generation ?? 4;
  if (!(Number.isInteger(perGeneration) && perGeneration >= 1)) throw new RangeError(`proposals_per_generation must be an integer >= 1, got ${perGeneration}`);
  return { generations, perGeneration };
}

export async function optimizeTask(task: AgentTask, options: OptimizeOptions): Promise<OptimizeSummary> {
  const { generations, perGeneration } = checkOptions(options);
  const log = (line: string) => options.log?.(line);
  const llms = options.llms ?? [];
  const results = new ResultsDir(options.resultsDir);
  if (results.holdsRun()) throw new RangeError(`${results.root} already holds a run; choose another results directory`);
  mkdirSync(results.root, { recursive: true });
  const summary: OptimizeSummary = {
    task: task.name,
    status: "done",
    message: "",
    results_dir: results.root,
    seed_origin: "reference",
    translate: null,
    seed_result: null,
    best_speedup: null,
    best_kernel: null,
    evolution: null,
    cost_usd: 0,
  };
  const cost = () => options.ledger?.total_usd ?? summary.translate?.cost_usd ?? 0;

  // 1. The seed kernel: translated by the first model, or the reference kernel itself.
  let seed = referenceSeed(task);
  if (llms.length > 0) {
    const translated = await translateTask(task, {
      llm: llms[0]!,
      compileAndCheck: options.compileAndCheck,
      measure: options.evaluate,
      ...(options.translate_rounds !== undefined ? { maxRounds: options.translate_rounds } : {}),
      log,
    });
    summary.translate = translated;
    writeJsonAtomic(join(results.root, "translate.json"), translated);
    if (translated.ok && translated.source) {
      seed = translated.source;
      summary.seed_origin = "translated";
    } else {
      log(`translation did not produce a compiling, correct kernel in ${translated.rounds.length} rounds; starting from the reference kernel`);
    }
  } else {
    const { compile, checks } = await options.compileAndCheck(seed);
    const { problem } = compileProblem(compile, checks);
    if (problem) {
      summary.status = "seed-failed";
      summary.message = `the reference kernel does not pass compilation and the static checks: ${problem.split("\n")[0]}`;
      summary.cost_usd = cost();
      return summary;
    }
  }
  const initialPath = join(results.root, "initial.cu");
  const initialProgram = asEvolvable(task.name, seed);
  writeFileSync(initialPath, initialProgram);
  // The kernel exactly as generation 0 will hand it to the evaluator.
  seed = kernelOf(initialProgram);

  // 2. The seed's fitness. Nothing ran: no device, so nothing to optimise against.
  // A translated seed was measured during translation.
  const seedResult = summary.seed_origin === "translated" && summary.translate?.measured ? summary.translate.measured : await options.evaluate(seed);
  summary.seed_result = seedResult;
  writeJsonAtomic(join(results.root, "seed_result.json"), seedResult);
  if (!seedResult.ran) {
    summary.status = "no-device";
    summary.message =
      `fitness needs a CUDA device: the ${summary.seed_origin === "translated" ? "translated" : "reference"} seed kernel compiled and passed the static checks, ` +
      `but nothing ran (${seedResult.note}); it is in ${initialPath}. Run optimize on a machine with a GPU.`;
    summary.cost_usd = cost();
    return summary;
  }

  // 3. Evolution. The seed's measurement is reused for generation 0.
  let seedPending = true;
  const measure: KernelEvaluator = async (source) => {
    if (seedPending && source === seed) {
      seedPending = false;
      return seedResult;
    }
    return options.evaluate(source);
  };
  const models = llms.map((l) => l.model);
  const total = llms.length > 0 ? 1 + generations * perGeneration : 1;
  if (llms.length === 0 && generations > 0) log("no LLM: the reference seed is measured, nothing is evolved");
  const config = kbenchEvolveConfig(total, options.seed ?? 0, models.length > 0 ? models : ["offline"], options.evolve);
  const evolveTask: Task = {
    name: `kbench-${task.name}`,
    dir: results.root,
    initial_program_path: initialPath,
    language: "cuda",
    extension: ".cu",
    sys_msg: evolveSystemMessage(task),
    evaluator: {
      kind: "trusted",
      evaluate: kernelEvaluation({
        task,
        evaluate: measure,
        // The seed is measured already: the verifiers only screen proposals.
        ...(options.verifiers ? { verifiers: options.verifiers, verifyIf: (kernel: string) => kernel !== seed } : {}),
        onResult: (_kernel, _result, note) => log(`measured: ${note}`),
      }),
    },
    timeout_ms: config.eval_timeout_s! * 1000,
    memory_mb: 0,
  };
  const sequential = sequentialProposals(task, perGeneration);
  const store = new DatabaseStore(results.database, config);
  const sampler = createSampler(config.llm_dynamic_selection, config.llm_models, { ucb: { cost_aware_coef: config.cost_aware_coef } });
  const mutator = mutatorOf(llms);
  const scratchpad =
    options.recommendations && llms.length > 0
      ? metaScratchpad({
          mutator,
          models,
          store,
          results_root: results.root,
          interval: perGeneration,
          max_recommendations: 3,
          task_description: `${evolveTask.sys_msg}\n\nThe programs are CUDA kernels; combined_score is the speedup over the reference (0 when incorrect).`,
          seed: config.seed,
        })
      : undefined;
  const runner = new EvolutionRunner({
    task: evolveTask,
    config,
    results,
    store: sequential.store(store),
    mutator,
    ...(scratchpad ? { scratchpad } : {}),
    sampler,
    embedder: new LocalHashEmbedder(),
    patches: sequential.patches,
    costs: {
      total_usd: () => options.ledger?.total_usd ?? 0,
      exhausted: () => options.ledger?.exhausted() ?? false,
      by_model: () => options.ledger?.by_model() ?? {},
      save: () => {
        if (options.ledger) store.setMeta("cost_ledger", options.ledger.toJSON());
      },
    },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    log,
  });
  writeJsonAtomic(results.configFile, { task: evolveTask.name, kbench_task: task.name, config, models });
  let evolution: RunSummary;
  try {
    evolution = await runner.run();
  } finally {
    writeJsonAtomic(results.banditState, sampler.toJSON());
    store.close();
  }
  summary.evolution = evolution;
  summary.best_speedup = evolution.best_score;
  if (evolution.best_program && existsSync(evolution.best_program)) {
    const best = join(results.root, "best_kernel.cu");
    writeFileSync(best, kernelOf(readFileSync(evolution.best_program, "utf8")));
    summary.best_kernel = resolve(best);
  }
  summary.message =
    evolution.best_score === null
      ? "no correct kernel was found"
      : `best speedup ${evolution.best_score.toFixed(3)}x over the reference (seed ${seedResult.correct ? `${(seedResult.speedup ?? 0).toFixed(3)}x` : "incorrect"})`;
  summary.cost_usd = cost();
  writeJsonAtomic(join(results.root, "summary.json"), { ...summary, translate: summary.translate ? { ok: summary.translate.ok, rounds: summary.translate.rounds } : null });
  return summary;
}
