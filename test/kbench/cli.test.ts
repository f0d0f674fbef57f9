// `tansaku kbench` as a user runs it: list, and bad usage (exit 2 with a one-line reason).
// cli-harness.test.ts covers eval and optimize.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { listTasks } from "../../lib/kbench/catalogue.js";
import { tansaku } from "./cli-run.js";

const root = mkdtempSync(join(tmpdir(), "tansaku-kbench-cli-"));
let taskName: string;

beforeAll(() => {
  taskName = listTasks()[0]!.name;
});

describe("tansaku kbench list", () => {
  it("--json prints an array of {name, family, description, shapes}", async () => {
    const run = await tansaku("list", "--json");
    expect(run.code).toBe(0);
    const tasks = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      expect(Object.keys(task).sort()).toEqual(["description", "family", "name", "shapes"]);
      expect(typeof task.name).toBe("string");
      expect(Array.isArray(task.shapes) && task.shapes.every((s) => typeof s === "string")).toBe(true);
    }
    expect(tasks.map((t) => t.name)).toContain(taskName);
  }, 60_000);
});

describe("tansaku kbench bad usage", () => {
  it("exits 2 with one line for an unknown task, a missing file or a bad device", async () => {
    const file = join(root, "any.cu");
    writeFileSync(file, "extern \"C\" __global__ void k() {}\n");
    const unknown = await tansaku("eval", "no-such-task", file);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toContain("no-such-task");
    const missing = await tansaku("eval", taskName, join(root, "missing.cu"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    const device = await tansaku("eval", taskName, file, "--device", "tpu");
    expect(device.code).toBe(2);
    const optimize = await tansaku("optimize", "no-such-task");
    expect(optimize.code).toBe(2);
  }, 120_000);
});

