// Runs the standalone kbench runner (native/tools/tool_kbench_runner.cpp) for one candidate and
// stage: a child in its own process group with a scrubbed environment, pinned to one device,
// killed as a group at the timeout; the request and the result travel as JSON files. A crash, a
// hang, a non-zero exit or a missing result is a failed kernel, never an exception here.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cudaLibraryDir, runInGroup } from "./compile.js";
import type { ResolvedConfig } from "./configs.js";
import { resolveLaunch, type PlanLike, type ResolvedLaunch } from "./launch-plan.js";
import type { KbenchTask } from "./manifest.js";
import { CPU_REFERENCE_MAX_FLOPS, inputSpecs } from "./reference.js";

export type RunnerMode = "reference-cpu" | "check" | "time";

export interface RunnerTiming {
  warmupMs?: number;
  minReps?: number;
  minSeconds?: number;
  maxReps?: number;
  rotations?: number;
  flushBytes?: number;
}

export interface RunnerRequest {
  mode: RunnerMode;
  task: string;
  cpu: string;
  taskHash: number;
  seed: number;
  trials: number;
  tolerance: { atol: number; rtol: number };
  configs: {
    id: string;
    index: number;
    hidden: boolean;
    vars: Record<string, number>;
    scalars: Record<string, number>;
    inputs: { name: string; dtype: string; shape: number[]; init: string; high?: number }[];
    outputs: { name: string; dtype: string; shape: number[] }[];
    flops: number;
    bytes: number;
    cpuReference: boolean;
    reference?: ResolvedLaunch;
    candidate?: ResolvedLaunch;
  }[];
  referenceModule?: string;
  candidateModule?: string;
  candidateKind?: "cubin" | "so";
  timing?: RunnerTiming;
  device?: number;
  /** Runner stand-ins for the harness tests: "sleep" hangs, "crash" raises SIGSEGV. */
  testHook?: "sleep" | "crash";
}

export interface RequestOptions {
  seed?: number;
  trials?: number;
  referenceModule?: string;
  candidateModule?: string;
  candidateKind?: "cubin" | "so";
  /** The candidate's launch plan (cubin path). */
  candidatePlan?: PlanLike | null;
  timing?: RunnerTiming;
  cpuReferenceMaxFlops?: number;
}

/** A fully resolved runner request: no expressions left for C++. */
export function buildRunnerRequest(task: KbenchTask, mode: RunnerMode, configs: ResolvedConfig[], opts: RequestOptions = {}): RunnerRequest {
  const maxFlops = opts.cpuReferenceMaxFlops ?? CPU_REFERENCE_MAX_FLOPS;
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  const refPlan = { ...task.reference.launch, kernel: task.reference.launch.kernel ?? task.reference.kernel };
  return {
    mode,
    task: task.name,
    cpu: task.reference.cpu,
    taskHash: task.hash,
    seed,
    trials: opts.trials ?? 5,
    tolerance: task.tolerance,
    configs: configs.map((c) => ({
      id: c.id,
      index: c.index,
      hidden: c.hidden,
      vars: c.vars,
      scalars: c.scalars,
      inputs: inputSpecs(task, c).map((s) => ({ ...s, shape: [...s.shape] })),
      outputs: c.outputs.map((o) => ({ name: o.name, dtype: o.dtype, shape: o.shape })),
      flops: c.flops,
      bytes: c.bytes,
      cpuReference: c.flops <= maxFlops,
      ...(mode === "reference-cpu" ? {} : { reference: resolveLaunch(refPlan, task, c) }),
      ...(mode !== "reference-cpu" && opts.candidatePlan ? { candidate: resolveLaunch({ ...opts.candidatePlan, kernel: opts.candidatePlan.kernel ?? task.launch.kernel }, task, c) } : {}),
    })),
    ...(opts.referenceModule ? { referenceModule: opts.referenceModule } : {}),
    ...(opts.candidateModule ? { candidateModule: opts.candidateModule, candidateKind: opts.candidateKind ?? "cubin" } : {}),
    ...(opts.timing ? { timing: opts.timing } : {}),
  };
}

const here = dirname(fileURLToPath(import.meta.url));

