// Translation's compile-and-fix loop against the loopback server and the real nvcc: the first
// scripted kernel does not compile, its nvcc errors go back to the model, the second compiles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentLlm, parseKernelReply, translateTask } from "../../lib/kbench/agent/index.js";
import { LlmClient } from "../../lib/llm/client.js";
import { OpenAIMockServer } from "../../lib/llm/mock-server.js";
import { BROKEN_KERNEL, kernelReply, mockLlmConfig, scaleKernel, TINY_TASK } from "./agent-fixtures.js";
import { compileAndCheckFor, nvccAvailable } from "./agent-harness.js";

let server: OpenAIMockServer;
beforeAll(async () => {
  server = await OpenAIMockServer.start();
});
afterAll(async () => {
  await server.close();
});

function llm() {
  return agentLlm(new LlmClient(mockLlmConfig(server.url)), "mock-coder");
}

describe("parseKernelReply", () => {
  it("takes name, thought and the CUDA block inside <CODE>", () => {
    const parsed = parseKernelReply(kernelReply("fast scale!", scaleKernel(2), "vectorised"));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.proposal.name).toBe("fast_scale");
    expect(parsed.proposal.thought).toBe("vectorised");
    expect(parsed.proposal.code).toContain("#pragma unroll 2");
  });

  it("says what is wrong with malformed replies", () => {
    expect(parseKernelReply("")).toEqual({ ok: false, error: "the reply was empty" });
    expect(parseKernelReply("I would use shared memory.")).toMatchObject({ ok: false, error: expect.stringContaining("no fenced") });
    expect(parseKernelReply("```python\nprint(1)\n```")).toMatchObject({ ok: false, error: expect.stringContaining("no fenced") });
    expect(parseKernelReply("```cuda\nint x;\n```")).toMatchObject({ ok: false, error: expect.stringContaining("__global__") });
  });
});

describe.runIf(nvccAvailable())("translateTask with nvcc", () => {
  it("feeds nvcc's errors back and stops at the first kernel that compiles", async () => {
    const before = server.chatRequests.length;
    server.enqueue(kernelReply("first_try", BROKEN_KERNEL), kernelReply("second_try", scaleKernel(1)));
    const result = await translateTask(TINY_TASK, { llm: llm(), compileAndCheck: compileAndCheckFor(TINY_TASK), maxRounds: 3 });
    expect(result.ok).toBe(true);
    expect(result.rounds.map((r) => r.stage)).toEqual(["compile", "passed"]);
    expect(result.rounds[0]!.problem).toContain("undeclared_offset");
    expect(result.name).toBe("second_try");
    expect(result.source).toContain("y[i] = 2.0f * x[i]");
    const requests = server.chatRequests.slice(before);
    expect(requests).toHaveLength(2);
    // The first request shows the task and its reference; the second carries the compiler's complaint.
    const first = requests[0]!.body.messages as { role: string; content: string }[];
    expect(first.at(-1)!.content).toContain("scale_ref");
    expect(first.at(-1)!.content).toContain("tansaku-launch:");
    const second = requests[1]!.body.messages as { role: string; content: string }[];
    expect(second.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(second[3]!.content).toContain("undeclared_offset");
  }, 120_000);

  it("counts a reply without code as a round and gives up after maxRounds", async () => {
    server.enqueue("Let me think about it.", kernelReply("broken", BROKEN_KERNEL));
    const result = await translateTask(TINY_TASK, { llm: llm(), compileAndCheck: compileAndCheckFor(TINY_TASK), maxRounds: 2 });
    expect(result.ok).toBe(false);
    expect(result.rounds.map((r) => r.stage)).toEqual(["reply", "compile"]);
    expect(result.rounds[0]!.problem).toContain("no fenced");
    expect(result.source).toContain("undeclared_offset");
  }, 120_000);

  it("names bad options", async () => {
    await expect(translateTask(TINY_TASK, { llm: llm(), compileAndCheck: compileAndCheckFor(TINY_TASK), maxRounds: 0 })).rejects.toThrow(RangeError);
  });
});
