// Translation of a shipped task through the harness's own compile step and static checks (the
// local nvcc, no device): a kernel the launch plan cannot find fails the static checks, the
// failure goes back to the model, and its corrected kernel passes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentLlm, harnessCompileAndCheck, harnessTask, referenceSeed, translateTask } from "../../lib/kbench/agent/index.js";
import { LlmClient } from "../../lib/llm/client.js";
import { OpenAIMockServer } from "../../lib/llm/mock-server.js";
import { kernelReply, mockLlmConfig } from "./agent-fixtures.js";
import { nvccAvailable } from "./agent-harness.js";

let server: OpenAIMockServer;
beforeAll(async () => {
  server = await OpenAIMockServer.start();
});
afterAll(async () => {
  await server.close();
});

describe.runIf(nvccAvailable())("translateTask with the harness's compile and static checks", () => {
  it("feeds a failed static check back and accepts the corrected kernel", async () => {
    const task = harnessTask("softmax");
    const good = referenceSeed(task.agent);
    // Without its launch line the task's plan applies, which launches `softmax`: not in this file.
    const misnamed = good.split("\n").filter((l) => !l.startsWith("// tansaku-launch:")).join("\n");
    server.enqueue(kernelReply("no_launch_line", misnamed), kernelReply("with_launch_line", good));
    const before = server.chatRequests.length;
    const result = await translateTask(task.agent, {
      llm: agentLlm(new LlmClient(mockLlmConfig(server.url)), "mock-coder"),
      compileAndCheck: harnessCompileAndCheck(task),
      maxRounds: 3,
    });
    expect(result.rounds.map((r) => r.stage)).toEqual(["static-checks", "passed"]);
    expect(result.rounds[0]!.problem).toContain("kernel-present");
    expect(result.ok).toBe(true);
    expect(result.compile?.resources.map((r) => r.kernel)).toEqual(["softmax_ref"]);
    const retry = server.chatRequests[before + 1]!.body.messages as { role: string; content: string }[];
    expect(retry.at(-1)!.content).toContain("kernel-present");
  }, 120_000);
});