/** The runner executable: $TANSAKU_KBENCH_RUNNER, else the CMake build folders of this checkout. */
export function findRunner(): string | null {
  const root = [resolve(here, "../.."), resolve(here, "../../..")].find((d) => existsSync(join(d, "package.json"))) ?? resolve(here, "../..");
  const candidates = [
    process.env.TANSAKU_KBENCH_RUNNER,
    join(root, "build", "tansaku-kbench-runner"),
    join(root, "build", "Release", "tansaku-kbench-runner"),
    join(root, "build-cmake", "tansaku-kbench-runner"),
  ].filter((p): p is string => typeof p === "string" && p.length > 0);
  return candidates.find((p) => existsSync(p)) ?? null;
}

export interface RunnerOutcome {
  /** The runner exited 0 and wrote a parseable result. */
  ok: boolean;
  result: Record<string, unknown> | null;
  /** Why there is no usable result (a failed kernel), else null. */
  failure: string | null;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stderr: string;
  seconds: number;
}

export interface RunOptions {
  runner?: string;
  /** Wall-clock limit (default 300 s, robust-kbench's). */
  timeoutMs?: number;
  /** CUDA_VISIBLE_DEVICES for the child (default "0"). */
  visibleDevice?: string;
  /** Keep the request/result folder (for debugging). */
  keepDir?: boolean;
  /** A program that wraps the runner, e.g. ["compute-sanitizer", "--tool", "memcheck", "--error-exitcode", "99"]. */
  wrapper?: string[];
}

/** The environment a runner sees: nothing of the parent's but PATH, locale and the CUDA pinning. */
export function runnerEnv(mode: RunnerMode, visibleDevice: string, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C", HOME: home, TMPDIR: home, CUDA_VISIBLE_DEVICES: visibleDevice };
  // Where libcuda lives on some hosts, and the toolkit's libcudart for shared-object candidates.
  const libs = [process.env.LD_LIBRARY_PATH, cudaLibraryDir()].filter((p): p is string => Boolean(p));
  if (libs.length) env.LD_LIBRARY_PATH = libs.join(":");
  if (mode === "check") env.CUDA_LAUNCH_BLOCKING = "1"; // errors surface at the failing launch
  return env;
}

/** Runs one request in a fresh child; never throws for the child's behaviour. */
export async function runRunner(request: RunnerRequest, opts: RunOptions = {}): Promise<RunnerOutcome> {
  const runner = opts.runner ?? findRunner();
  const none = (failure: string): RunnerOutcome => ({ ok: false, result: null, failure, exitCode: null, signal: null, timedOut: false, stderr: "", seconds: 0 });
  if (!runner) return none("the kbench runner is not built (npm run build:native, or set TANSAKU_KBENCH_RUNNER)");
  const base = join(tmpdir(), "tansaku-kbench-run");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${request.mode}-`));
  try {
    const reqPath = join(dir, "request.json");
    const outPath = join(dir, "result.json");
    writeFileSync(reqPath, JSON.stringify(request));
    const timeoutMs = opts.timeoutMs ?? 300_000;
    const [command, ...args] = [...(opts.wrapper ?? []), runner, reqPath, "--out", outPath];
    const r = await runInGroup(command!, args, { cwd: dir, timeoutMs, env: runnerEnv(request.mode, opts.visibleDevice ?? "0", dir) });
    const stderr = r.stderr.slice(-8000);
    const base = { exitCode: r.code, signal: r.signal, timedOut: r.timedOut, stderr, seconds: r.seconds };
    if (r.timedOut) return { ok: false, result: null, failure: `the runner exceeded ${timeoutMs} ms and its process group was killed`, ...base };
    if (r.code !== 0) return { ok: false, result: null, failure: `the runner ${r.signal ? `died of ${r.signal}` : `exited with ${r.code}`}${stderr.trim() ? `: ${stderr.trim().split("\n")[0]}` : ""}`, ...base };
    if (!existsSync(outPath)) return { ok: false, result: null, failure: "the runner wrote no result", ...base };
    try {
      const result = JSON.parse(readFileSync(outPath, "utf8")) as Record<string, unknown>;
      if (typeof result !== "object" || result === null) throw new Error("not an object");
      return { ok: true, result, failure: null, ...base };
    } catch (e) {
      return { ok: false, result: null, failure: `the runner's result is not JSON (${(e as Error).message})`, ...base };
    }
  } finally {
    if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}
