// The kbench runner's protocol on the CPU: reference-cpu round trips, the no-device answer of the
// GPU modes, the timeout with a process-group kill, a crash as a failed verdict, and
// evaluateCandidate without a device. Uses $TANSAKU_KBENCH_RUNNER or the build folders (skips visibly otherwise).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadTask } from "../../lib/kbench/catalogue.js";
import { runInGroup, nvccVersion } from "../../lib/kbench/compile.js";
import { expandConfigs, smallConfig } from "../../lib/kbench/configs.js";
import { evaluateCandidate, NOTHING_RAN } from "../../lib/kbench/evaluate.js";
import { buildRunnerRequest, findRunner, runRunner } from "../../lib/kbench/runner-client.js";

const runner = findRunner();
const relu = loadTask("relu");
const softmax = loadTask("softmax");
const hasGpu = spawnSync("nvidia-smi", ["-L"]).status === 0;

describe.skipIf(!runner)(`kbench runner (${runner ?? "not built"})`, () => {
  it("reference-cpu: request → result JSON with checksums, equal on repeat, different for another seed", async () => {
    const req = buildRunnerRequest(softmax, "reference-cpu", [smallConfig(softmax)], { seed: 7 });
    const a = await runRunner(req, { runner: runner! });
    expect(a.failure).toBeNull();
    expect(a.ok).toBe(true);
    const ra = a.result as { ran: boolean; ok: boolean; configs: { id: string; inputs: { checksum: string }[]; outputs: { name: string; checksum: string; sum: number; count: number }[]; trivial: { passed: boolean } }[] };
    expect(ra.ran).toBe(true);
    expect(ra.configs[0]!.id).toBe("small");
    const out = ra.configs[0]!.outputs[0]!;
    expect(out.name).toBe("y");
    const cfg = smallConfig(softmax);
    expect(out.count).toBe(cfg.outputs[0]!.shape.reduce((x, y) => x * y, 1));
    // Softmax rows sum to 1: the sum over all outputs is the number of rows.
    expect(out.sum).toBeCloseTo(out.count / cfg.vars.D!, 9);
    expect(ra.configs[0]!.trivial.passed).toBe(true);
    const b = await runRunner(req, { runner: runner! });
    expect((b.result as typeof ra).configs[0]!.outputs[0]!.checksum).toBe(out.checksum);
    expect((b.result as typeof ra).configs[0]!.inputs[0]!.checksum).toBe(ra.configs[0]!.inputs[0]!.checksum);
    const c = await runRunner({ ...req, seed: 8 }, { runner: runner! });
    expect((c.result as typeof ra).configs[0]!.outputs[0]!.checksum).not.toBe(out.checksum);
    expect((c.result as typeof ra).configs[0]!.inputs[0]!.checksum).not.toBe(ra.configs[0]!.inputs[0]!.checksum);
  }, 60_000);

  it("reference-cpu reports a bad request field as a per-config error, and a malformed request exits 2", async () => {
    const req = buildRunnerRequest(relu, "reference-cpu", [smallConfig(relu)]);
    const wrongShape = { ...req, configs: [{ ...req.configs[0]!, outputs: [{ name: "y", dtype: "f32", shape: [2, 2] }] }] };
    const r = await runRunner(wrongShape, { runner: runner! });
    expect(r.ok).toBe(true);
    expect((r.result as { ok: boolean; configs: { error?: string }[] }).ok).toBe(false);
    expect((r.result as { configs: { error?: string }[] }).configs[0]!.error).toMatch(/y/);
    const bad = await runRunner({ ...req, mode: "fly" as never }, { runner: runner! });
    expect(bad.ok).toBe(false);
    expect(bad.exitCode).toBe(2);
    expect(bad.failure).toMatch(/mode must be/);
  }, 60_000);

  it.skipIf(hasGpu)("check mode without a device answers {ran: false, reason: 'no CUDA device'}", async () => {
    const configs = expandConfigs(relu);
    const req = buildRunnerRequest(relu, "check", configs, { candidateModule: "/nonexistent.cubin", referenceModule: "/nonexistent.cubin", candidatePlan: relu.launch });
    expect(req.configs[0]!.candidate?.kernel).toBe("relu");
    expect(req.configs[0]!.reference?.kernel).toBe("relu_ref");
    const r = await runRunner(req, { runner: runner! });
    expect(r.ok).toBe(true);
    expect(r.result).toMatchObject({ ran: false, reason: "no CUDA device" });
  }, 60_000);

  it("a hanging runner is killed at the timeout and counts as a failed kernel", async () => {
    const req = { ...buildRunnerRequest(relu, "reference-cpu", [smallConfig(relu)]), testHook: "sleep" as const };
    const r = await runRunner(req, { runner: runner!, timeoutMs: 1500 });
    expect(r.ok).toBe(false);
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe("SIGKILL");
    expect(r.failure).toMatch(/process group was killed/);
  }, 30_000);

  it("a crashing runner is a failed verdict, not an exception", async () => {
    const req = { ...buildRunnerRequest(relu, "reference-cpu", [smallConfig(relu)]), testHook: "crash" as const };
    const r = await runRunner(req, { runner: runner! });
    expect(r.ok).toBe(false);
    expect(r.result).toBeNull();
    expect(r.signal).toBe("SIGSEGV");
    expect(r.failure).toMatch(/died of SIGSEGV/);
  }, 30_000);
});

describe("process groups", () => {
  it("kills the whole group at the timeout, including a backgrounded grandchild", async () => {
    const r = await runInGroup("sh", ["-c", "sleep 30 & echo $!; wait"], { cwd: "/tmp", timeoutMs: 800 });
    expect(r.timedOut).toBe(true);
    const grandchild = Number(r.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((done) => setTimeout(done, 200));
    // Gone, or a zombie nobody has reaped yet (PID 1 in a container may not reap).
    let state = "gone";
    try {
      state = readFileSync(`/proc/${grandchild}/stat`, "utf8").split(") ")[1]!.charAt(0);
    } catch {
      /* gone */
    }
    expect(["gone", "Z", "X"]).toContain(state);
  }, 10_000);
});

describe.skipIf(!nvccVersion() || hasGpu)("evaluateCandidate without a device", () => {
  it("compiles, runs the static checks and says clearly that nothing ran", async () => {
    const source = `extern "C" __global__ void relu(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = fmaxf(x[i], 0.f);
}`;
    const r = await evaluateCandidate("relu", source, { device: "auto" });
    expect(r.ran).toBe(false);
    expect(r.correct).toBeNull();
    expect(r.note).toContain(NOTHING_RAN);
    expect(r.compile.ok).toBe(true);
    expect(r.checks.every((c) => c.passed)).toBe(true);
    expect(r.shapes.some((s) => s.hidden)).toBe(true);
    const bad = await evaluateCandidate("relu", source.replace("if (i < n)", "cudaStream_t s; cudaStreamCreate(&s); if (i < n)"), { device: "none" });
    expect(bad.correct).toBe(false);
    expect(bad.note).toMatch(/rejected by static checks \(.*no-streams.*\)/);
  }, 120_000);
});
