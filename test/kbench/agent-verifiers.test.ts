// The LLM soft verifiers against the loopback OpenAI-compatible server through the real client:
// verdict parsing, the reflection round, mean aggregation, malformed and failed replies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentLlm, parseVerdict, runVerifiers } from "../../lib/kbench/agent/index.js";
import { LlmClient } from "../../lib/llm/client.js";
import { OpenAIMockServer, type RecordedRequest } from "../../lib/llm/mock-server.js";
import { mockLlmConfig, scaleKernel, TINY_TASK } from "./agent-fixtures.js";

let server: OpenAIMockServer;
beforeAll(async () => {
  server = await OpenAIMockServer.start();
});
afterAll(async () => {
  await server.close();
});

function reviewer(request: RecordedRequest): string {
  const system = String(request.body.messages[0].content);
  const match = /\((compile|numerics|memory) review\)/.exec(system);
  return match ? match[1]! : "unknown";
}

function isReflection(request: RecordedRequest): boolean {
  return request.body.messages.length > 2;
}

function client() {
  return agentLlm(new LlmClient(mockLlmConfig(server.url)), "mock-coder");
}

describe("parseVerdict", () => {
  it("reads the last verdict line, its synonyms and a JSON valid field", () => {
    expect(parseVerdict("analysis...\nVERDICT: true")).toBe(true);
    expect(parseVerdict("VERDICT: true\nwait, no.\nVERDICT: false")).toBe(false);
    expect(parseVerdict("**VERDICT:** pass")).toBe(true);
    expect(parseVerdict("**VERDICT**: `false`")).toBe(false);
    expect(parseVerdict("Verdict = FAIL")).toBe(false);
    expect(parseVerdict('{"valid": true, "errors": []}')).toBe(true);
    expect(parseVerdict("looks fine to me")).toBe(null);
  });
});

describe("runVerifiers", () => {
  it("asks each of the three verifiers twice (reflection) and averages their final verdicts", async () => {
    const before = server.chatRequests.length;
    server.onChat((request) => {
      const name = reviewer(request);
      // memory rejects at first and accepts after reflection; numerics rejects throughout.
      if (name === "memory") return isReflection(request) ? "Rechecked the bounds: fine.\nDONE\nVERDICT: true" : "Possible OOB.\nVERDICT: false";
      if (name === "numerics") return "Tail elements are skipped.\nVERDICT: false";
      return "Compiles.\nVERDICT: true";
    });
    const report = await runVerifiers(scaleKernel(1), TINY_TASK, client());
    const requests = server.chatRequests.slice(before);
    expect(requests).toHaveLength(6);
    expect(requests.map(reviewer)).toEqual(["compile", "compile", "numerics", "numerics", "memory", "memory"]);
    // The candidate and the reference are both in the review request.
    expect(String(requests[0]!.body.messages[1].content)).toContain("scale_ref");
    expect(String(requests[0]!.body.messages[1].content)).toContain("#pragma unroll 1");
    const byName = Object.fromEntries(report.verdicts.map((v) => [v.name, v]));
    expect(byName.memory!.first).toBe(false);
    expect(byName.memory!.passed).toBe(true);
    expect(byName.numerics!.passed).toBe(false);
    expect(report.score).toBeCloseTo(2 / 3, 12);
    expect(report.pass).toBe(true);
    expect(report.cost_usd).toBeGreaterThan(0);
  });

  it("rejects only when every usable verdict rejects; a reply without a verdict is left out of the mean", async () => {
    server.onChat((request) => (reviewer(request) === "compile" ? "I am not sure." : "Broken.\nVERDICT: false"));
    const report = await runVerifiers(scaleKernel(2), TINY_TASK, client());
    const compile = report.verdicts.find((v) => v.name === "compile")!;
    expect(compile.passed).toBe(null);
    expect(compile.error).toMatch(/no verdict/);
    expect(report.score).toBe(0);
    expect(report.pass).toBe(false);
  });

  it("keeps the first verdict when the reflection has none, and survives a garbled server reply", async () => {
    server.onChat((request) => {
      if (reviewer(request) === "numerics") return { raw: "{ not json" };
      return isReflection(request) ? "Nothing to change.\nDONE" : "Fine.\nVERDICT: true";
    });
    const report = await runVerifiers(scaleKernel(3), TINY_TASK, client(), { verifiers: ["compile", "numerics"] });
    expect(report.verdicts.map((v) => v.name)).toEqual(["compile", "numerics"]);
    expect(report.verdicts[0]!.passed).toBe(true);
    expect(report.verdicts[1]!.passed).toBe(null);
    expect(report.verdicts[1]!.error).toBeTruthy();
    expect(report.score).toBe(1);
    expect(report.pass).toBe(true);
  });

  it("a run with no usable verdict at all does not skip the candidate", async () => {
    server.onChat(() => "no idea");
    const report = await runVerifiers(scaleKernel(4), TINY_TASK, client(), { reflect: false });
    expect(server.chatRequests.length).toBeGreaterThan(0);
    expect(report.score).toBe(null);
    expect(report.pass).toBe(true);
  });

  it("names bad arguments", async () => {
    await expect(runVerifiers("", TINY_TASK, client())).rejects.toThrow(TypeError);
    await expect(runVerifiers(scaleKernel(1), TINY_TASK, client(), { verifiers: ["style" as never] })).rejects.toThrow(/unknown verifier "style"/);
    await expect(runVerifiers(scaleKernel(1), TINY_TASK, client(), { min_score: 2 })).rejects.toThrow(RangeError);
  });
});
