// The kbench GPU checks as one program, bundled by `npm run gpu:pack` (kbench-checks.mjs): reference
// kernels, the adversarial suite and the harness's overhead per candidate, as JSON in the directory
// given as the first argument (keep it in bench/results/). Exit 77 without a device, 1 when a
// reference kernel fails or an adversarial case is not rejected.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { adversarialOnGpu, harnessOverhead, kbenchDevice, referenceKernels, sanitizerRuns } from "./kbench-gpu.js";

const out = process.argv[2] ?? ".";
const budget = Number(process.env.TANSAKU_KBENCH_BUDGET_S ?? 150);
const device = await kbenchDevice();
console.log(`kbench device: ${device ?? "none"}`);
if (!device) process.exit(77);

// Clocks, temperature and throttle reasons before and after (clocks cannot be locked without root).
const smi = () => spawnSync("nvidia-smi", ["--query-gpu=name,driver_version,clocks.sm,clocks.mem,temperature.gpu,clocks_throttle_reasons.active", "--format=csv,noheader"], { encoding: "utf8" }).stdout?.trim() ?? null;
const gpuBefore = smi();
const adversarial = await adversarialOnGpu();
for (const row of adversarial) console.log(`${row.rejected && row.matches_expected ? "ok  " : "FAIL"} adversarial ${row.file}: fired ${row.caught_by.join(",") || "nothing"} (expected ${row.expected.join("|")})`);
const overhead = [await harnessOverhead("relu"), await harnessOverhead("softmax")];
for (const row of overhead) console.log(`overhead ${row.task}: compile ${row.compile_s.toFixed(2)} s, static ${row.static_checks_s.toFixed(3)} s, check ${row.check_s.toFixed(2)} s, time ${row.time_s.toFixed(2)} s`);
let sanitizer: Awaited<ReturnType<typeof sanitizerRuns>> = [];
try {
  sanitizer = await sanitizerRuns();
} catch (e) {
  console.log(`compute-sanitizer runs skipped: ${(e as Error).message}`);
}
for (const row of sanitizer) console.log(`${row.errors_reported === row.expected_errors ? "ok  " : "FAIL"} sanitizer ${row.tool} ${row.file}: exit ${row.exit_code}`);
const references = await referenceKernels(undefined, budget);
for (const row of references) console.log(`${row.correct ? "ok  " : "FAIL"} reference ${row.task}: speedup ${row.speedup?.toFixed(3) ?? "-"} (${row.seconds.toFixed(1)} s) ${row.correct ? "" : row.note}`);

const failed = references.filter((r) => r.correct !== true).length + adversarial.filter((r) => !(r.rejected && r.matches_expected)).length;
const gpuAfter = smi();
writeFileSync(join(out, "kbench-gpu.json"), `${JSON.stringify({ device, gpu_before: gpuBefore, gpu_after: gpuAfter, adversarial, sanitizer, overhead, references, failed }, null, 2)}\n`);
process.exit(failed > 0 ? 1 : 0);
