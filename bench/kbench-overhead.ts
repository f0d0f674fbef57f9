// kbench harness overhead on the CPU: seconds per candidate for compileKernel (temp dir, child
// process group, cache bookkeeping, ptxas resource parsing) plus the static checks (source rules,
// nm on the artefact, launch plan resolved for every configuration), against a plain
// `nvcc -cubin` of the same source in the same run. Cold (a new source each time, cache miss) and
// warm (cache hit). Candidates: a few tasks' reference kernels with a declared launch plan.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadTask } from "../lib/kbench/catalogue.js";
import { compileKernel, nvccFlags, nvccVersion } from "../lib/kbench/compile.js";
import { staticChecks } from "../lib/kbench/static-checks.js";
import { median } from "../lib/kbench/stats.js";

const TASKS = ["relu", "softmax", "layernorm_fwd", "matmul_square"];
const REPEATS = 3;

export interface KbenchOverheadRow {
  task: string;
  plain_nvcc_s: number;
  compile_cold_s: number;
  static_checks_s: number;
  compile_warm_s: number;
  /** (compile cold + static checks) / plain nvcc: what the harness adds around the compiler. */
  ratio_to_plain_nvcc: number;
}

export interface KbenchOverheadResult {
  benchmark: "kbench-overhead";
  device: string;
  nvcc: string | null;
  repeats: number;
  rows: KbenchOverheadRow[];
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; date: string };
  note?: string;
}

function candidate(taskName: string, salt: string): string {
  const task = loadTask(taskName);
  const plan = { ...task.reference.launch, kernel: task.reference.launch.kernel ?? task.reference.kernel };
  return `// tansaku-launch: ${JSON.stringify(plan)}\n// ${salt}\n${task.referenceSource}`;
}

export async function runKbenchOverheadBench(): Promise<KbenchOverheadResult> {
  const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
  const version = nvccVersion();
  const base = { benchmark: "kbench-overhead" as const, device: "cpu", nvcc: version, repeats: REPEATS, machine };
  if (!version) return { ...base, rows: [], note: "nvcc not found: nothing measured" };
  const dir = mkdtempSync(join(tmpdir(), "kbench-overhead-bench-"));
  const rows: KbenchOverheadRow[] = [];
  try {
    for (const name of TASKS) {
      const task = loadTask(name);
      const plain: number[] = [], cold: number[] = [], checks: number[] = [], warm: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        // Plain nvcc with the harness's own flags, on a source of its own (no cache anywhere).
        const src = candidate(name, `plain ${r} ${Date.now()}`);
        const file = join(dir, `plain-${name}-${r}.cu`);
        writeFileSync(file, src);
        let t = performance.now();
        spawnSync("nvcc", [...nvccFlags("cubin", "sm_90a", task.policy), file, "-o", `${file}.cubin`], { stdio: "ignore" });
        plain.push((performance.now() - t) / 1000);

        const source = candidate(name, `harness ${r} ${Date.now()}`);
        t = performance.now();
        const compiled = await compileKernel(source, { task, cacheDir: dir });
        cold.push((performance.now() - t) / 1000);
        t = performance.now();
        staticChecks(source, compiled, task);
        checks.push((performance.now() - t) / 1000);
        t = performance.now();
        await compileKernel(source, { task, cacheDir: dir });
        warm.push((performance.now() - t) / 1000);
      }
      rows.push({
        task: name,
        plain_nvcc_s: median(plain),
        compile_cold_s: median(cold),
        static_checks_s: median(checks),
        compile_warm_s: median(warm),
        ratio_to_plain_nvcc: (median(cold) + median(checks)) / median(plain),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ...base, rows };
}

export function formatKbenchOverheadBench(result: KbenchOverheadResult): string {
  if (result.rows.length === 0) return `kbench-overhead: ${result.note ?? "no rows"}`;
  const lines = [`kbench harness overhead per candidate (median of ${result.repeats}; ${result.nvcc})`];
  lines.push("task            plain nvcc  compile(cold)  static checks  compile(warm)  ratio");
  for (const r of result.rows) {
    lines.push(`${r.task.padEnd(15)} ${r.plain_nvcc_s.toFixed(3).padStart(9)} s ${r.compile_cold_s.toFixed(3).padStart(11)} s ${r.static_checks_s.toFixed(4).padStart(12)} s ${r.compile_warm_s.toFixed(4).padStart(12)} s ${r.ratio_to_plain_nvcc.toFixed(2).padStart(6)}x`);
  }
  return lines.join("\n");
}
