// Energy + gradient evaluations per second for n = 26 packings in float32: the TypeScript
// reference against the native CPU kernel in the same process (and CUDA when a device answers).
import { referenceEnergy } from "../lib/circles/reference.js";
import { gpuInfo, loadNative } from "../lib/native/index.js";
import { machineInfo, type MachineInfo } from "./machine.js";
import { bestSecondsPerCall } from "./timing.js";

export interface CircleBenchRow {
  backend: "typescript" | "native-cpu" | "cuda";
  batch: number;
  evals_per_sec: number;
  /** How the figure was taken, e.g. kernel time only with data resident on the device. */
  note?: string;
}

export interface CircleBenchResult {
  benchmark: "circle";
  n: number;
  device: string;
  threads: number;
  rows: CircleBenchRow[];
  ratio_native_vs_ts: number;
  machine: MachineInfo;
  reference_figures: Record<string, string>;
}

const N = 26;
const WEIGHT = 100;

function randomPackings(batch: number, seed: number): { centers: Float32Array; radii: Float32Array } {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const centers = new Float32Array(batch * N * 2);
  const radii = new Float32Array(batch * N);
  for (let k = 0; k < centers.length; k++) centers[k] = random();
  for (let k = 0; k < radii.length; k++) radii[k] = 0.02 + 0.1 * random();
  return { centers, radii };
}

async function measureTs(batch: number): Promise<number> {
  const { centers, radii } = randomPackings(batch, 1);
  const gradCenters = new Float32Array(centers.length);
  const gradRadii = new Float32Array(radii.length);
  const seconds = await bestSecondsPerCall(() => {
    for (let b = 0; b < batch; b++) referenceEnergy(centers, radii, N, b, 1, 1, WEIGHT, gradCenters, gradRadii);
  });
  return batch / seconds;
}

async function measureNativeCpu(batch: number): Promise<number> {
  const native = loadNative();
  const { centers, radii } = randomPackings(batch, 1);
  const energy = new Float32Array(batch);
  const gradCenters = new Float32Array(centers.length);
  const gradRadii = new Float32Array(radii.length);
  // Synchronous calls: the kernel's throughput without the Promise round trip of the async API.
  const seconds = await bestSecondsPerCall(() =>
    native.circlesEnergySync(centers, radii, N, 1, 1, WEIGHT, energy, gradCenters, gradRadii, "cpu"),
  );
  return batch / seconds;
}

export async function runCircleBench(): Promise<CircleBenchResult> {
  const native = loadNative();
  const gpu = gpuInfo();
  const rows: CircleBenchRow[] = [];
  for (const batch of [1, 1024, 65536]) {
    rows.push({ backend: "typescript", batch, evals_per_sec: await measureTs(batch) });
    rows.push({ backend: "native-cpu", batch, evals_per_sec: await measureNativeCpu(batch) });
  }
  if (gpu.available) {
    for (const batch of [1024, 65536, 1 << 20]) {
      const timing = await native.circlesCudaBenchmark(N, batch, 50);
      rows.push({ backend: "cuda", batch, evals_per_sec: timing.evalsPerSec, note: "kernel time, data on device" });
    }
  }
  const at = (backend: CircleBenchRow["backend"]) => rows.find((r) => r.backend === backend && r.batch === 65536);
  return {
    benchmark: "circle",
    n: N,
    device: gpu.available ? (gpu.devices[0]?.name ?? "cuda") : "cpu",
    threads: native.threadCount(),
    rows,
    ratio_native_vs_ts: (at("native-cpu")?.evals_per_sec ?? 0) / (at("typescript")?.evals_per_sec ?? 1),
    machine: machineInfo(),
    reference_figures: {
      jax_cpu_batch_1024: "2.8e5 evals/s on a 2-core machine of this kind (quoted by the issue, not measured here)",
      jax_h100_batch_65536: "5.8e7 evals/s (quoted)",
    },
  };
}

export function formatCircleBench(result: CircleBenchResult): string {
  const lines = [`circle packing energy+gradient, n=${result.n}, float32, ${result.threads} CPU threads`];
  for (const row of result.rows) {
    lines.push(`  ${row.backend.padEnd(11)} batch ${String(row.batch).padStart(8)}  ${row.evals_per_sec.toExponential(3)} evals/s`);
  }
  lines.push(`  native CPU / TypeScript at batch 65536: ${result.ratio_native_vs_ts.toFixed(1)}x`);
  return lines.join("\n");
}
