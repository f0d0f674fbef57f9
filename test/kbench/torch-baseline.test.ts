// The optional PyTorch eager baseline (bench/kbench_torch_baseline.py): every shipped task has a
// torch mapping, its Python config expansion agrees with lib/kbench/configs.ts, and without torch
// it skips cleanly (one line, {"skipped": reason}, exit 0) so it can never fail a GPU run.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTask, taskNames, tasksDir } from "../../lib/kbench/catalogue.js";
import { describeConfig, expandConfigs, configDicts, smallConfig } from "../../lib/kbench/configs.js";
import { generateInputs, runCpuReference } from "../../lib/kbench/reference.js";

const script = join(import.meta.dirname, "..", "..", "bench", "kbench_torch_baseline.py");
const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const hasPython = python.status === 0;
const hasTorch = hasPython && spawnSync("python3", ["-c", "import torch"]).status === 0;
// A python with torch (a CPU build is enough) for the numeric check; python3 when it has torch.
const torchPython = process.env.TANSAKU_TORCH_PYTHON ?? (hasTorch ? "python3" : undefined);

function runScript(args: string[]) {
  return spawnSync("python3", [script, ...args], { encoding: "utf8", timeout: 60_000 });
}

describe.skipIf(!hasPython)("kbench torch baseline script", () => {
  const scratch = mkdtempSync(join(tmpdir(), "kbench-torch-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("covers every shipped task (--check-coverage exits 0)", () => {
    const r = runScript(["--check-coverage", "--tasks", tasksDir()]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`all ${taskNames().length} tasks have a torch mapping`);
  });

  it("--list names exactly the shipped tasks, without torch", () => {
    const r = runScript(["--list"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([...taskNames()].sort());
  });

  it("--check-coverage exits 1 naming a task with no mapping", () => {
    const dir = join(scratch, "tasks");
    cpSync(join(tasksDir(), "relu"), join(dir, "relu"), { recursive: true });
    cpSync(join(tasksDir(), "relu"), join(dir, "swish_new"), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, "swish_new", "task.json"), "utf8"));
    writeFileSync(join(dir, "swish_new", "task.json"), JSON.stringify({ ...manifest, name: "swish_new" }));
    const r = runScript(["--check-coverage", "--tasks", dir]);
    expect(r.status).toBe(1);
    expect(r.stdout.trim()).toBe("tasks without a torch mapping: swish_new");
  });

  it("expands the visible configurations exactly as configs.ts does (ids, dicts, shapes, inits)", () => {
    const r = runScript(["--configs", "--tasks", tasksDir()]);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; id: string; config: string; inputs: [string, number[], string][]; outputs: number[][] }[];
    const expected = taskNames().flatMap((name) => {
      const task = loadTask(name);
      const dicts = configDicts(task);
      return expandConfigs(task).map((c, i) => ({
        name,
        id: c.id,
        config: describeConfig(dicts[i]!.dict),
        inputs: c.inputs.map((t) => [t.name, t.shape, t.init]),
        outputs: c.outputs.map((t) => t.shape),
      }));
    });
    expect(rows.length).toBeGreaterThan(taskNames().length);
    expect(rows).toEqual(expected);
  });

  it.skipIf(hasTorch)("without torch prints one line, writes {skipped} and exits 0", () => {
    const out = join(scratch, "baseline.json");
    const r = runScript([out, "--tasks", tasksDir()]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kbench torch baseline skipped: torch is not importable/);
    const json = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["skipped"]);
    expect(json.skipped).toMatch(/torch/);
  });

  // The lines gpu-pack.mjs writes into .gpu/run.sh for the baseline, run on their own against a
  // pack folder made here: whatever the script does, the run's status stays what it was.
  function runPackFragment(pack: string) {
    const source = readFileSync(join(import.meta.dirname, "..", "..", "scripts", "gpu-pack.mjs"), "utf8");
    const template = source.split('join(pack, "run.sh"),\n  `')[1]!.split("`,\n);")[0]!.replace(/\\\$\{/g, "${");
    const fragment = template.slice(template.indexOf("# Optional PyTorch"));
    expect(fragment).toMatch(/timeout 120 python3 "\$here\/kbench_torch_baseline.py" "\$OUT\/kbench-torch-baseline.json" --tasks "\$here\/tasks"/);
    const out = join(pack, "out");
    return spawnSync("bash", ["-c", `set -u\nhere=${pack}\nOUT=${out}\nmkdir -p "$OUT"\nstatus=0\n${fragment}`], { encoding: "utf8", timeout: 60_000 });
  }

  it("the GPU pack copies the script and run.sh runs it under a time limit without failing the run", () => {
    const source = readFileSync(join(import.meta.dirname, "..", "..", "scripts", "gpu-pack.mjs"), "utf8");
    expect(source).toContain('copyFileSync(join(root, "bench/kbench_torch_baseline.py"), join(pack, "kbench_torch_baseline.py"))');
    const pack = join(scratch, "pack");
    cpSync(tasksDir(), join(pack, "tasks"), { recursive: true });
    cpSync(script, join(pack, "kbench_torch_baseline.py"));
    const r = runPackFragment(pack);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^kbench torch baseline: exit 0 /);
    expect(Object.keys(JSON.parse(readFileSync(join(pack, "out", "kbench-torch-baseline.json"), "utf8")))).toContain(hasTorch ? "tasks" : "skipped");
    // A broken baseline (here: no tasks folder, exit 2) is reported and ignored.
    rmSync(join(pack, "tasks"), { recursive: true });
    const broken = runPackFragment(pack);
    expect(broken.status).toBe(0);
    expect(broken.stdout).toMatch(/^kbench torch baseline: exit 2 /);
  });

  // Where a torch is at hand (TANSAKU_TORCH_PYTHON=/path/to/python, CPU torch is enough): every
  // mapping's outputs agree with the task's fp64 CPU reference on its small configuration, within
  // the task's tolerance. Skipped where no python has torch (as in CI).
  it.skipIf(!torchPython)("every torch mapping agrees with the CPU reference on the small config", () => {
    const refs: Record<string, { inputs: Record<string, number[]>; outputs: Record<string, number[]> }> = {};
    for (const name of taskNames()) {
      const task = loadTask(name);
      const config = smallConfig(task);
      const inputs = generateInputs(task, config, 1);
      const outputs = runCpuReference(task, config, inputs);
      refs[name] = {
        inputs: Object.fromEntries([...inputs].map(([k, v]) => [k, Array.from(v)])),
        outputs: Object.fromEntries([...outputs].map(([k, v]) => [k, Array.from(v)])),
      };
    }
    const path = join(scratch, "refs.json");
    writeFileSync(path, JSON.stringify(refs));
    const r = spawnSync(torchPython!, [script, "--verify-small", path, "--tasks", tasksDir()], { encoding: "utf8", timeout: 120_000 });
    expect(r.stdout.trim()).toBe(`all ${taskNames().length} mappings agree with the CPU references`);
    expect(r.status).toBe(0);
  });

  it("rejects a missing tasks folder with exit 2", () => {
    const r = runScript(["--check-coverage", "--tasks", join(scratch, "nowhere")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no tasks folder/);
  });
});
