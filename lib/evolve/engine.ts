// Starting and resuming a run: resolve the task and configuration, create or reopen the results
// directory (§3.4), restore what a resume needs (database, next generation ID, bandit state, cost
// ledger: §13), and compose the runner from the LLM layer, the database, the edit protocol and the
// evaluator.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { createSampler, samplerFromJSON } from "../llm/bandit/factory.js";
import type { ModelSampler } from "../llm/bandit/sampler.js";
import { LlmClient } from "../llm/client.js";
import type { LlmConfig } from "../llm/config.js";
import { createEmbedder } from "../llm/embed/create.js";
import { LocalHashEmbedder } from "../llm/embed/local-hash.js";
import { CostLedger, type LedgerState } from "../llm/ledger.js";
import { type EvolveConfig, OFFLINE_MODEL } from "./config.js";
import { llmMutator, type Mutator, offlineMutator } from "./mutator.js";
import { defaultPatchTools, metaScratchpad, offlineReply } from "./parts.js";
import { ResultsDir, writeJsonAtomic } from "./results.js";
import { checkSchedulerOptions, condaExecutable } from "./scheduler.js";
import { EvolutionRunner, type Progress, type RunnerParts } from "./runner.js";
import { DatabaseStore } from "./database/evolution-store.js";
import { loadTask } from "./task.js";

export interface StartOptions {
  /** A built-in task name or a task directory. */
  task: string;
  results_dir: string;
  config: EvolveConfig;
  /** The LLM layer's resolved config; no models means the offline mutation operator. */
  llm: LlmConfig;
  onProgress?: (progress: Progress) => void;
  log?: (line: string) => void;
}

export interface ResumeOptions {
  results_dir: string;
  /** Keys that override the saved configuration (e.g. a larger num_generations). */
  overrides?: Partial<EvolveConfig>;
  /** The API key is never saved; it comes from here or OPENAI_API_KEY. */
  api_key?: string;
  onProgress?: (progress: Progress) => void;
  log?: (line: string) => void;
}

/** What run_config.json holds: enough to resume without the original command line. */
interface SavedRun {
  task: string;
  config: EvolveConfig;
  llm: Omit<LlmConfig, "api_key">;
}

export class RunSetupError extends TypeError {}

export interface PreparedRun {
  runner: EvolutionRunner;
  parts: RunnerParts;
  /** Saves costs and bandit state, closes the database. */
  close(): void;
}

function taskReference(task: string): string {
  // A directory is saved as an absolute path so that resume works from any working directory.
  return existsSync(task) && (task.includes("/") || task.startsWith(".")) ? resolve(task) : isAbsolute(task) ? task : task;
}

export async function startRun(options: StartOptions): Promise<PreparedRun> {
  const results = new ResultsDir(options.results_dir);
  if (results.holdsRun()) {
    throw new RunSetupError(`${results.root} already holds a run; use --resume ${options.results_dir} to continue it, or another --results-dir`);
  }
  const config = checkedScheduler(options.config);
  const task = await loadTask(options.task);
  results.create();
  const { api_key: _secret, ...llm } = options.llm;
  const saved: SavedRun = { task: taskReference(options.task), config, llm };
  writeJsonAtomic(results.configFile, saved);
  return compose(results, saved, options.llm, task, undefined, options);
}

export async function resumeRun(options: ResumeOptions): Promise<PreparedRun> {
  const results = new ResultsDir(options.results_dir);
  if (!results.holdsRun() || !existsSync(results.configFile)) {
    throw new RunSetupError(`${results.root} holds no run to resume (no ${results.database} and run_config.json)`);
  }
  let saved: SavedRun;
  try {
    saved = JSON.parse(readFileSync(results.configFile, "utf8")) as SavedRun;
  } catch (error) {
    throw new RunSetupError(`${results.configFile} is unreadable: ${(error as Error).message}`);
  }
  const config = checkedScheduler({ ...saved.config, ...(options.overrides ?? {}) });
  const saveNew: SavedRun = { ...saved, config };
  writeJsonAtomic(results.configFile, saveNew);
  const apiKey = options.api_key ?? process.env.OPENAI_API_KEY;
  const llm: LlmConfig = { ...saved.llm, ...(apiKey ? { api_key: apiKey } : {}) };
  const task = await loadTask(saved.task);
  const banditJson = existsSync(results.banditState) ? JSON.parse(readFileSync(results.banditState, "utf8")) : undefined;
  return compose(results, saveNew, llm, task, banditJson, options);
}

