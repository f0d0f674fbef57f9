// Stall timeouts on streamed replies (spec §14): a stream that stops sending part-way is aborted
// after stall_timeout_s and retried; one that trickles slowly but steadily is not, even when it
// takes longer in total than the stall timeout. Real HTTP on loopback for all three providers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LlmClient, type LlmConfigInput } from "../../lib/llm/index.js";
import { ProviderMockServer } from "../../lib/llm/mock-providers.js";
import { OpenAIMockServer } from "../../lib/llm/mock-server.js";
import { failure, HELLO, loopbackConfig, providerClient } from "./helpers.js";

const STALL_S = 0.2;


describe("OpenAI-compatible streams", () => {
  let server: OpenAIMockServer;
  beforeEach(async () => {
    server = await OpenAIMockServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it("asks for a stream with usage in the last chunk and reads the usage from it", async () => {
    server.enqueue({ content: "streamed hello", usage: { prompt_tokens: 1000, completion_tokens: 500 }, chunks: ["str", "eamed ", "hello"] });
    const client = new LlmClient(loopbackConfig(server.url, { stall_timeout_s: STALL_S }));
    const reply = await client.chat("gpt-4o-mini", HELLO, { max_tokens: 64 });
    expect(reply.content).toBe("streamed hello");
    expect([reply.input_tokens, reply.output_tokens]).toEqual([1000, 500]);
    expect(reply.cost_usd).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
    expect(server.chatRequests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("aborts a stream that stops part-way, retries, and takes the next reply", async () => {
    server.enqueue({ content: "never finished", stall_after_chunks: 2 }, "second try");
    const client = new LlmClient(loopbackConfig(server.url, { stall_timeout_s: STALL_S, request_timeout_s: 30 }));
    const reply = await client.chat("gpt-4o-mini", HELLO, { max_tokens: 64 });
    expect(reply.content).toBe("second try");
    expect(reply.attempts).toBe(2);
    expect(client.ledger.reserved_usd).toBe(0);
  });

  it("reports kind 'timeout' naming the stall once the retries are spent", async () => {
    server.onChat(() => ({ content: "stuck", stall_after_chunks: 1 }));
    const client = new LlmClient(loopbackConfig(server.url, { stall_timeout_s: STALL_S, request_timeout_s: 30, max_retries: 1 }));
    const error = await failure(client.chat("gpt-4o-mini", HELLO, { max_tokens: 64 }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/stalled: nothing for 0\.2 s/);
    expect(server.chatRequests).toHaveLength(2);
  });

  it("does not abort a slow but steady stream that lasts longer than the stall timeout", async () => {
    // Gaps of 80 ms against a 400 ms stall timeout (margin for a loaded machine); 11 events in all.
    const pieces = Array.from({ length: 8 }, (_, i) => `p${i} `);
    server.enqueue({ content: pieces.join(""), chunks: pieces, chunk_delay_ms: 80 });
    const client = new LlmClient(loopbackConfig(server.url, { stall_timeout_s: 2 * STALL_S, request_timeout_s: 30, max_retries: 0 }));
    const reply = await client.chat("gpt-4o-mini", HELLO, { max_tokens: 64 });
    expect(reply.content).toBe(pieces.join(""));
    expect(reply.attempts).toBe(1);
    expect(reply.seconds).toBeGreaterThan(2 * STALL_S);
  });

  it("retries a stream whose server reports an error part-way", async () => {
    const sse = 'data: {"id":"c","object":"chat.completion.chunk","created":0,"model":"m","choices":[{"index":0,"delta":{"content":"par"},"finish_reason":null}]}\n\ndata: {"error":{"message":"overloaded mid-stream"}}\n\n';
    server.enqueue({ raw: sse, content_type: "text/event-stream" }, "after the error");
    const reply = await new LlmClient(loopbackConfig(server.url)).chat("gpt-4o-mini", HELLO, { max_tokens: 8 });
    expect(reply.content).toBe("after the error");
    expect(reply.attempts).toBe(2);
  });

  it("falls back to whole bodies with stream: false", async () => {
    server.enqueue("whole");
    const reply = await new LlmClient(loopbackConfig(server.url, { stream: false })).chat("gpt-4o-mini", HELLO, { max_tokens: 8 });
    expect(reply.content).toBe("whole");
    expect(server.chatRequests[0]!.body.stream).toBeUndefined();
  });

  it("stops sending stream_options to a server that refuses it", async () => {
    server.enqueue({ status: 400, error_message: "Unrecognized request argument supplied: stream_options" }, "fine");
    const reply = await new LlmClient(loopbackConfig(server.url)).chat("gpt-4o-mini", HELLO, { max_tokens: 8 });
    expect(reply.content).toBe("fine");
    expect(server.chatRequests[1]!.body.stream).toBe(true);
    expect(server.chatRequests[1]!.body.stream_options).toBeUndefined();
  });
});

for (const api of ["anthropic", "gemini"] as const) {
  describe(`${api} streams`, () => {
    let server: ProviderMockServer;
    beforeEach(async () => {
      server = await ProviderMockServer.start(api);
    });
    afterEach(async () => {
      await server.close();
    });
    const model = api === "anthropic" ? "claude-haiku-4-5" : "gemini-2.5-flash";
    const client = (overrides: Partial<LlmConfigInput> = {}) =>
      providerClient(api, server.url, { stall_timeout_s: STALL_S, request_timeout_s: 30, retry_max_delay_s: 0.01, ...overrides });

    it("aborts a stalled stream and retries", async () => {
      server.enqueue({ content: "never finished", stall_after_chunks: 2 }, "second try");
      const reply = await client().chat(model, HELLO, { max_tokens: 64 });
      expect(reply.content).toBe("second try");
      expect(reply.attempts).toBe(2);
    });

    it("reports kind 'timeout' after the retries", async () => {
      server.onChat(() => ({ content: "stuck", stall_after_chunks: 1 }));
      const error = await failure(client({ max_retries: 1 }).chat(model, HELLO, { max_tokens: 64 }));
      expect(error.kind).toBe("timeout");
      expect(error.message).toContain("stalled");
      expect(server.requests).toHaveLength(2);
    });

    it("keeps a slow but steady stream", async () => {
      const pieces = Array.from({ length: 8 }, (_, i) => `q${i} `);
      server.enqueue({ content: pieces.join(""), chunks: pieces, chunk_delay_ms: 80 });
      const reply = await client({ max_retries: 0, stall_timeout_s: 2 * STALL_S }).chat(model, HELLO, { max_tokens: 64 });
      expect(reply.content).toBe(pieces.join(""));
      expect(reply.seconds).toBeGreaterThan(2 * STALL_S);
    });

    it("retries an error event inside the stream and types a refusal", async () => {
      const overloaded =
        api === "anthropic"
          ? 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'
          : 'data: {"error":{"code":503,"message":"unavailable","status":"UNAVAILABLE"}}\n\n';
      server.enqueue({ raw: overloaded, content_type: "text/event-stream" }, "after the error");
      const reply = await client().chat(model, HELLO, { max_tokens: 64 });
      expect(reply.content).toBe("after the error");
      expect(reply.attempts).toBe(2);
      const refused =
        api === "anthropic"
          ? 'event: error\ndata: {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long"}}\n\n'
          : 'data: {"error":{"code":400,"message":"prompt is too long"}}\n\n';
      server.enqueue({ raw: refused, content_type: "text/event-stream" });
      const error = await failure(client().chat(model, HELLO, { max_tokens: 64 }));
      expect(error.kind).toBe("request");
      expect(error.message).toContain("prompt is too long");
    });

    it("treats a stream cut before its final event as a retryable server failure", async () => {
      server.enqueue({ content: "cut", truncate: true }, "whole");
      const reply = await client().chat(model, HELLO, { max_tokens: 64 });
      expect(reply.content).toBe("whole");
      expect(reply.attempts).toBe(2);
    });
  });
}
