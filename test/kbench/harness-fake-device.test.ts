// The runner's device modes against a host-memory stand-in for libcuda.so.1
// (test/kbench/fake-cuda/fake_libcuda.cpp): every detection path of check and time mode runs on
// the CPU, with "kernels" that cheat in known ways. This tests the runner's logic (poison, guards,
// input checksums, determinism, the checked timed repetition, the result protocol), not CUDA.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTask } from "../../lib/kbench/catalogue.js";
import { expandConfigs } from "../../lib/kbench/configs.js";
import { buildRunnerRequest, findRunner, runRunner } from "../../lib/kbench/runner-client.js";

const runner = findRunner();
const cxx = spawnSync("g++", ["--version"]).status === 0 ? "g++" : null;
const dir = mkdtempSync(join(tmpdir(), "kbench-fake-cuda-"));
const relu = loadTask("relu");
// Small configurations only (visible and hidden): the "device" is the CPU.
const configs = expandConfigs(relu, { includeHidden: true }).filter((c) => c.vars.B! * c.vars.D! <= 200_000);
const savedPath = process.env.LD_LIBRARY_PATH;

beforeAll(() => {
  if (!runner || !cxx) return;
  const built = spawnSync(cxx, ["-shared", "-fPIC", "-O1", "-o", join(dir, "libcuda.so.1"), join(import.meta.dirname, "fake-cuda", "fake_libcuda.cpp")], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(built.stderr);
  process.env.LD_LIBRARY_PATH = dir; // runRunner passes it on to the runner
});
afterAll(() => {
  if (savedPath === undefined) delete process.env.LD_LIBRARY_PATH;
  else process.env.LD_LIBRARY_PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

function module(behaviour: string): string {
  const path = join(dir, `${behaviour}.module`);
  writeFileSync(path, behaviour);
  return path;
}

type Shape = { config: string; hidden: boolean; correct: boolean; failures: string[]; checked_ok?: boolean; flagged?: string[]; speedup?: number; candidate?: { median: number; n: number } };

async function run(mode: "check" | "time", behaviour: string) {
  const req = buildRunnerRequest(relu, mode, configs, {
    trials: 2,
    referenceModule: module("relu"),
    candidateModule: module(behaviour),
    candidatePlan: relu.launch,
    timing: { warmupMs: 0, minReps: 10, minSeconds: 0, maxReps: 12, rotations: 2, flushBytes: 1 << 16 },
  });
  const r = await runRunner(req, { runner: runner!, timeoutMs: 60_000 });
  expect(r.failure).toBeNull();
  return r.result as { ran: boolean; device: string; correct: boolean; error?: string; shapes: Shape[] };
}

function failures(result: { shapes: Shape[] }): string {
  return result.shapes.flatMap((s) => s.failures ?? []).join("\n");
}

describe.skipIf(!runner || !cxx)("kbench runner device modes on a fake driver", () => {
  it("check: a correct kernel passes every configuration, hidden ones included", async () => {
    const r = await run("check", "relu");
    expect(r.ran).toBe(true);
    expect(r.device).toMatch(/Fake CUDA/);
    expect(r.error).toBeUndefined();
    expect(r.shapes.map((s) => s.config)).toEqual(configs.map((c) => c.id));
    expect(r.shapes.some((s) => s.hidden)).toBe(true);
    for (const s of r.shapes) expect(s.correct, `${s.config}: ${s.failures.join("; ")}`).toBe(true);
    expect(r.correct).toBe(true);
  }, 60_000);

  it.each([
    ["zeros", /^tolerance:/m],
    ["partial", /^poison: \d+ elements of y keep the poison pattern \(never written\)/m],
    ["unwritten", /^poison:/m],
    ["oob", /^guard: a write outside an output buffer/m],
    ["mutate", /^input-checksum: the candidate modified input x/m],
    ["noisy", /^determinism:/m],
  ])("check: %s is rejected by the expected check", async (behaviour, expected) => {
    const r = await run("check", behaviour);
    expect(r.correct).toBe(false);
    expect(failures(r)).toMatch(expected);
  }, 60_000);

  it("check: a kernel missing from the module ends the run with the CUDA error as a failed result", async () => {
    const r = await run("check", "missing");
    expect(r.correct).toBe(false);
    expect(r.error).toMatch(/not found in the module/);
  }, 60_000);

  it("time: a correct kernel is timed against the reference with its checked repetition passing", async () => {
    const r = await run("time", "relu");
    expect(r.correct).toBe(true);
    for (const s of r.shapes) {
      expect(s.checked_ok, s.config).toBe(true);
      expect(s.candidate!.n).toBeGreaterThanOrEqual(10);
      expect(s.speedup!).toBeGreaterThan(0);
      expect(Array.isArray(s.flagged)).toBe(true);
    }
  }, 60_000);

  it.each(["skip-computed", "pointer-cache"])("time: %s passes no checked repetition on fresh inputs", async (behaviour) => {
    const r = await run("time", behaviour);
    expect(r.correct).toBe(false);
    expect(r.shapes.every((s) => s.checked_ok === false)).toBe(true);
    expect(r.shapes[0]!.flagged).toContain("checked-repetition-wrong");
    expect(failures(r)).toMatch(/timed repetition \d+ on fresh inputs/);
  }, 60_000);
});

describe.skipIf(!runner || !cxx || spawnSync("nvcc", ["--version"]).status !== 0)("evaluateCandidate on a fake driver", () => {
  it("compiles, checks, runs check then time, and aggregates with the geometric mean", async () => {
    const { evaluateCandidate } = await import("../../lib/kbench/evaluate.js");
    const source = `extern "C" __global__ void relu(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = fmaxf(x[i], 0.f);
}`;
    // The fake driver cannot read a real cubin: every kernel behaves as a correct relu.
    const r = await evaluateCandidate("relu", source, { runner: runner!, trials: 1, configFilter: (c) => c.vars.B! * c.vars.D! <= 200_000, timing: { warmupMs: 0, minReps: 3, minSeconds: 0, maxReps: 3, flushBytes: 1 << 16 } });
    expect(r.ran).toBe(true);
    expect(r.device).toMatch(/Fake CUDA/);
    expect(r.correct, r.note).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(expect.arrayContaining(["runner-check", "runner-time"]));
    expect(r.shapes.every((s) => s.candidate_ms !== null && s.speedup !== null)).toBe(true);
    expect(r.speedup).toBeGreaterThan(0);
    for (const s of r.shapes) {
      expect(s.speedup_ci, s.config).toHaveLength(2);
      expect(s.speedup_ci![0]).toBeLessThanOrEqual(s.speedup_ci![1]);
    }
    expect(r.candidate_ms).toBeGreaterThan(0);
  }, 300_000);
});
