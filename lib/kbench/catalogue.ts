// The task catalogue: every folder under lib/kbench/tasks with a task.json and a reference.cu.
// Tasks are found relative to this module, so the same code works from lib/ (tsx, vitest) and from
// dist/lib/kbench (the built package, where the folders stay in lib/kbench/tasks).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { configDicts, describeConfig } from "./configs.js";
import { readManifest, taskHash, type KbenchTask } from "./manifest.js";

export interface TaskSummary {
  name: string;
  family: string;
  description: string;
  /** One entry per visible configuration, e.g. "B=16,D=16384" (hidden ones are never listed). */
  shapes: string[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** The folder holding the task folders. */
export function tasksDir(): string {
  const candidates = [join(here, "tasks"), resolve(here, "../../../lib/kbench/tasks")];
  const found = candidates.find((d) => existsSync(d));
  if (!found) throw new Error(`kbench task folder not found (looked in ${candidates.join(", ")})`);
  return found;
}

/** Loads a task from a folder (task.json + reference.cu); used for the catalogue and for tests. */
export function loadTaskFromDir(dir: string): KbenchTask {
  const manifest = readManifest(join(dir, "task.json"));
  const refPath = join(dir, "reference.cu");
  if (!existsSync(refPath)) throw new TypeError(`${dir}: reference.cu is missing`);
  return { ...manifest, dir, referenceSource: readFileSync(refPath, "utf8"), hash: taskHash(manifest.name) };
}

const cache = new Map<string, KbenchTask>();

/** Names of all shipped tasks, sorted. */
export function taskNames(): string[] {
  const dir = tasksDir();
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "task.json")))
    .map((e) => e.name)
    .sort();
}

/** Loads a shipped task by name; RangeError naming the task (and the known ones) if unknown. */
export function loadTask(name: string): KbenchTask {
  if (typeof name !== "string") throw new TypeError("loadTask: name must be a string");
  const cached = cache.get(name);
  if (cached) return cached;
  const names = taskNames();
  if (!names.includes(name)) throw new RangeError(`unknown kbench task "${name}" (known: ${names.join(", ")})`);
  const task = loadTaskFromDir(join(tasksDir(), name));
  if (task.name !== name) throw new TypeError(`${task.dir}/task.json: name "${task.name}" differs from its folder "${name}"`);
  cache.set(name, task);
  return task;
}

/** A summary of every shipped task (what `tansaku kbench list` prints). */
export function listTasks(): TaskSummary[] {
  return taskNames().map((name) => {
    const t = loadTask(name);
    return { name, family: t.family, description: t.description, shapes: configDicts(t).map((c) => describeConfig(c.dict)) };
  });
}
