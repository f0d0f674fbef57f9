// The TypeScript-level GPU checks as one program, bundled by `npm run gpu:pack` for GPU machines
// that have no node_modules: CUDA parity, a CUDA solve, and the circle, gridworld and merge
// benchmarks. Writes JSON into the directory given as the first argument; exits 1 when any check fails.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCircleBench } from "../../bench/circle.js";
import { formatGridworldCudaBench, runGridworldCudaBench } from "../../bench/gridworld-cuda.js";
import { packCircles } from "../../lib/circles/index.js";
import { gpuInfo } from "../../lib/native/index.js";
import { cudaEnergyParity, cudaValidationParity } from "./cuda-parity.js";
import { esCudaParity } from "./es-parity.js";
import { runDigits } from "../../lib/merge/index.js";
import { mergeCudaParity } from "./merge-parity.js";
import { gridworldCudaParity } from "./gridworld-parity.js";

const out = process.argv[2] ?? ".";
const info = gpuInfo();
console.log(`GPU: ${info.available ? info.devices.map((d) => d.name).join(", ") : `none (${info.error})`}`);
if (!info.available) process.exit(77);

const parity = [...(await cudaValidationParity()), ...(await cudaEnergyParity()), ...(await esCudaParity()), ...mergeCudaParity(), ...gridworldCudaParity()];
for (const check of parity) console.log(`${check.failures.length === 0 ? "ok  " : "FAIL"} ${check.name} ${check.failures.join("; ")}`);

const solves = [];
for (const device of ["cuda", "cpu"] as const) {
  const result = await packCircles({ n: 26, seconds: 20, seed: 1, device });
  solves.push({ device, sum_radii: result.sumRadii, starts: result.starts, seconds: result.seconds });
  console.log(`solve n=26 on ${device}: ${result.sumRadii} after ${result.starts} starts in ${result.seconds.toFixed(1)} s`);
}

const bench = await runCircleBench();
for (const row of bench.rows) console.log(`bench ${row.backend} batch ${row.batch}: ${row.evals_per_sec.toExponential(3)} evals/s`);

// The gridworld on CUDA against NAVIX's H100 figures (65,536 environments, view and dynamics-only).
const gridworldBench = await runGridworldCudaBench();
console.log(formatGridworldCudaBench(gridworldBench));
writeFileSync(join(out, "gridworld-cuda-bench.json"), `${JSON.stringify(gridworldBench, null, 2)}\n`);

// M2N2 on digits (the issue's 50,000 evaluations; TANSAKU_MERGE_EVALUATIONS overrides): children
// scored on the device against the CPU's fused kernel, same seed, same machine.
const mergeEvaluations = Number(process.env.TANSAKU_MERGE_EVALUATIONS ?? 50000);
const mergeRuns = [];
for (const device of ["cuda", "cpu"] as const) {
  const result = await runDigits({ method: "m2n2", evaluations: mergeEvaluations, seed: 0, device });
  mergeRuns.push({ device, ...result });
  console.log(`merge digits on ${device}: test accuracy ${result.test_accuracy.toFixed(4)} after ${result.evaluations} evaluations in ${result.seconds.toFixed(1)} s`);
}
writeFileSync(join(out, "merge-digits-gpu.json"), `${JSON.stringify({ paper_jax_cpu_seconds: 294, runs: mergeRuns }, null, 2)}\n`);

const failed = parity.filter((check) => check.failures.length > 0).length;
writeFileSync(join(out, "gpu-checks.json"), `${JSON.stringify({ gpu: info, parity, solves, failed }, null, 2)}\n`);
writeFileSync(join(out, "circle-bench.json"), `${JSON.stringify(bench, null, 2)}\n`);
process.exit(failed > 0 ? 1 : 0);
