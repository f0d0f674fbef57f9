// The optimisation loop end to end against the loopback server: translation with the real nvcc,
// then the evolution engine with kernels as programs, proposals in one conversation per
// generation, optional verifiers, and a results directory with the best kernel. The GPU
// measurement is replaced by an injected evaluator (a deterministic test double of the device
// only: speedup 1 + unroll/10, incorrect when the kernel says WRONG).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AgentKbenchResult, agentLlm, type KernelEvaluator, optimizeTask } from "../../lib/kbench/agent/index.js";
import { LlmClient } from "../../lib/llm/client.js";
import { OpenAIMockServer, type RecordedRequest } from "../../lib/llm/mock-server.js";
import { kernelReply, mockLlmConfig, TINY_TASK } from "./agent-fixtures.js";
import { compileAndCheckFor, nvccAvailable } from "./agent-harness.js";

let server: OpenAIMockServer;
beforeAll(async () => {
  server = await OpenAIMockServer.start();
});
afterAll(async () => {
  await server.close();
});

const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];

/** Distinct kernels (different helpers and names), so the novelty filter keeps them apart. */
function variant(unroll: number, wrong = false): string {
  const word = WORDS[unroll % WORDS.length]!;
  return `// design ${word}: unroll ${unroll}${wrong ? " WRONG" : ""}
__device__ __forceinline__ float ${word}_twice(float v) { return v + v; }
extern "C" __global__ void scale(const float* __restrict__ x, float* __restrict__ y, int n) {
  int ${word}_index = blockIdx.x * blockDim.x + threadIdx.x;
  #pragma unroll ${unroll}
  for (int ${word}_k = 0; ${word}_k < 1; ++${word}_k) {
    if (${word}_index < n) y[${word}_index] = ${word}_twice(x[${word}_index]);
  }
}
`;
}

function measurement(calls: string[]): KernelEvaluator {
  return async (source): Promise<AgentKbenchResult> => {
    calls.push(source);
    const unroll = Number(/#pragma unroll (\d+)/.exec(source)?.[1] ?? 0);
    const wrong = source.includes("WRONG");
    const speedup = 1 + unroll / 10;
    const shape = (config: string, hidden: boolean) => ({
      config,
      hidden,
      correct: !wrong,
      candidate_ms: 1 / speedup,
      reference_ms: 1,
      speedup,
      max_abs_error: wrong ? 3 : 0,
      rel_frobenius: 0,
      flagged: [],
    });
    return {
      task: TINY_TASK.name,
      correct: !wrong,
      ran: true,
      device: "test double",
      note: "",
      checks: [{ name: "poison", passed: !wrong, detail: wrong ? "output mismatch" : "ok" }],
      speedup,
      candidate_ms: 1 / speedup,
      reference_ms: 1,
      shapes: [shape("N=1000", false), shape("hidden-0", true)],
      compile: { ok: true, log: "", errors: [], resources: [{ kernel: "scale", registers: 8 + unroll, spillBytes: 0, sharedBytes: 0 }] },
    };
  };
}

function kind(request: RecordedRequest): "translate" | "propose" | "verify" {
  const system = String(request.body.messages[0].content);
  if (/ review\)/.test(system)) return "verify";
  return system.includes("You improve an existing kernel") ? "propose" : "translate";
}

