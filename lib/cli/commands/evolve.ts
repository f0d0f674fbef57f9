// tansaku evolve TASK [...]: an evolution run with live progress, and --resume DIR to continue one.
// Without --llm (or with --llm offline) and without an endpoint, the embedded offline mutation
// operator proposes the patches, so the loop runs anywhere.
import { Command } from "commander";
import { applySetOverrides, type EvolveConfig, OFFLINE_DEFAULTS, readConfigFile, resolveEvolveConfig } from "../../evolve/config.js";
import { type PreparedRun, resumeRun, RunSetupError, startRun } from "../../evolve/engine.js";
import { mergeConfigLayers, presetLayers } from "../../evolve/presets.js";
import type { Progress, RunSummary } from "../../evolve/runner.js";
import { TaskError } from "../../evolve/task.js";
import { resolveLlmConfig } from "../../llm/config.js";
import { numberOption, UsageError } from "../errors.js";
import { ProgressLine } from "../progress.js";

interface EvolveFlags {
  resume?: string;
  llm?: string;
  baseUrl?: string;
  embeddingModel?: string;
  generations?: number;
  concurrency?: number;
  evalJobs?: number;
  resultsDir?: string;
  seed?: number;
  budgetUsd?: number;
  config?: string;
  json?: boolean;
  quiet?: boolean;
  record?: string;
  replay?: string;
  /** Repeated --set ns.key=value. */
  set?: string[];
  preset?: string;
  /** ShinkaEvolve's spellings of --results-dir and --generations. */
  results_dir?: string;
  num_generations?: number;
}

function defaultResultsDir(task: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const name = task.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "task";
  return `results/evolve-${name}-${stamp}`;
}

/** The run keys the flags set (undefined: not given, so the config file or the default applies). */
function flagLayer(flags: EvolveFlags): Partial<EvolveConfig> {
  const layer: Partial<EvolveConfig> = {};
  const generations = flags.generations ?? flags.num_generations;
  if (generations !== undefined) layer.num_generations = generations;
  if (flags.seed !== undefined) layer.seed = flags.seed;
  if (flags.budgetUsd !== undefined) layer.max_api_costs = flags.budgetUsd;
  if (flags.embeddingModel !== undefined) layer.embedding_model = flags.embeddingModel;
  if (flags.concurrency !== undefined) {
    layer.max_proposal_jobs = flags.concurrency;
    layer.max_evaluation_jobs = flags.evalJobs ?? flags.concurrency;
  } else if (flags.evalJobs !== undefined) layer.max_evaluation_jobs = flags.evalJobs;
  return layer;
}

function progressText(p: Progress): string {
  const best = p.best_score === null ? "-" : p.best_score.toFixed(6);
  const initial = p.initial_score === null ? "-" : p.initial_score.toFixed(6);
  return (
    `gen ${p.generation}/${p.num_generations}  evals ${p.evaluations} (${p.valid_evaluations} valid, ${p.failed_proposals} failed proposals)` +
    `  best ${best} (initial ${initial})  cost $${p.cost_usd.toFixed(4)}  in flight ${p.in_flight}`
  );
}

