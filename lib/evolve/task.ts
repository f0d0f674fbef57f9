// A task: an initial program with EVOLVE-BLOCKs and an evaluator (evolve.md sections 1 and 16).
// Built-in tasks live in lib/tasks/<name>; any directory laid out like ShinkaEvolve's examples
// (`initial.<ext>` plus `evaluate.py` or `evaluate.(ts|js|mjs)`, optionally `task.json`) works too.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { packageRoot } from "../paths.js";
import type { SandboxResult } from "./sandbox.js";

// "cuda": kernel tasks (lib/kbench/agent) whose candidates are .cu files judged by the kernel harness.
export type TaskLanguage = "python" | "javascript" | "typescript" | "cuda";

/** What a trusted (in-process) evaluator is handed; it writes metrics.json and correct.json itself. */
export interface TrustedEvaluationContext {
  program_path: string;
  results_dir: string;
  timeout_ms: number;
  memory_mb: number;
  /** Variables for the candidate's process: the scheduler's numeric thread caps (§14). */
  env?: Record<string, string>;
  /** SIGTERM to the process group at the timeout, SIGKILL this much later. */
  kill_grace_ms?: number;
}

export type TaskEvaluator =
  /** An evaluator process (Shinka's contract): `command ...args --program_path P --results_dir R`; untrusted. */
  | { kind: "process"; command: string; args: string[]; env?: Record<string, string> }
  /** Parent-side code that runs the candidate in the sandbox and scores its raw output itself. */
  | { kind: "trusted"; evaluate: (context: TrustedEvaluationContext) => Promise<SandboxResult> };

export interface Task {
  name: string;
  dir: string;
  initial_program_path: string;
  language: TaskLanguage;
  /** The candidate file's extension with its dot, e.g. ".js" (gen_N/main<ext>). */
  extension: string;
  /** The task description for prompts. */
  sys_msg: string;
  evaluator: TaskEvaluator;
  /** The per-evaluation limit (Shinka's job `time`; circle packing 5 minutes). */
  timeout_ms: number;
  memory_mb: number;
  /** Whether the evaluator may use the network (default false: none where the OS allows). */
  network?: boolean;
}

/** Optional `task.json` of a task directory (every key optional). */
export const TaskFileSchema = z
  .object({
    name: z.string().min(1).optional(),
    sys_msg: z.string().optional(),
    task_sys_msg: z.string().optional(),
    timeout_s: z.number().positive().optional(),
    memory_mb: z.number().positive().optional(),
    initial_program: z.string().min(1).optional(),
    network: z.boolean().optional(),
  })
  .strict();

export const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
export const DEFAULT_MEMORY_MB = 4096;

const LANGUAGES: Record<string, TaskLanguage> = {
  ".py": "python",
  ".js": "javascript",
  ".mjs": "javascript",
  ".ts": "typescript",
  ".mts": "typescript",
};

export class TaskError extends Error {
  readonly code = "ERR_TANSAKU_TASK";
}

type BuiltInLoader = () => Promise<Task>;
const builtIns = new Map<string, BuiltInLoader>();

/** Registers a built-in task name (lib/tasks/index.ts does this for the shipped tasks). */
export function registerTask(name: string, load: BuiltInLoader): void {
  builtIns.set(name, load);
}

export function builtInTaskNames(): string[] {
  return [...builtIns.keys()].sort();
}

/** The `--import` flag that lets a node child load TypeScript sources (tsx), for tasks run from sources. */
export function tsxImportFlag(): string {
  const require = createRequire(import.meta.url);
  return `--import=${pathToFileURL(require.resolve("tsx")).href}`;
}

/** Shinka's `shinka.core.run_shinka_eval` shim lives here; Python evaluators get it on PYTHONPATH. */
export function pythonShimDir(): string {
  // tsc does not copy it into dist/, so it is always read from the package's lib/.
  return join(packageRoot(), "lib", "evolve", "python");
}