/**
 * The local scheduler's settings checked before anything runs (§14): not both environments, an
 * activate_script that exists (saved as an absolute path, so resume works from anywhere), a conda
 * that answers.
 */
function checkedScheduler(config: EvolveConfig): EvolveConfig {
  try {
    checkSchedulerOptions(config);
  } catch (error) {
    throw new RunSetupError((error as Error).message);
  }
  if (config.activate_script) {
    const script = resolve(config.activate_script);
    if (!existsSync(script)) throw new RunSetupError(`activate_script ${config.activate_script} does not exist`);
    return { ...config, activate_script: script };
  }
  if (config.conda_env && spawnSync(condaExecutable(), ["--version"], { stdio: "ignore", timeout: 30_000 }).status !== 0) {
    throw new RunSetupError(`conda_env is ${config.conda_env}, but ${condaExecutable()} does not run (set CONDA_EXE or put conda on PATH)`);
  }
  return config;
}

function modelNames(llm: LlmConfig): string[] {
  return llm.models.length > 0 ? llm.models.map((m) => m.name) : [OFFLINE_MODEL];
}

async function compose(
  results: ResultsDir,
  saved: SavedRun,
  llm: LlmConfig,
  task: Awaited<ReturnType<typeof loadTask>>,
  banditJson: unknown,
  hooks: { onProgress?: (progress: Progress) => void; log?: (line: string) => void },
): Promise<PreparedRun> {
  const { config } = saved;
  const store = new DatabaseStore(results.database, config);
  const ledgerState = store.getMeta<LedgerState>("cost_ledger");
  const ledger = ledgerState ? CostLedger.fromJSON(ledgerState, config.max_api_costs) : new CostLedger(config.max_api_costs);
  const models = modelNames(llm);
  let sampler: ModelSampler;
  if (banditJson !== undefined) sampler = samplerFromJSON(banditJson, models);
  else sampler = createSampler(config.llm_dynamic_selection, models, { ucb: { cost_aware_coef: config.cost_aware_coef } });
  let mutator: Mutator;
  let embedder;
  if (llm.models.length === 0) {
    mutator = offlineMutator(OFFLINE_MODEL, offlineReply);
    embedder = config.embedding_model === "local" || !llm.base_url ? new LocalHashEmbedder() : createEmbedder(config.embedding_model, llm);
  } else {
    const client = new LlmClient({ ...llm, budget_usd: config.max_api_costs }, { ledger, onWarning: (m) => results.appendLog(`warning: ${m}`) });
    mutator = llmMutator(client);
    embedder = createEmbedder(config.embedding_model, client);
  }
  const parts: RunnerParts = {
    task,
    config,
    results,
    store,
    mutator,
    sampler,
    embedder,
    patches: defaultPatchTools,
    costs: {
      total_usd: () => ledger.total_usd,
      exhausted: () => ledger.exhausted(),
      by_model: () => ledger.by_model(),
      save: () => store.setMeta("cost_ledger", ledger.toJSON()),
    },
    // Offline there is no model to write summaries, so no scratchpad.
    ...(llm.models.length > 0 && config.meta_rec_interval !== null
      ? {
          scratchpad: metaScratchpad({
            mutator,
            models,
            store,
            results_root: results.root,
            interval: config.meta_rec_interval,
            max_recommendations: config.meta_max_recommendations,
            task_description: task.sys_msg,
            seed: config.seed,
          }),
        }
      : {}),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.log ? { log: hooks.log } : {}),
  };
  const runner = new EvolutionRunner(parts);
  let closed = false;
  return {
    runner,
    parts,
    close() {
      if (closed) return;
      closed = true;
      store.setMeta("cost_ledger", ledger.toJSON());
      writeJsonAtomic(results.banditState, sampler.toJSON());
      store.close();
    },
  };
}