async function prepare(task: string | undefined, flags: EvolveFlags, onProgress: (p: Progress) => void, log: (line: string) => void): Promise<PreparedRun> {
  try {
    if (flags.resume) {
      if (task) throw new UsageError("give either TASK or --resume DIR, not both");
      const sets = applySetOverrides({ run: {} }, flags.set ?? []);
      if (flags.preset) throw new UsageError("--preset applies to a new run; a resumed run keeps its saved settings");
      if (sets.llm) throw new UsageError("--set llm.*: a resumed run keeps its saved LLM settings (edit run_config.json to change them)");
      const overrides = { ...sets.run, ...flagLayer(flags) };
      return await resumeRun({ results_dir: flags.resume, overrides, onProgress, log });
    }
    if (!task) throw new UsageError("missing TASK (a built-in task such as circle-packing, or a task directory), or --resume DIR");
    const file = applySetOverrides(
      mergeConfigLayers(flags.preset ? presetLayers(flags.preset) : { run: {} }, flags.config ? readConfigFile(flags.config) : { run: {} }),
      flags.set ?? [],
    );
    const offline = flags.llm === undefined || flags.llm.trim() === "offline";
    const llm = resolveLlmConfig({
      ...(file.llm ? { file: file.llm } : {}),
      cli: {
        ...(offline ? {} : { models: flags.llm }),
        ...(flags.baseUrl ? { base_url: flags.baseUrl } : {}),
        ...(flags.budgetUsd !== undefined ? { budget_usd: flags.budgetUsd } : {}),
        ...(flags.embeddingModel ? { embedding_model: flags.embeddingModel } : {}),
        ...(flags.record ? { record: flags.record } : {}),
        ...(flags.replay ? { replay: flags.replay } : {}),
      },
    });
    // A config file's llm_models is the model list when --llm is not given.
    const fileModels = Array.isArray(file.run.llm_models) ? (file.run.llm_models as string[]) : [];
    const models = offline && flags.llm === undefined && llm.models.length === 0 && fileModels.length > 0
      ? resolveLlmConfig({ ...(file.llm ? { file: file.llm } : {}), cli: { models: fileModels, ...(flags.baseUrl ? { base_url: flags.baseUrl } : {}) } }).models
      : offline && flags.llm !== undefined
        ? []
        : llm.models;
    const offlineDefaults = models.length === 0 ? OFFLINE_DEFAULTS : {};
    const config = resolveEvolveConfig(offlineDefaults, file.run, flagLayer(flags), { llm_models: models.map((m) => m.name) });
    return await startRun({
      task,
      results_dir: flags.resultsDir ?? flags.results_dir ?? defaultResultsDir(task),
      config,
      llm: { ...llm, models },
      onProgress,
      log,
    });
  } catch (error) {
    if (error instanceof TaskError || error instanceof RunSetupError) throw new UsageError(error.message);
    if (error instanceof TypeError || error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

export function evolveCommand(): Command {
  return new Command("evolve")
    .description("evolve a task's program with LLM patches (or the offline mutation operator), evaluating each candidate in a sandbox")
    .argument("[task]", "a built-in task (circle-packing, circle-packing-32, circle-packing-rect-21) or a task directory")
    .option("--resume <dir>", "continue the run in this results directory")
    .option("--llm <models>", 'comma-separated models: names on the OpenAI-compatible endpoint, claude-… or anthropic/… (ANTHROPIC_API_KEY), gemini-… or gemini/… (GEMINI_API_KEY), openrouter/…, local/NAME@URL; or "offline" (the default)')
    .option("--base-url <url>", "OpenAI-compatible endpoint (default OPENAI_BASE_URL); the key comes from OPENAI_API_KEY")
    .option("--embedding-model <name>", 'embedding model on the endpoint, or "local" (hashed n-grams, the default)')
    .option("--generations <n>", "hard cap on generation IDs, generation 0 included (default 50)", numberOption("--generations", { integer: true, min: 1 }))
    .option("--concurrency <k>", "proposals in flight (and evaluations at once, unless --eval-jobs)", numberOption("--concurrency", { integer: true, min: 1 }))
    .option("--eval-jobs <e>", "evaluations at once", numberOption("--eval-jobs", { integer: true, min: 1 }))
    .option("--results-dir <dir>", "where the run is written (default results/evolve-TASK-TIME)")
    .option("--seed <s>", "seed of every random choice (default 42)", numberOption("--seed", { integer: true, min: 0 }))
    .option("--budget-usd <x>", "stop proposing once the committed LLM cost reaches this", numberOption("--budget-usd", { min: 0 }))
    .option("--config <file>", "JSON or YAML config: run keys (snake_case, or under evo/db/job) and an llm section")
    .option("--preset <name>", "settings under the config file: small, medium, large, paper, circle-packing-hydra, circle-packing-script, hill-climbing, uniform-parents, power-law-high, weighted")
    .option("--set <ns.key=value>", "override one config key after the file (repeatable; ns: evo, db, job, llm; value read as YAML)", (value: string, previous: string[] = []) => [...previous, value])
    .option("--results_dir <dir>", "alias of --results-dir (ShinkaEvolve's spelling)")
    .option("--num_generations <n>", "alias of --generations (ShinkaEvolve's spelling)", numberOption("--num_generations", { integer: true, min: 1 }))
    .option("--record <file>", "record every LLM exchange to this JSONL file")
    .option("--replay <file>", "answer every LLM exchange from this JSONL file (no network)")
    .option("--json", "print the summary as JSON")
    .option("--quiet", "no progress display")
    .action(async (task: string | undefined, flags: EvolveFlags) => {
      const line = new ProgressLine(Boolean(flags.quiet), 2000);
      const onProgress = (p: Progress) => line.update(p.num_generations ? p.generation / p.num_generations : 0, progressText(p));
      const prepared = await prepare(task, flags, onProgress, () => {});
      const { runner, parts } = prepared;
      let interrupts = 0;
      let graceTimer: NodeJS.Timeout | undefined;
      const onSignal = (signal: NodeJS.Signals) => {
        interrupts += 1;
        if (interrupts > 1) {
          // A second signal: stop now. Evaluations in flight are lost; resume evaluates them again.
          prepared.close();
          process.exit(130);
        }
        process.stderr.write(`\n${signal}: no new proposals; finishing those in flight (up to ${parts.config.shutdown_grace_s} s; again to stop now)\n`);
        runner.stop("interrupted");
        graceTimer = setTimeout(() => {
          prepared.close();
          process.exit(130);
        }, parts.config.shutdown_grace_s * 1000);
        graceTimer.unref();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      let summary: RunSummary;
      try {
        summary = await runner.run();
      } finally {
        if (graceTimer) clearTimeout(graceTimer);
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        line.done();
        prepared.close();
      }
      if (flags.json) {
        console.log(
          JSON.stringify({
            initial_score: summary.initial_score,
            best_score: summary.best_score,
            best_program: summary.best_program,
            evaluations: summary.evaluations,
            valid_evaluations: summary.valid_evaluations,
            results_dir: summary.results_dir,
            failed_proposals: summary.failed_proposals,
            total_cost_usd: summary.total_cost_usd,
            generations: summary.generations_handed_out,
            stop_reason: summary.stop_reason,
          }),
        );
      } else {
        const best = summary.best_score === null ? "none correct" : summary.best_score;
        console.log(`${summary.evaluations} evaluations (${summary.valid_evaluations} valid), ${summary.failed_proposals} failed proposals`);
        console.log(`initial score ${summary.initial_score ?? "incorrect"}, best score ${best}`);
        console.log(`cost $${summary.total_cost_usd.toFixed(4)}; stopped: ${summary.stop_reason}`);
        if (summary.best_program) console.log(`best program: ${summary.best_program}`);
        console.log(`report: ${summary.results_dir}/report.html`);
      }
      if (summary.stop_reason === "interrupted") process.exitCode = 130;
    });
}