function evaluatorFor(dir: string): TaskEvaluator {
  const python = join(dir, "evaluate.py");
  if (existsSync(python)) {
    const shim = pythonShimDir();
    const path = [shim, dir, process.env.PYTHONPATH].filter(Boolean).join(":");
    // No __pycache__ in the task folder or the shim (the sandbox may not confine writes everywhere).
    const env = { PYTHONPATH: path, PYTHONDONTWRITEBYTECODE: "1" };
    return { kind: "process", command: process.env.TANSAKU_PYTHON ?? "python3", args: [python], env };
  }
  for (const name of ["evaluate.mjs", "evaluate.js"]) {
    const file = join(dir, name);
    if (existsSync(file)) return { kind: "process", command: process.execPath, args: [file] };
  }
  const ts = join(dir, "evaluate.ts");
  if (existsSync(ts)) return { kind: "process", command: process.execPath, args: [tsxImportFlag(), ts] };
  throw new TaskError(`${dir} has no evaluator: expected evaluate.py, evaluate.mjs, evaluate.js or evaluate.ts`);
}

function findInitial(dir: string, named?: string): string {
  if (named) {
    const path = resolve(dir, named);
    if (!existsSync(path)) throw new TaskError(`task.json names initial_program ${named}, which does not exist in ${dir}`);
    return path;
  }
  for (const ext of Object.keys(LANGUAGES)) {
    const path = join(dir, `initial${ext}`);
    if (existsSync(path)) return path;
  }
  throw new TaskError(`${dir} has no initial program: expected initial.py, initial.js, initial.mjs, initial.ts or initial.mts`);
}

function readTaskFile(dir: string): z.infer<typeof TaskFileSchema> {
  const path = join(dir, "task.json");
  if (!existsSync(path)) return {};
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new TaskError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = TaskFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TaskError(`${path}: ${issue?.path.join(".") || "task"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** Loads a task directory laid out like ShinkaEvolve's examples. */
export function loadTaskDir(dir: string): Task {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new TaskError(`task directory ${dir} does not exist`);
  const file = readTaskFile(root);
  const initial = findInitial(root, file.initial_program);
  const extension = extname(initial);
  const language = LANGUAGES[extension];
  if (!language) throw new TaskError(`initial program ${initial} has an unsupported extension (use .py, .js, .mjs, .ts or .mts)`);
  const name = file.name ?? basename(root);
  return {
    name,
    dir: root,
    initial_program_path: initial,
    language,
    extension,
    sys_msg:
      file.sys_msg ??
      file.task_sys_msg ??
      `You are improving a ${language} program for the task "${name}". Only the code between the EVOLVE-BLOCK markers may change; the evaluator maximises combined_score.`,
    evaluator: evaluatorFor(root),
    timeout_ms: file.timeout_s ? file.timeout_s * 1000 : DEFAULT_TIMEOUT_MS,
    memory_mb: file.memory_mb ?? DEFAULT_MEMORY_MB,
    network: file.network ?? false,
  };
}

/**
 * A built-in task name (`circle-packing`, `circle-packing-32`, `circle-packing-rect-21`) or a task
 * directory. Throws TaskError naming what is missing.
 */
export async function loadTask(nameOrDir: string): Promise<Task> {
  if (typeof nameOrDir !== "string" || nameOrDir === "") throw new TypeError("task must be a non-empty string");
  // The shipped tasks register themselves when lib/tasks is imported. A dynamic import, because
  // lib/tasks imports this module (a static cycle would run their registration before `builtIns` exists).
  await import("../tasks/index.js");
  const builtIn = builtIns.get(nameOrDir);
  if (builtIn) return await builtIn();
  if (existsSync(nameOrDir)) return loadTaskDir(nameOrDir);
  const names = builtInTaskNames();
  throw new TaskError(`unknown task "${nameOrDir}": not a directory, and not a built-in task (${names.join(", ") || "none"})`);
}
