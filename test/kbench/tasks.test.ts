// Every shipped task: its manifest validates, its configurations and launch plans resolve, its
// CPU reference runs on the small configuration, it passes the trivial-output test and filters
// 1–4, and its reference.cu compiles with nvcc to a cubin that defines the named kernel.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { listTasks, loadTask, loadTaskFromDir, tasksDir } from "../../lib/kbench/catalogue.js";
import { expandConfigs, smallConfig } from "../../lib/kbench/configs.js";
import { resolveLaunch } from "../../lib/kbench/launch-plan.js";
import { parseManifest, taskHash, type KbenchTask } from "../../lib/kbench/manifest.js";
import { cpuReference, generateInputs } from "../../lib/kbench/reference.js";
import { taskFilters, taskFiltersWith, trivialOutputCheck, trivialOutputsWith, withinTolerance, type TaskOracle } from "../../lib/kbench/trivial.js";
import { loadNative } from "../../lib/native/loader.js";

const run = promisify(execFile);
const names = listTasks().map((t) => t.name);
const tasks = names.map((n) => loadTask(n));

describe("kbench task catalogue", () => {
  it("ships at least 30 tasks across every family, forward and backward", () => {
    expect(tasks.length).toBeGreaterThanOrEqual(30);
    const families = new Set(tasks.map((t) => t.family));
    for (const f of ["gemm", "activation", "softmax", "norm", "pool", "reduction", "scan", "conv", "loss", "custom"]) expect(families, f).toContain(f);
    expect(tasks.some((t) => t.pass === "backward")).toBe(true);
    for (const required of ["linear_fwd", "linear_bwd", "linear_relu_fwd", "linear_relu_bwd", "layernorm_fwd", "layernorm_bwd", "rmsnorm",
      "cross_entropy_fwd", "cross_entropy_bwd", "maxpool2d", "maxpool2d_bwd", "conv_relu_pool", "llama_ffw", "resnet_block"]) {
      expect(names).toContain(required);
    }
  });

  it("lists visible shapes only and names unknown tasks", () => {
    const softmax = listTasks().find((t) => t.name === "softmax")!;
    expect(softmax.shapes[0]).toBe("B=4096,D=4096");
    expect(softmax.shapes.some((s) => s.includes("4095"))).toBe(false); // hidden
    expect(() => loadTask("no_such_task")).toThrow(RangeError);
    expect(() => loadTask("no_such_task")).toThrow(/unknown kbench task "no_such_task".*softmax/);
    expect(loadTask("softmax").hash).toBe(taskHash("softmax"));
    expect(loadTask("softmax").referenceSource).toMatch(/extern "C" __global__ void softmax_ref/);
  });

  it.each(names)("%s: manifest, configurations and launch plans are consistent", (name) => {
    const task = loadTask(name);
    expect(task.dir.endsWith(name)).toBe(true);
    expect(task.referenceSource).toContain(`extern "C" __global__ void ${task.reference.kernel}(`);
    expect(task.reference.kernel).not.toBe(task.launch.kernel);
    const configs = [...expandConfigs(task, { includeHidden: true }), smallConfig(task)];
    const hidden = configs.filter((c) => c.hidden && c.id.startsWith("hidden"));
    expect(hidden.length, "hidden configurations").toBeGreaterThan(0);
    // Hidden shapes include a size that is not a multiple of 32, so shape-specialised kernels fail.
    expect(hidden.some((c) => Object.values(c.vars).some((v) => v > 2 && v % 32 !== 0))).toBe(true);
    for (const c of configs) {
      expect(c.flops, c.id).toBeGreaterThan(0);
      expect(c.bytes, c.id).toBeGreaterThan(0);
      const r = resolveLaunch(task.reference.launch, task, c);
      const l = resolveLaunch(task.launch, task, c);
      expect(r.kernel).toBe(task.reference.kernel);
      expect(l.kernel).toBe(task.launch.kernel);
      // Every tensor is passed to the reference kernel exactly once.
      const tensorArgs = r.args.filter((a) => a.kind === "tensor").map((a) => (a as { name: string }).name).sort();
      expect(tensorArgs, c.id).toEqual([...task.inputs, ...task.outputs].map((t) => t.name).sort());
    }
    expect(loadNative().kbenchReferenceIds()).toContain(task.reference.cpu);
  });

  it("refuses the CPU reference on configurations meant for the GPU", () => {
    const gemm = loadTask("matmul_square");
    expect(() => cpuReference(gemm, expandConfigs(gemm)[0]!, 1)).toThrow(/single-0 needs 1.72e\+10 FLOPs/);
  });

  it.each(names)("%s: CPU reference on the small configuration, trivial outputs rejected, filters 1–4 pass", (name) => {
    const task = loadTask(name);
    const small = smallConfig(task);
    const { inputs, outputs } = cpuReference(task, small, 7);
    expect([...inputs.keys()]).toEqual(task.inputs.map((t) => t.name));
    for (const o of small.outputs) {
      const data = outputs.get(o.name)!;
      expect(data.length).toBe(o.shape.reduce((a, b) => a * b, 1));
      expect(data.every(Number.isFinite), o.name).toBe(true);
    }
    // The same seed reproduces the same reference; a different trial does not.
    expect(cpuReference(task, small, 7).outputs).toEqual(outputs);
    expect(generateInputs(task, small, 7, 1).get(task.inputs[0]!.name)).not.toEqual(inputs.get(task.inputs[0]!.name));
    const trivial = trivialOutputCheck(task);
    expect(trivial.failures).toEqual([]);
    expect(trivial.passed).toBe(true);
    const filters = taskFilters(task);
    expect(filters.flags).toEqual([]);
    // Every configuration cheap enough for the CPU also rejects trivial outputs (a long max over
    // tied values, or a mean over millions of elements, would make a visible shape degenerate).
    for (const c of expandConfigs(task, { includeHidden: true }).filter((c) => c.flops < 4e7)) {
      expect(trivialOutputCheck(task, c).failures, c.id).toEqual([]);
    }
  });
});

