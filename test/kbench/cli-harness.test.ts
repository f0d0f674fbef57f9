// `tansaku kbench eval` and `optimize` as a user runs them on this machine without a GPU: eval of a
// correct kernel (compiled and statically checked, nothing ran), of a kernel that does not
// compile, and optimize, which translates (scripted loopback endpoint), checks the seed in the
// harness child and stops because fitness needs a device.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentTaskOf, referenceSeed } from "../../lib/kbench/agent/index.js";
import { listTasks, loadTask } from "../../lib/kbench/catalogue.js";
import { OpenAIMockServer } from "../../lib/llm/mock-server.js";
import { kernelReply } from "./agent-fixtures.js";
import { nvccAvailable } from "./agent-harness.js";
import { tansaku } from "./cli-run.js";

const root = mkdtempSync(join(tmpdir(), "tansaku-kbench-cli-"));

let server: OpenAIMockServer;
let taskName: string;
let correctKernel: string;

beforeAll(async () => {
  server = await OpenAIMockServer.start();
  const names = listTasks().map((t) => t.name);
  taskName = ["relu", "softmax"].find((n) => names.includes(n)) ?? names[0]!;
  correctKernel = referenceSeed(agentTaskOf(loadTask(taskName)));
});
afterAll(async () => {
  await server.close();
});

describe.runIf(nvccAvailable())("tansaku kbench eval without a device", () => {
  it("compiles and checks a correct kernel, says nothing ran, exits 0", async () => {
    const file = join(root, "correct.cu");
    writeFileSync(file, correctKernel);
    const run = await tansaku("eval", taskName, file, "--json", "--device", "none");
    expect(run.stderr).toMatch(/nothing ran/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ["task", "correct", "checks", "speedup", "candidate_ms", "reference_ms", "shapes", "ran", "note"]) expect(result).toHaveProperty(key);
    expect(result.task).toBe(taskName);
    expect(result.ran).toBe(false);
    expect(result.correct).toBe(null);
    expect(String(result.note)).toMatch(/nothing ran/);
    expect((result.checks as { passed: boolean }[]).every((c) => c.passed)).toBe(true);
  }, 120_000);

  it("exits 1 on a kernel that does not compile", async () => {
    const file = join(root, "broken.cu");
    writeFileSync(file, correctKernel.replace(/(extern "C" __global__[^{]*\{)/, "$1 this_is_not_declared = 1;"));
    const run = await tansaku("eval", taskName, file, "--json", "--device", "none");
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { compile: { ok: boolean; errors: string[] } };
    expect(result.compile.ok).toBe(false);
    expect(result.compile.errors.join("\n")).toContain("this_is_not_declared");
  }, 120_000);
});

describe.runIf(nvccAvailable())("tansaku kbench optimize without a device", () => {
  it("translates with the model, checks the seed in the harness child and stops with exit 1", async () => {
    server.onChat(() => kernelReply("seed", correctKernel));
    const dir = join(root, "opt");
    const run = await tansaku("optimize", taskName, "--llm", "mock-coder", "--base-url", server.url, "--generations", "2", "--results-dir", dir, "--device", "none", "--json");
    expect(run.stderr).toMatch(/fitness needs a CUDA device/);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ task: taskName, status: "no-device", seed_origin: "translated", translate_rounds: 1 });
    expect(server.chatRequests.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "initial.cu"), "utf8")).toContain("EVOLVE-BLOCK-START");
    const seed = JSON.parse(readFileSync(join(dir, "seed_result.json"), "utf8")) as { ran: boolean; compile: { ok: boolean } };
    expect(seed.ran).toBe(false);
    expect(seed.compile.ok).toBe(true);
  }, 180_000);

  it("offline starts from the reference kernel", async () => {
    const dir = join(root, "offline");
    const run = await tansaku("optimize", taskName, "--results-dir", dir, "--device", "none", "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "no-device", seed_origin: "reference" });
    expect(existsSync(join(dir, "initial.cu"))).toBe(true);
  }, 180_000);
});
