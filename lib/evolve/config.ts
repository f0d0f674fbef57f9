// The evolution run's configuration (evolve.md §18): one flat zod schema with snake_case keys
// (Shinka's names, so a Shinka config maps 1:1), built-in defaults, then a JSON or YAML config
// file (top-level keys, or the namespaces `evo`, `db`, `job`; an `llm` section goes to the LLM
// layer), then repeated `--set ns.key=value`, then the command-line flags. A bad value is a
// TypeError naming its key.
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const probability = z.number().min(0).max(1);

export const evolveConfigSchema = z
  .strictObject({
    /** Hard cap on generation IDs handed out, generation 0 included. */
    num_generations: z.number().int().min(1).default(50),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(42),
    /** Model names; empty means the embedded offline mutation operator ("offline-mutation"). */
    llm_models: z.array(z.string().min(1)).default([]),
    llm_dynamic_selection: z.enum(["ucb", "ucb1", "fixed", "uniform"]).default("ucb"),
    cost_aware_coef: z.number().min(0).max(1).default(0.5),
    embedding_model: z.string().min(1).default("local"),
    /** USD; compared with the committed cost (§15). Null: no budget. */
    max_api_costs: z.number().nonnegative().nullable().default(null),
    patch_types: z.array(z.enum(["diff", "full", "cross"])).min(1).default(["diff", "full", "cross"]),
    patch_type_probs: z.array(probability).min(1).default([0.6, 0.3, 0.1]),
    max_patch_attempts: z.number().int().min(1).default(1),
    max_patch_resamples: z.number().int().min(1).default(3),
    max_novelty_attempts: z.number().int().min(1).default(3),
    novelty_exhausted_policy: z.enum(["fail", "submit_last"]).default("fail"),
    meta_rec_interval: z.number().int().min(1).nullable().default(10),
    meta_max_recommendations: z.number().int().min(1).default(5),
    code_embed_sim_threshold: z.number().min(0).max(1).default(0.95),
    /** Models for the novelty judge (§8); empty: no judge, similarity alone decides. */
    novelty_llm_models: z.array(z.string().min(1)).default([]),
    novelty_embed_scope: z.enum(["mutable", "full"]).default("mutable"),
    use_text_feedback: z.boolean().default(false),
    num_islands: z.number().int().min(1).default(2),
    archive_size: z.number().int().min(1).default(40),
    num_archive_inspirations: z.number().int().min(0).default(1),
    num_top_k_inspirations: z.number().int().min(0).default(1),
    elite_selection_ratio: probability.default(0.3),
    migration_interval: z.number().int().min(1).default(10),
    migration_rate: probability.default(0.1),
    island_selection_strategy: z.enum(["uniform", "equal", "proportional", "weighted"]).default("uniform"),
    parent_selection_strategy: z
      .enum(["weighted", "power_law", "hill_climbing", "beam_search", "uniform", "best_of_n", "sequential"])
      .default("weighted"),
    exploitation_alpha: z.number().min(0).default(1.0),
    exploitation_ratio: probability.nullable().default(null),
    parent_selection_lambda: z.number().positive().default(10),
    num_beams: z.number().int().min(1).default(5),
    max_evaluation_jobs: z.number().int().min(1).default(4),
    max_proposal_jobs: z.number().int().min(1).default(6),
    max_db_workers: z.number().int().min(1).default(2),
    /** Per-evaluation limit; null: the task's own (circle packing 300 s). */
    eval_timeout_s: z.number().positive().nullable().default(null),
    eval_memory_mb: z.number().positive().nullable().default(null),
    /** Local scheduler (§14): OMP/OPENBLAS/MKL/NUMEXPR thread caps for each evaluator process. */
    numeric_threads_per_job: z.number().int().min(1).default(1),
    /** Sourced before an evaluator process runs (e.g. a venv's bin/activate); excludes conda_env. */
    activate_script: z.string().min(1).nullable().default(null),
    /** Evaluator processes run under `conda run -n ENV`; excludes activate_script. */
    conda_env: z.string().min(1).nullable().default(null),
    /** Between SIGTERM to a timed-out evaluation's process group and SIGKILL. */
    kill_grace_s: z.number().min(0).default(2),
    /** No completed evaluation or proposal for this long: the run is reported as stuck (§13). */
    stall_timeout_s: z.number().positive().default(900),
    /** SIGINT/SIGTERM: stop proposing, let in-flight work finish this long, then stop. */
    shutdown_grace_s: z.number().min(0).default(30),
    /** Rewrite the HTML report and best/ every this many completed evaluations (and at the end). */
    report_interval: z.number().int().min(1).default(5),
    max_stdout_log_chars: z.number().int().min(0).default(4000),
  })
  .superRefine((config, context) => {
    if (config.patch_type_probs.length !== config.patch_types.length) {
      context.addIssue({
        code: "custom",
        path: ["patch_type_probs"],
        message: `needs one probability per patch type (${config.patch_types.length}), got ${config.patch_type_probs.length}`,
      });
    }
    const sum = config.patch_type_probs.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) {
      context.addIssue({ code: "custom", path: ["patch_type_probs"], message: `must sum to 1, got ${sum}` });
    }
  });