describe.runIf(nvccAvailable())("optimizeTask", () => {
  it("translates, evolves in conversations of sequential proposals, and keeps the best kernel", async () => {
    const unrolls = [3, 5, 2, 8, 4, 6];
    let proposal = 0;
    const proposals: RecordedRequest[] = [];
    server.onChat((request) => {
      if (kind(request) === "translate") return kernelReply("seed", variant(1));
      proposals.push(request);
      const unroll = unrolls[proposal++ % unrolls.length]!;
      return kernelReply(`proposal_${proposal}`, variant(unroll, unroll === 5), `unroll by ${unroll}`);
    });
    const client = new LlmClient(mockLlmConfig(server.url));
    const calls: string[] = [];
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-kbench-opt-")), "run");
    const summary = await optimizeTask(TINY_TASK, {
      llms: [agentLlm(client, "mock-coder")],
      generations: 2,
      proposals_per_generation: 3,
      resultsDir: dir,
      evaluate: measurement(calls),
      compileAndCheck: compileAndCheckFor(TINY_TASK),
      ledger: client.ledger,
    });
    expect(summary.status).toBe("done");
    expect(summary.seed_origin).toBe("translated");
    // The seed is measured once, then the six proposals.
    expect(calls).toHaveLength(7);
    expect(proposals).toHaveLength(6);
    // Each conversation grows by one assistant turn and one "different strategy" request.
    expect(proposals.map((r) => r.body.messages.length)).toEqual([2, 4, 6, 2, 4, 6]);
    const later = proposals[1]!.body.messages as { role: string; content: string }[];
    expect(later.at(-1)!.content).toContain("different implementation strategy");
    expect(later[2]!.content).toContain("proposal_1");
    // The first proposal of the second conversation shows the harness feedback of its parent (no hidden shape details).
    const opening = String(proposals[3]!.body.messages[1].content);
    expect(opening).toContain("Shape N=1000: correct");
    expect(opening).not.toContain("hidden-0");
    expect(summary.best_speedup).toBeCloseTo(1.8, 12);
    expect(summary.best_kernel).toBe(join(dir, "best_kernel.cu"));
    const best = readFileSync(summary.best_kernel!, "utf8");
    expect(best).toContain("#pragma unroll 8");
    expect(best).not.toContain("EVOLVE-BLOCK");
    expect(summary.cost_usd).toBeGreaterThan(0);
    // The incorrect proposal (unroll 5) is stored with score 0 and its feedback.
    const gens = readdirSync(dir).filter((d) => /^gen_\d+$/.test(d));
    expect(gens).toHaveLength(7);
    const metrics = gens.map((g) => JSON.parse(readFileSync(join(dir, g, "results", "metrics.json"), "utf8")) as { combined_score: number; text_feedback: string });
    const wrong = metrics.find((m) => m.text_feedback.includes("INCORRECT"));
    expect(wrong?.combined_score).toBe(0);
    expect(existsSync(join(dir, "translate.json"))).toBe(true);
    expect(existsSync(join(dir, "report.html"))).toBe(true);
  }, 180_000);

  it("skips the measurement of a kernel every verifier rejects", async () => {
    let proposal = 0;
    let verifierCalls = 0;
    server.onChat((request) => {
      const k = kind(request);
      if (k === "translate") return kernelReply("seed", variant(1));
      if (k === "verify") {
        verifierCalls += 1;
        const candidate = String(request.body.messages[1].content);
        return candidate.includes("#pragma unroll 7") ? "Out of bounds.\nVERDICT: false" : "Fine.\nVERDICT: true";
      }
      proposal += 1;
      return kernelReply(`p${proposal}`, variant(proposal === 1 ? 7 : 9));
    });
    const client = new LlmClient(mockLlmConfig(server.url));
    const llm = agentLlm(client, "mock-coder");
    const calls: string[] = [];
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-kbench-ver-")), "run");
    const summary = await optimizeTask(TINY_TASK, {
      llms: [llm],
      generations: 1,
      proposals_per_generation: 2,
      resultsDir: dir,
      evaluate: measurement(calls),
      compileAndCheck: compileAndCheckFor(TINY_TASK),
      verifiers: { llm, options: { reflect: false } },
    });
    expect(summary.status).toBe("done");
    // The verifiers screened the two proposals only (three reviews each), not the measured seed.
    expect(verifierCalls).toBe(6);
    // Seed (measured before evolution, so not verified), then the unroll-9 kernel; unroll 7 never reached the "GPU".
    expect(calls.map((c) => /#pragma unroll (\d+)/.exec(c)?.[1])).toEqual(["1", "9"]);
    expect(summary.best_speedup).toBeCloseTo(1.9, 12);
    const skipped = readdirSync(dir)
      .filter((d) => /^gen_\d+$/.test(d))
      .map((g) => JSON.parse(readFileSync(join(dir, g, "results", "correct.json"), "utf8")) as { correct: boolean; error: string | null })
      .find((c) => c.error?.includes("verifier"));
    expect(skipped?.correct).toBe(false);
  }, 180_000);

  it("with recommendations, the models summarise each generation's measurements", async () => {
    let proposal = 0;
    server.onChat((request) => {
      const text = (request.body.messages as { content: string }[]).map((m) => m.content).join("\n");
      if (kind(request) === "translate") return kernelReply("seed", variant(1));
      if (text.includes("recommendations for the next programs")) return "1. Load x with float4 vectors.\n2. Use a grid-stride loop.\n3. Try 512 threads.";
      if (kind(request) === "propose") {
        proposal += 1;
        return kernelReply(`p${proposal}`, variant(proposal + 1));
      }
      return "The kernels are elementwise; timings improve with unrolling.";
    });
    const client = new LlmClient(mockLlmConfig(server.url));
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-kbench-rec-")), "run");
    const summary = await optimizeTask(TINY_TASK, {
      llms: [agentLlm(client, "mock-coder")],
      generations: 2,
      proposals_per_generation: 2,
      resultsDir: dir,
      evaluate: measurement([]),
      compileAndCheck: compileAndCheckFor(TINY_TASK),
      recommendations: true,
      ledger: client.ledger,
    });
    expect(summary.status).toBe("done");
    const notes = readdirSync(dir).filter((f) => /^meta_\d+\.txt$/.test(f));
    expect(notes.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, notes[0]!), "utf8")).toContain("Load x with float4 vectors.");
  }, 180_000);

  it("translation feeds wrong results back when a measurement is available, and reuses the last one for the seed", async () => {
    const before = server.chatRequests.length;
    server.onChat(() => "unused");
    server.enqueue(kernelReply("wrong_first", variant(2, true)), kernelReply("fixed", variant(1)));
    const calls: string[] = [];
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-kbench-fix-")), "run");
    const summary = await optimizeTask(TINY_TASK, {
      llms: [agentLlm(new LlmClient(mockLlmConfig(server.url)), "mock-coder")],
      generations: 0,
      resultsDir: dir,
      evaluate: measurement(calls),
      compileAndCheck: compileAndCheckFor(TINY_TASK),
    });
    expect(summary.translate?.rounds.map((r) => r.stage)).toEqual(["correctness", "passed"]);
    const retry = server.chatRequests[before + 1]!.body.messages as { role: string; content: string }[];
    expect(retry.at(-1)!.content).toContain("results are wrong");
    expect(retry.at(-1)!.content).toContain("Shape N=1000: INCORRECT");
    expect(retry.at(-1)!.content).not.toContain("hidden-0");
    // The wrong kernel and the fixed one, each measured once (generation 0 reuses the second).
    expect(calls.map((c) => /#pragma unroll (\d+)/.exec(c)?.[1])).toEqual(["2", "1"]);
    expect(summary.seed_origin).toBe("translated");
    expect(summary.best_speedup).toBeCloseTo(1.1, 12);
  }, 120_000);

  it("without a device stops after translation and the static checks, and says so", async () => {
    server.onChat(() => kernelReply("seed", variant(1)));
    const client = new LlmClient(mockLlmConfig(server.url));
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-kbench-nodev-")), "run");
    const summary = await optimizeTask(TINY_TASK, {
      llms: [agentLlm(client, "mock-coder")],
      generations: 3,
      resultsDir: dir,
      evaluate: async (source) => ({
        task: TINY_TASK.name, correct: null, ran: false, device: null, note: "no CUDA device: compiled and statically checked; nothing ran",
        checks: [], speedup: null, candidate_ms: null, reference_ms: null, shapes: [], compile: { ok: source.length > 0, log: "", errors: [], resources: [] },
      }),
      compileAndCheck: compileAndCheckFor(TINY_TASK),
    });
    expect(summary.status).toBe("no-device");
    expect(summary.message).toMatch(/fitness needs a CUDA device/);
    expect(readFileSync(join(dir, "initial.cu"), "utf8")).toContain("EVOLVE-BLOCK-START");
    expect(summary.evolution).toBe(null);
  }, 120_000);

  it("offline starts from the reference kernel and evolves nothing", async () => {
    const calls: string[] = [];
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-kbench-off-")), "run");
    const summary = await optimizeTask(TINY_TASK, {
      generations: 2,
      resultsDir: dir,
      evaluate: measurement(calls),
      compileAndCheck: compileAndCheckFor(TINY_TASK),
    });
    expect(summary.seed_origin).toBe("reference");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain("scale_ref");
    expect(calls[0]).toContain('// tansaku-launch: {"kernel":"scale_ref"');
    expect(summary.evolution?.evaluations).toBe(1);
    expect(summary.best_speedup).toBe(1);
  }, 120_000);
});
