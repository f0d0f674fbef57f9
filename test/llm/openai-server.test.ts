// The loopback server other suites script: queue, handler, defaults, unknown routes.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OpenAIMockServer } from "../../lib/llm/mock-server.js";

let server: OpenAIMockServer;
beforeEach(async () => {
  server = await OpenAIMockServer.start();
});
afterEach(async () => {
  await server.close();
});

async function post(path: string, body: unknown): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

describe("OpenAIMockServer", () => {
  it("answers the queue first, then the handler, then 'ok', and records each request", async () => {
    server.enqueue("queued").onChat((request) => ({ content: `echo ${request.body.messages[0].content}` }));
    const first = await post("/chat/completions", { model: "m", messages: [{ role: "user", content: "a" }] });
    const second = await post("/chat/completions", { model: "m", messages: [{ role: "user", content: "b" }] });
    server.onChat(undefined);
    const third = await post("/chat/completions", { model: "m", messages: [{ role: "user", content: "c" }] });
    expect([first, second, third].map((r) => r.json.choices[0].message.content)).toEqual(["queued", "echo b", "ok"]);
    expect(first.json.model).toBe("m");
    expect(first.json.usage.total_tokens).toBe(first.json.usage.prompt_tokens + first.json.usage.completion_tokens);
    expect(server.chatRequests.map((r) => r.body.messages[0].content)).toEqual(["a", "b", "c"]);
    expect(server.chatRequests.map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it("sends scripted statuses, headers and raw bodies; unknown routes get 404", async () => {
    server.enqueue({ status: 429, headers: { "retry-after": "2" }, error_message: "slow down" }, { raw: "{oops" });
    const limited = await post("/chat/completions", {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.json.error.message).toBe("slow down");
    const response = await fetch(`${server.url}/chat/completions`, { method: "POST", body: "{}" });
    expect(await response.text()).toBe("{oops");
    expect((await post("/models", {})).status).toBe(404);
  });

  it("answers embeddings with one deterministic unit vector per input", async () => {
    const a = await post("/embeddings", { model: "e", input: ["x", "yy"] });
    const b = await post("/embeddings", { model: "e", input: ["x", "yy"] });
    expect(a.json.data).toHaveLength(2);
    expect(a.json.data).toEqual(b.json.data);
    for (const item of a.json.data) expect(Math.hypot(...item.embedding)).toBeCloseTo(1, 12);
  });
});