export type EvolveConfig = z.output<typeof evolveConfigSchema>;
export type EvolveConfigInput = z.input<typeof evolveConfigSchema>;

/** The name the offline operator goes by wherever a model name would appear. */
export const OFFLINE_MODEL = "offline-mutation";

/**
 * The offline operator changes a few numbers per patch, so its children are always more than 0.95
 * similar to their parents; without an LLM the novelty filter only rejects (near-)duplicates.
 */
export const OFFLINE_DEFAULTS = { code_embed_sim_threshold: 0.99999 } as const;

/** Shinka spellings accepted for our keys. */
const ALIASES: Record<string, string> = { budget_usd: "max_api_costs", generations: "num_generations" };
const NAMESPACES = ["evo", "db", "job", "runner", "evo_config", "db_config", "job_config"];

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}

/** Keys that belong to the LLM layer even when a Shinka config puts them in `evo_config`. */
const LLM_KEYS = new Set(["llm_kwargs"]);

export interface ConfigFileLayers {
  run: Record<string, unknown>;
  llm?: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseConfigText(path: string, text: string): unknown {
  const yaml = [".yaml", ".yml"].includes(extname(path).toLowerCase());
  if (!yaml) {
    try {
      return JSON.parse(text);
    } catch (error) {
      if (extname(path).toLowerCase() === ".json") throw new TypeError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new TypeError(`config file ${path} is not valid ${yaml ? "YAML" : "JSON or YAML"}: ${(error as Error).message.split("\n")[0]}`);
  }
}

/**
 * Splits a parsed config object into run keys (flattened from the namespaces) and the `llm`
 * section. `where` names the source in errors.
 */
export function splitConfigObject(data: unknown, where: string): ConfigFileLayers {
  if (!isObject(data)) throw new TypeError(`${where} must hold a mapping of keys to values`);
  const run: Record<string, unknown> = {};
  let llm: Record<string, unknown> | undefined;
  const put = (key: string, value: unknown) => {
    if (LLM_KEYS.has(key)) llm = { ...llm, [key]: value };
    else run[key] = value;
  };
  for (const [key, value] of Object.entries(data)) {
    if (key === "llm") {
      if (!isObject(value)) throw new TypeError(`${where}: llm must be a mapping`);
      llm = { ...llm, ...value };
    } else if (NAMESPACES.includes(key)) {
      if (!isObject(value)) throw new TypeError(`${where}: ${key} must be a mapping`);
      for (const [inner, v] of Object.entries(value)) put(inner, v);
    } else {
      put(key, value);
    }
  }
  return { run, ...(llm ? { llm } : {}) };
}

/** Reads a JSON or YAML (.yaml/.yml) config file: its run keys and its `llm` section, if any. */
export function readConfigFile(path: string): ConfigFileLayers {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new TypeError(`config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return splitConfigObject(parseConfigText(path, text), `config file ${path}`);
}

/**
 * Applies `--set ns.key=value` assignments on top of a file's layers. The value is read as YAML
 * (numbers, booleans, null, [lists], quoted strings); `ns` is evo/db/job/runner (a run key),
 * `llm` (the LLM section) or absent (a run key).
 */
export function applySetOverrides(layers: ConfigFileLayers, assignments: readonly string[]): ConfigFileLayers {
  const run = { ...layers.run };
  let llm = layers.llm ? { ...layers.llm } : undefined;
  for (const assignment of assignments) {
    const eq = assignment.indexOf("=");
    const path = eq > 0 ? assignment.slice(0, eq).trim() : "";
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(path)) {
      throw new TypeError(`--set ${assignment}: expected ns.key=value or key=value (ns: ${["llm", ...NAMESPACES].join(", ")})`);
    }
    let value: unknown;
    try {
      value = parseYaml(assignment.slice(eq + 1));
    } catch (error) {
      throw new TypeError(`--set ${path}: cannot read the value: ${(error as Error).message.split("\n")[0]}`);
    }
    const dot = path.indexOf(".");
    const ns = dot < 0 ? undefined : path.slice(0, dot);
    const key = dot < 0 ? path : path.slice(dot + 1);
    if (ns !== undefined && ns !== "llm" && !NAMESPACES.includes(ns)) {
      throw new TypeError(`--set ${path}: unknown namespace "${ns}" (use ${["llm", ...NAMESPACES].join(", ")})`);
    }
    if (ns === "llm" || LLM_KEYS.has(key)) llm = { ...llm, [key]: value };
    else run[key] = value;
  }
  return { run, ...(llm ? { llm } : {}) };
}

/** Layers (later wins): defaults, then each layer in order; undefined values are skipped. */
export function resolveEvolveConfig(...layers: (Record<string, unknown> | undefined)[]): EvolveConfig {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) merged[ALIASES[key] ?? key] = value;
    }
  }
  const parsed = evolveConfigSchema.safeParse(merged);
  if (!parsed.success) throw new TypeError(`invalid evolve config: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