describe("kbench degenerate tasks are rejected", () => {
  const softmax = loadTask("softmax");

  it("softmax over a very long row at KernelBench v0's fp32 tolerance: zeros pass and the range filter fires (#165)", () => {
    const long: KbenchTask = { ...softmax, smallConfig: { B: 2, D: 20000 }, tolerance: { atol: 1e-2, rtol: 1e-2 } };
    const report = trivialOutputCheck(long);
    expect(report.passed).toBe(false);
    expect(report.failures.join("\n")).toMatch(/zeros passes/);
    expect(taskFilters(long).flags.some((f) => f.startsWith("range"))).toBe(true);
  });

  it("mean(softmax(x)) is a constant function: caught by the constant, other-seed and output-std checks", () => {
    const config = smallConfig(softmax);
    const oracle: TaskOracle = {
      generate: (seed) => generateInputs(softmax, config, seed),
      reference: (inputs) => {
        // mean over a row of softmax(x) is 1/D whatever x is (computed independently here).
        const x = inputs.get("x")!;
        const [B, D] = config.inputs[0]!.shape as [number, number];
        const y = new Float64Array(B);
        for (let b = 0; b < B; b++) {
          let m = -Infinity;
          for (let i = 0; i < D; i++) m = Math.max(m, x[b * D + i]!);
          let s = 0;
          for (let i = 0; i < D; i++) s += Math.exp(x[b * D + i]! - m);
          let mean = 0;
          for (let i = 0; i < D; i++) mean += Math.exp(x[b * D + i]! - m) / s / D;
          y[b] = mean;
        }
        return new Map([["y", y]]);
      },
    };
    const report = trivialOutputsWith(oracle, { atol: 1e-5, rtol: 1e-5 });
    expect(report.passed).toBe(false);
    expect(report.failures.some((f) => f.startsWith("constant"))).toBe(true);
    expect(report.failures.some((f) => f.startsWith("reference of another seed"))).toBe(true);
    const flags = taskFiltersWith(oracle, [{ name: "y", shape: [config.vars.B!] }]).flags;
    expect(flags.some((f) => f.startsWith("output std"))).toBe(true);
    expect(flags.some((f) => f.startsWith("input impact"))).toBe(true);
    expect(flags.some((f) => f.startsWith("axes"))).toBe(true);
  });

  it("tolerance logic: atol + rtol·|ref| and NaN/Inf parity", () => {
    const tol = { atol: 1e-3, rtol: 1e-2 };
    expect(withinTolerance([1.0105], [1], tol)).toBe(true);
    expect(withinTolerance([1.012], [1], tol)).toBe(false);
    expect(withinTolerance([NaN], [1], tol)).toBe(false);
    expect(withinTolerance([NaN], [NaN], tol)).toBe(true);
    expect(withinTolerance([Infinity], [Infinity], tol)).toBe(true);
    expect(withinTolerance([-Infinity], [Infinity], tol)).toBe(false);
    expect(withinTolerance([1, 2], [1], tol)).toBe(false);
  });
});

describe("kbench task loading from a folder", () => {
  it("reports a broken manifest with its path", () => {
    const dir = mkdtempSync(join(tmpdir(), "kbench-task-"));
    try {
      expect(() => loadTaskFromDir(dir)).toThrow(/task.json: not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => parseManifest({ name: "x" }, "x/task.json")).toThrow(/x\/task.json: invalid kbench manifest/);
    expect(tasksDir()).toMatch(/lib[\\/]kbench[\\/]tasks$/);
  });
});

async function hasNvcc(): Promise<boolean> {
  try {
    await run("nvcc", ["--version"]);
    return true;
  } catch {
    return false;
  }
}
const nvcc = await hasNvcc();
if (!nvcc) console.warn("SKIPPED: nvcc not found, the reference.cu compile test does not run");

describe("kbench reference kernels compile", () => {
  it.skipIf(!nvcc)(
    "every reference.cu compiles with nvcc -cubin -arch=sm_90a -O3 and defines its kernel",
    async () => {
      const out = mkdtempSync(join(tmpdir(), "kbench-cubin-"));
      const failures: string[] = [];
      try {
        const queue = [...tasks];
        const worker = async () => {
          for (let task = queue.shift(); task; task = queue.shift()) {
            const cubin = join(out, `${task.name}.cubin`);
            try {
              await run("nvcc", ["-cubin", "-arch=sm_90a", "-O3", "-o", cubin, join(task.dir, "reference.cu")], { timeout: 300_000 });
              const { stdout } = await run("nm", [cubin]);
              if (!new RegExp(`\\sT ${task.reference.kernel}$`, "m").test(stdout)) failures.push(`${task.name}: kernel ${task.reference.kernel} not in the cubin`);
            } catch (e) {
              failures.push(`${task.name}: ${(e as { stderr?: string }).stderr ?? (e as Error).message}`);
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(4, Math.max(1, availableParallelism())) }, worker));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
      expect(failures).toEqual([]);
    },
    900_000,
  );
});
