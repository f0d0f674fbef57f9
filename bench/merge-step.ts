// The M2N2 digits loop, fused against the previous unfused path in the same run: whole loops of
// `evaluations` children (the fused engine: native competition and one native call per child;
// the reference engine: TypeScript competition, separate merge, mutation and batched-kernel
// scoring), alternated twice with the best of each kept, wall and CPU time per child. Then one
// step's parts, to show what the fusion itself saves: the old separate calls, the same separate
// calls with the new scoring kernel, and the fused call (merge, counter-based noise and scoring).
import { cpus } from "node:os";
import { cpuUsage } from "node:process";
import { digitsTask } from "../lib/merge/digits-task.js";
import { type M2n2Engine, runM2n2 } from "../lib/merge/m2n2.js";
import { mergeBatchSync, mutateInPlace } from "../lib/merge/native.js";
import { Random } from "../lib/random.js";
import { bestSecondsPerCall } from "./timing.js";

const PAPER_JAX_SECONDS_50K = 294;

export interface MergeStepBenchResult {
  device: string;
  machine: { cpus: number; model: string };
  evaluations: number;
  loops: { engine: M2n2Engine; wallMsPerChild: number; cpuMsPerChild: number; projected50kSeconds: number }[];
  fusedSpeedupWall: number;
  fusedSpeedupCpu: number;
  projectedSpeedupVsPaper: number;
  step: { separateOldMs: number; separateNewScoringMs: number; fusedMs: number; scoreOnlyMs: number; mergeOnlyMs: number };
}

function timeLoop(engine: M2n2Engine, evaluations: number): { wall: number; cpu: number } {
  const task = digitsTask("cpu");
  const start = performance.now();
  const before = cpuUsage();
  runM2n2(task, { evaluations, random: new Random(0), engine });
  const used = cpuUsage(before);
  return { wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

export async function runMergeStepBench(): Promise<MergeStepBenchResult> {
  const evaluations = Number(process.env.TANSAKU_MERGE_STEP_EVALUATIONS ?? 3000);
  const best = { fused: { wall: Infinity, cpu: Infinity }, reference: { wall: Infinity, cpu: Infinity } };
  for (let round = 0; round < 2; round++) {
    for (const engine of ["fused", "reference"] as const) {
      const t = timeLoop(engine, evaluations);
      best[engine] = { wall: Math.min(best[engine].wall, t.wall), cpu: Math.min(best[engine].cpu, t.cpu) };
    }
  }
  const loops = (["fused", "reference"] as const).map((engine) => ({
    engine,
    wallMsPerChild: (1000 * best[engine].wall) / evaluations,
    cpuMsPerChild: (1000 * best[engine].cpu) / evaluations,
    projected50kSeconds: (50000 * best[engine].wall) / evaluations,
  }));

  const task = digitsTask("cpu");
  const random = new Random(3);
  const parents = Float32Array.from({ length: 2 * task.dim }, () => 0.05 * random.normal());
  const child = new Float32Array(task.dim);
  const scores = new Float32Array(task.samples);
  const pairs = { pairA: Int32Array.of(0), pairB: Int32Array.of(1), split: Int32Array.of(7000), w: Float32Array.of(0.3) };
  const separate = (score: (p: Float32Array, out: Float32Array) => void) => () => {
    mergeBatchSync(parents, task.dim, pairs, "slerp", "global", child);
    mutateInPlace(child, 0.01, 5);
    score(child, scores);
  };
  const step = {
    separateOldMs: 1000 * (await bestSecondsPerCall(separate((p, out) => task.scoreUnfused(p, out)))),
    separateNewScoringMs: 1000 * (await bestSecondsPerCall(separate((p, out) => task.score(p, out)))),
    fusedMs:
      1000 *
      (await bestSecondsPerCall(() =>
        task.mergeMutateScore(parents, { a: 0, b: 1, split: 7000, w: 0.3, interp: "slerp", omega: "global", sigma: 0.01, seed: 5 }, child, scores),
      )),
    scoreOnlyMs: 1000 * (await bestSecondsPerCall(() => task.score(child, scores))),
    mergeOnlyMs: 1000 * (await bestSecondsPerCall(() => mergeBatchSync(parents, task.dim, pairs, "slerp", "global", child))),
  };
  const fused = loops[0]!;
  const reference = loops[1]!;
  return {
    device: "cpu",
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown" },
    evaluations,
    loops,
    fusedSpeedupWall: reference.wallMsPerChild / fused.wallMsPerChild,
    fusedSpeedupCpu: reference.cpuMsPerChild / fused.cpuMsPerChild,
    projectedSpeedupVsPaper: PAPER_JAX_SECONDS_50K / fused.projected50kSeconds,
    step,
  };
}

export function formatMergeStepBench(result: MergeStepBenchResult): string {
  const lines = [`M2N2 digits loop, ${result.evaluations} children per loop (${result.machine.cpus} CPUs, ${result.machine.model})`];
  for (const loop of result.loops) {
    lines.push(
      `  ${loop.engine}: ${loop.wallMsPerChild.toFixed(3)} ms/child wall, ${loop.cpuMsPerChild.toFixed(3)} ms/child CPU, 50k children in ~${loop.projected50kSeconds.toFixed(1)} s`,
    );
  }
  lines.push(`  fused vs reference: ${result.fusedSpeedupWall.toFixed(2)}x wall, ${result.fusedSpeedupCpu.toFixed(2)}x CPU; vs the paper's 294 s: ${result.projectedSpeedupVsPaper.toFixed(1)}x`);
  const s = result.step;
  lines.push(
    `  one step: separate calls (old scoring) ${s.separateOldMs.toFixed(3)} ms, separate calls (new scoring) ${s.separateNewScoringMs.toFixed(3)} ms, fused ${s.fusedMs.toFixed(3)} ms; scoring alone ${s.scoreOnlyMs.toFixed(3)} ms, merge alone ${s.mergeOnlyMs.toFixed(3)} ms`,
  );
  return lines.join("\n");
}
