// loadTask: built-in names and task folders, and the errors that name what is wrong.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInTaskNames, loadTask, loadTaskDir, TaskError } from "../../lib/evolve/task.js";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tansaku-task-test-"));
  chmodSync(root, 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
function folder(files: Record<string, string>): string {
  const dir = join(root, `task_${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("loadTask", () => {
  it("knows the circle-packing tasks by name", async () => {
    const task = await loadTask("circle-packing");
    expect(builtInTaskNames()).toEqual(["circle-packing", "circle-packing-32", "circle-packing-rect-21"]);
    expect(task.name).toBe("circle-packing");
    expect(task.language).toBe("javascript");
    expect(task.extension).toBe(".mjs");
    expect(task.initial_program_path).toMatch(/lib\/tasks\/circle-packing\/initial\.mjs$/);
    expect(task.evaluator.kind).toBe("trusted");
    expect(task.timeout_ms).toBe(300_000);
    expect(task.sys_msg).toContain("26 circles");
    expect(task.sys_msg).toContain("2.635");
    expect((await loadTask("circle-packing-rect-21")).sys_msg).toContain("perimeter 4");
  });

  it("loads a folder with initial.mjs and evaluate.mjs, run with this node", () => {
    const dir = folder({ "initial.mjs": "export const x = 1;\n", "evaluate.mjs": "" });
    const task = loadTaskDir(dir);
    expect(task.language).toBe("javascript");
    expect(task.evaluator).toMatchObject({ kind: "process", command: process.execPath, args: [join(dir, "evaluate.mjs")] });
    expect(task.timeout_ms).toBe(300_000);
  });

  it("names what a folder lacks", async () => {
    expect(() => loadTaskDir(folder({ "evaluate.py": "" }))).toThrow(/has no initial program/);
    expect(() => loadTaskDir(folder({ "initial.py": "" }))).toThrow(/has no evaluator/);
    expect(() => loadTaskDir(join(root, "nowhere"))).toThrow(TaskError);
    await expect(loadTask("no-such-task")).rejects.toThrow(/unknown task "no-such-task".*circle-packing/);
    await expect(loadTask("")).rejects.toThrow(TypeError);
  });

  it("validates task.json", () => {
    const base = { "initial.py": "", "evaluate.py": "" };
    expect(() => loadTaskDir(folder({ ...base, "task.json": "{nope" }))).toThrow(/task\.json is not valid JSON/);
    expect(() => loadTaskDir(folder({ ...base, "task.json": '{"timeout_s": -1}' }))).toThrow(/timeout_s/);
    expect(() => loadTaskDir(folder({ ...base, "task.json": '{"colour": "red"}' }))).toThrow(/colour|Unrecognized/);
    const task = loadTaskDir(folder({ ...base, "task.json": '{"task_sys_msg": "Shinka spelling", "memory_mb": 512}' }));
    expect(task.sys_msg).toBe("Shinka spelling");
    expect(task.memory_mb).toBe(512);
  });
});
