// LlmClient against a real loopback HTTP server through the real `openai` client.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LlmClient } from "../../lib/llm/index.js";
import { OpenAIMockServer } from "../../lib/llm/mock-server.js";
import { failure, HELLO, loopbackConfig } from "./helpers.js";

let server: OpenAIMockServer;
beforeEach(async () => {
  server = await OpenAIMockServer.start();
});
afterEach(async () => {
  await server.close();
});


describe("LlmClient.chat", () => {
  it("sends the model, messages and kwargs and returns content, usage and cost", async () => {
    server.enqueue({ content: "hello", usage: { prompt_tokens: 1000, completion_tokens: 500 } });
    const client = new LlmClient(loopbackConfig(server.url));
    const reply = await client.chat("gpt-4o-mini", HELLO, { temperature: 0.5, max_tokens: 64 });
    expect(reply.content).toBe("hello");
    expect(reply.input_tokens).toBe(1000);
    expect(reply.output_tokens).toBe(500);
    // gpt-4o-mini: $0.15 / M input, $0.60 / M output.
    expect(reply.cost_usd).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
    expect(reply.cost_known).toBe(true);
    expect(reply.attempts).toBe(1);
    const sent = server.chatRequests[0]!;
    expect(sent.body.model).toBe("gpt-4o-mini");
    expect(sent.body.messages).toEqual(HELLO);
    expect(sent.body.temperature).toBe(0.5);
    expect(sent.body.max_tokens).toBe(64);
    expect(sent.headers.authorization).toBe("Bearer test-key");
    expect(client.ledger.total_usd).toBeCloseTo(reply.cost_usd, 15);
    expect(client.ledger.by_model()["gpt-4o-mini"]).toMatchObject({ calls: 1, input_tokens: 1000, output_tokens: 500 });
  });

  it("draws kwargs from the model's lists when none are given", async () => {
    const config = loopbackConfig(server.url, {
      models: [{ name: "gpt-4o-mini", temperatures: [0.25], max_tokens: [77], reasoning_efforts: ["low"] }],
    });
    const reply = await new LlmClient(config).chat("gpt-4o-mini", HELLO);
    expect(reply.kwargs).toEqual({ temperature: 0.25, max_tokens: 77, reasoning_effort: "low" });
    expect(server.chatRequests[0]!.body).toMatchObject({ temperature: 0.25, max_tokens: 77, reasoning_effort: "low" });
  });

  it("uses max_completion_tokens for reasoning models", async () => {
    await new LlmClient(loopbackConfig(server.url)).chat("o4-mini", HELLO, { max_tokens: 99 });
    expect(server.chatRequests[0]!.body.max_completion_tokens).toBe(99);
    expect(server.chatRequests[0]!.body.max_tokens).toBeUndefined();
  });

  it("retries 429 and 5xx with backoff and then succeeds", async () => {
    server.enqueue({ status: 429 }, { status: 500 }, { status: 503 }, "third time lucky");
    const reply = await new LlmClient(loopbackConfig(server.url)).chat("gpt-4o-mini", HELLO, { max_tokens: 10 });
    expect(reply.content).toBe("third time lucky");
    expect(reply.attempts).toBe(4);
    expect(server.chatRequests).toHaveLength(4);
  });

  it("respects Retry-After on a 429", async () => {
    // Backoff would wait 1 ms; the server asks for 300 ms.
    server.enqueue({ status: 429, headers: { "retry-after": "0.3" } }, "ok");
    const client = new LlmClient(loopbackConfig(server.url, { retry_max_delay_s: 5 }));
    const reply = await client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 });
    expect(reply.content).toBe("ok");
    expect(reply.seconds).toBeGreaterThanOrEqual(0.29);
  });

  it("gives up after max_retries with the kind of the last failure", async () => {
    server.onChat(() => ({ status: 429, error_message: "slow down" }));
    const client = new LlmClient(loopbackConfig(server.url, { max_retries: 2 }));
    const error = await failure(client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 }));
    expect(error.kind).toBe("rate_limit");
    expect(error.details.attempts).toBe(3);
    expect(error.message).toContain("slow down");
    expect(server.chatRequests).toHaveLength(3);
    expect(client.ledger.reserved_usd).toBe(0);
    expect(client.ledger.total_usd).toBe(0);
  });

  it("times out a slow request, retries, and reports a timeout kind", async () => {
    server.onChat(() => ({ content: "too late", delay_ms: 5000 }));
    const client = new LlmClient(loopbackConfig(server.url, { request_timeout_s: 0.3, max_retries: 1 }));
    const error = await failure(client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 }));
    expect(error.kind).toBe("timeout");
    expect(server.chatRequests).toHaveLength(2);
  });

  it("recovers when a timed-out request is followed by a fast one", async () => {
    // The timeout leaves a loaded machine ample time for the fast reply.
    server.enqueue({ content: "slow", delay_ms: 5000 }, "fast");
    const client = new LlmClient(loopbackConfig(server.url, { request_timeout_s: 0.3 }));
    const reply = await client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 });
    expect(reply.content).toBe("fast");
    expect(reply.attempts).toBe(2);
  });

  it("reports a malformed body as kind 'malformed' without retrying", async () => {
    server.enqueue({ raw: "{not json" });
    const client = new LlmClient(loopbackConfig(server.url));
    expect((await failure(client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 }))).kind).toBe("malformed");
    server.enqueue({ raw: JSON.stringify({ id: "x", choices: [] }) });
    expect((await failure(client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 }))).kind).toBe("malformed");
    server.enqueue({ raw: "plain text", content_type: "text/plain" });
    expect((await failure(client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 }))).kind).toBe("malformed");
    expect(server.chatRequests).toHaveLength(3);
    expect(client.ledger.reserved_usd).toBe(0);
  });

  it("reports an empty reply as kind 'empty' and still charges its tokens", async () => {
    server.enqueue({ content: "  ", usage: { prompt_tokens: 2000, completion_tokens: 0 } }, { content: null });
    const client = new LlmClient(loopbackConfig(server.url));
    const first = await failure(client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 }));
    expect(first.kind).toBe("empty");
    expect(client.ledger.total_usd).toBeCloseTo((2000 * 0.15) / 1e6, 12);
    expect((await failure(client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 }))).kind).toBe("empty");
  });

  it("does not retry a 401 and says how to set the key", async () => {
    server.enqueue({ status: 401, error_message: "bad key" });
    const error = await failure(new LlmClient(loopbackConfig(server.url)).chat("gpt-4o-mini", HELLO, { max_tokens: 10 }));
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("OPENAI_API_KEY");
    expect(server.chatRequests).toHaveLength(1);
  });

  it("drops temperature for a model whose server refuses it, and remembers", async () => {
    server.enqueue({ status: 400, error_message: "Unsupported parameter: 'temperature' is not supported with this model." });
    const client = new LlmClient(loopbackConfig(server.url));
    const reply = await client.chat("gpt-4o-mini", HELLO, { temperature: 0.7, max_tokens: 10 });
    expect(reply.content).toBe("ok");
    expect(server.chatRequests[0]!.body.temperature).toBe(0.7);
    expect(server.chatRequests[1]!.body.temperature).toBeUndefined();
    await client.chat("gpt-4o-mini", HELLO, { temperature: 1, max_tokens: 10 });
    expect(server.chatRequests[2]!.body.temperature).toBeUndefined();
  });

  it("switches to max_completion_tokens when the server refuses max_tokens", async () => {
    server.enqueue({ status: 400, error_message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." });
    const reply = await new LlmClient(loopbackConfig(server.url)).chat("gpt-4o-mini", HELLO, { max_tokens: 10 });
    expect(reply.attempts).toBe(1);
    expect(server.chatRequests[1]!.body.max_completion_tokens).toBe(10);
    expect(server.chatRequests[1]!.body.max_tokens).toBeUndefined();
  });

  it("rejects bad messages and kwargs before sending anything", async () => {
    const client = new LlmClient(loopbackConfig(server.url));
    await expect(client.chat("gpt-4o-mini", [])).rejects.toThrow(TypeError);
    await expect(client.chat("gpt-4o-mini", [{ role: "tool", content: "x" } as never])).rejects.toThrow(/messages\[0\]/);
    await expect(client.chat("gpt-4o-mini", HELLO, { max_tokens: 0 })).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });

  it("reports a connection failure as kind 'connection'", async () => {
    const url = server.url;
    await server.close();
    const client = new LlmClient(loopbackConfig(url, { max_retries: 1 }));
    expect((await failure(client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 }))).kind).toBe("connection");
    server = await OpenAIMockServer.start(); // for afterEach
  });

  it("counts an unpriced model at $0 and warns once", async () => {
    const warnings: string[] = [];
    const client = new LlmClient(loopbackConfig(server.url), { onWarning: (m) => warnings.push(m) });
    const reply = await client.chat("my-local-llama", HELLO, { max_tokens: 10 });
    await client.chat("my-local-llama", HELLO, { max_tokens: 10 });
    expect(reply.cost_usd).toBe(0);
    expect(reply.cost_known).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("my-local-llama");
    expect(client.ledger.unpriced_models()).toEqual(["my-local-llama"]);
  });

  it("sends a local/<model>@url model to its own endpoint with its own key", async () => {
    const other = await OpenAIMockServer.start();
    try {
      const client = new LlmClient(loopbackConfig(server.url), { env: { LOCAL_KEY: "secret-local" }, onWarning: () => {} });
      await client.chat(`local/qwen@${other.url}?api_key_env=LOCAL_KEY`, HELLO, { max_tokens: 10 });
      expect(server.chatRequests).toHaveLength(0);
      expect(other.chatRequests[0]!.body.model).toBe("qwen");
      expect(other.chatRequests[0]!.headers.authorization).toBe("Bearer secret-local");
    } finally {
      await other.close();
    }
  });
});
