// The native Anthropic and Gemini providers against loopback servers speaking those APIs, through
// the same LlmClient as the OpenAI path: what is sent, text without thinking, usage -> cost,
// retries (429 with Retry-After, 5xx), malformed bodies, streams and whole bodies.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LlmClient, resolveLlmConfig } from "../../lib/llm/index.js";
import { ProviderMockServer } from "../../lib/llm/mock-providers.js";
import { failure, HELLO, providerClient } from "./helpers.js";

const PROMPT = [{ role: "system" as const, content: "You write code." }, ...HELLO.slice(1), { role: "assistant" as const, content: "Hi." }, { role: "user" as const, content: "Again." }];



for (const stream of [true, false]) {
  describe(`Anthropic Messages API (${stream ? "streamed" : "whole body"})`, () => {
    let server: ProviderMockServer;
    beforeEach(async () => {
      server = await ProviderMockServer.start("anthropic");
    });
    afterEach(async () => {
      await server.close();
    });

    it("sends system apart, headers and kwargs; returns text without thinking; prices usage with cache", async () => {
      server.enqueue({
        content: "hello from claude",
        thinking: "let me think about this",
        usage: { input_tokens: 1000, output_tokens: 500, cache_read_input_tokens: 2000, cache_creation_input_tokens: 400 },
      });
      const llm = providerClient("anthropic", server.url, { stream });
      const reply = await llm.chat("claude-sonnet-4-5", PROMPT, { temperature: 1.5, max_tokens: 64 });
      expect(reply.content).toBe("hello from claude");
      expect(reply.input_tokens).toBe(3400);
      expect(reply.output_tokens).toBe(500);
      // $3 input, $0.30 cache read, $3.75 cache write, $15 output per million.
      expect(reply.cost_usd).toBeCloseTo((1000 * 3 + 2000 * 0.3 + 400 * 3.75 + 500 * 15) / 1e6, 12);
      const sent = server.requests[0]!;
      expect(sent.path).toBe("/v1/messages");
      expect(sent.headers["x-api-key"]).toBe("ak-test");
      expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
      expect(sent.body).toMatchObject({ model: "claude-sonnet-4-5", max_tokens: 64, system: "You write code.", temperature: 1 });
      expect(sent.body.messages).toEqual([
        { role: "user", content: "Say hello." },
        { role: "assistant", content: "Hi." },
        { role: "user", content: "Again." },
      ]);
      expect(Boolean(sent.body.stream)).toBe(stream);
    });

    it("maps reasoning_effort to extended thinking without temperature", async () => {
      await providerClient("anthropic", server.url, { stream }).chat("anthropic/claude-opus-4-5", HELLO, { temperature: 0.5, max_tokens: 4000, reasoning_effort: "low" });
      const body = server.requests[0]!.body;
      expect(body.model).toBe("claude-opus-4-5");
      expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
      expect(body.temperature).toBeUndefined();
    });

    it("retries 429 (honouring retry-after) and 529, then succeeds", async () => {
      server.enqueue({ status: 429, headers: { "retry-after": "0.2" }, error_message: "slow down" }, { status: 529, error_message: "Overloaded" }, "third");
      const reply = await providerClient("anthropic", server.url, { stream, retry_max_delay_s: 5 }).chat("claude-haiku-4-5", HELLO, { max_tokens: 10 });
      expect(reply.content).toBe("third");
      expect(reply.attempts).toBe(3);
      expect(reply.seconds).toBeGreaterThanOrEqual(0.19);
    });

    it("types failures: auth hint, request refusal, malformed body, empty text (billed)", async () => {
      const llm = providerClient("anthropic", server.url, { stream });
      server.enqueue({ status: 401, error_message: "invalid x-api-key" });
      const auth = await failure(llm.chat("claude-haiku-4-5", HELLO, { max_tokens: 10 }));
      expect(auth.kind).toBe("auth");
      expect(auth.message).toMatch(/invalid x-api-key.*ANTHROPIC_API_KEY/);
      server.enqueue({ status: 400, error_message: "max_tokens: too large" });
      expect((await failure(llm.chat("claude-haiku-4-5", HELLO, { max_tokens: 10 }))).kind).toBe("request");
      server.enqueue({ raw: "{not json" });
      expect((await failure(llm.chat("claude-haiku-4-5", HELLO, { max_tokens: 10 }))).kind).toBe("malformed");
      server.enqueue({ raw: JSON.stringify({ type: "message", content: "nope" }) });
      expect((await failure(llm.chat("claude-haiku-4-5", HELLO, { max_tokens: 10 }))).kind).toBe("malformed");
      expect(llm.ledger.total_usd).toBe(0);
      server.enqueue({ content: null, thinking: "only thoughts", stop: "max_tokens", usage: { input_tokens: 100, output_tokens: 10 } });
      const empty = await failure(llm.chat("claude-haiku-4-5", HELLO, { max_tokens: 10 }));
      expect(empty.kind).toBe("empty");
      expect(empty.message).toContain("max_tokens");
      expect(llm.ledger.total_usd).toBeCloseTo((100 * 1 + 10 * 5) / 1e6, 12);
      expect(llm.ledger.reserved_usd).toBe(0);
    });

    it("uses the model's api_key_env and base_url over the defaults", async () => {
      const config = resolveLlmConfig({
        file: { models: [{ name: "claude-haiku-4-5", base_url: server.url, api_key_env: "MY_CLAUDE_KEY" }], stream },
        env: {},
      });
      await new LlmClient(config, { env: { MY_CLAUDE_KEY: "mine", ANTHROPIC_API_KEY: "default" } }).chat("claude-haiku-4-5", HELLO, { max_tokens: 5 });
      expect(server.requests[0]!.headers["x-api-key"]).toBe("mine");
    });
  });

  describe(`Gemini generateContent (${stream ? "streamed" : "whole body"})`, () => {
    let server: ProviderMockServer;
    beforeEach(async () => {
      server = await ProviderMockServer.start("gemini");
    });
    afterEach(async () => {
      await server.close();
    });

    it("sends systemInstruction, user/model roles, generationConfig and the key header; bills thoughts as output", async () => {
      server.enqueue({
        content: "hello from gemini",
        thinking: "pondering",
        usage: { promptTokenCount: 3000, candidatesTokenCount: 200, thoughtsTokenCount: 800, cachedContentTokenCount: 1000 },
      });
      const reply = await providerClient("gemini", server.url, { stream }).chat("gemini-2.5-flash", PROMPT, { temperature: 0.5, max_tokens: 2000, reasoning_effort: "low" });
      expect(reply.content).toBe("hello from gemini");
      expect(reply.input_tokens).toBe(3000);
      expect(reply.output_tokens).toBe(1000);
      // $0.30 input, $0.03 cached, $2.50 output per million.
      expect(reply.cost_usd).toBeCloseTo((2000 * 0.3 + 1000 * 0.03 + 1000 * 2.5) / 1e6, 12);
      const sent = server.requests[0]!;
      expect(sent.path).toBe(`/v1beta/models/gemini-2.5-flash:${stream ? "streamGenerateContent" : "generateContent"}`);
      expect(sent.headers["x-goog-api-key"]).toBe("gk-test");
      expect(sent.body.systemInstruction).toEqual({ parts: [{ text: "You write code." }] });
      expect(sent.body.contents).toEqual([
        { role: "user", parts: [{ text: "Say hello." }] },
        { role: "model", parts: [{ text: "Hi." }] },
        { role: "user", parts: [{ text: "Again." }] },
      ]);
      expect(sent.body.generationConfig).toEqual({ maxOutputTokens: 2000, temperature: 0.5, thinkingConfig: { thinkingBudget: 1024 } });
    });

    it("takes GOOGLE_API_KEY when GEMINI_API_KEY is unset, and the gemini/ prefix", async () => {
      const config = resolveLlmConfig({ file: { gemini_base_url: server.url, stream }, env: {} });
      await new LlmClient(config, { env: { GOOGLE_API_KEY: "google-key" }, onWarning: () => {} }).chat("gemini/gemini-2.5-pro", HELLO, { max_tokens: 5 });
      expect(server.requests[0]!.headers["x-goog-api-key"]).toBe("google-key");
      expect(server.requests[0]!.path).toMatch(/^\/v1beta\/models\/gemini-2\.5-pro:/);
    });

    it("retries 429 with the body's retryDelay and 503, then succeeds", async () => {
      server.enqueue(
        { status: 429, raw: JSON.stringify({ error: { code: 429, message: "quota", details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "0.2s" }] } }) },
        { status: 503, error_message: "unavailable" },
        "ok now",
      );
      const reply = await providerClient("gemini", server.url, { stream, retry_max_delay_s: 5 }).chat("gemini-2.5-flash", HELLO, { max_tokens: 10 });
      expect(reply.content).toBe("ok now");
      expect(reply.attempts).toBe(3);
      expect(reply.seconds).toBeGreaterThanOrEqual(0.19);
    });

    it("types failures: malformed body, a blocked or empty reply, auth hint", async () => {
      const llm = providerClient("gemini", server.url, { stream });
      server.enqueue({ raw: "<html>gateway</html>", content_type: "text/html" });
      expect((await failure(llm.chat("gemini-2.5-flash", HELLO, { max_tokens: 10 }))).kind).toBe("malformed");
      server.enqueue({ content: null, stop: "SAFETY", usage: { promptTokenCount: 100, candidatesTokenCount: 0 } });
      const empty = await failure(llm.chat("gemini-2.5-flash", HELLO, { max_tokens: 10 }));
      expect(empty.kind).toBe("empty");
      expect(empty.message).toContain("SAFETY");
      expect(llm.ledger.total_usd).toBeCloseTo((100 * 0.3) / 1e6, 12);
      server.enqueue({ status: 403, error_message: "API key not valid" });
      const auth = await failure(llm.chat("gemini-2.5-flash", HELLO, { max_tokens: 10 }));
      expect(auth.kind).toBe("auth");
      expect(auth.message).toContain("GEMINI_API_KEY");
    });
  });
}

describe("provider selection", () => {
  it("guesses from the model string and lets the config override it", () => {
    const config = resolveLlmConfig({
      file: {
        models: [
          "claude-sonnet-4-5",
          "anthropic/claude-haiku-4-5",
          "gemini-2.5-pro",
          "gemini/gemini-2.5-flash",
          "gpt-5-mini",
          "openrouter/anthropic/claude-sonnet-4.5",
          { name: "claude-via-proxy", provider: "openai" },
          { name: "my-gemini-proxy", provider: "gemini" },
        ],
      },
      env: {},
    });
    expect(config.models.map((m) => [m.name, m.provider ?? "openai", m.api_model])).toEqual([
      ["claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5"],
      ["anthropic/claude-haiku-4-5", "anthropic", "claude-haiku-4-5"],
      ["gemini-2.5-pro", "gemini", "gemini-2.5-pro"],
      ["gemini/gemini-2.5-flash", "gemini", "gemini-2.5-flash"],
      ["gpt-5-mini", "openai", "gpt-5-mini"],
      ["openrouter/anthropic/claude-sonnet-4.5", "openai", "anthropic/claude-sonnet-4.5"],
      ["claude-via-proxy", "openai", "claude-via-proxy"],
      ["my-gemini-proxy", "gemini", "my-gemini-proxy"],
    ]);
    expect(config.models[5]).toMatchObject({ base_url: "https://openrouter.ai/api/v1", api_key_env: "OPENROUTER_API_KEY" });
  });

  it("refuses an Anthropic or Gemini embedding model by name", () => {
    expect(() => resolveLlmConfig({ cli: { embedding_model: "gemini-embedding-001" }, env: {} })).toThrow(/embedding_model: "gemini-embedding-001" is a gemini model/);
    expect(resolveLlmConfig({ cli: { embedding_model: "text-embedding-3-small" }, env: {} }).embedding_model).toBe("text-embedding-3-small");
  });

  it("sends vendor/model names to the endpoint when that endpoint is OpenRouter", () => {
    const config = resolveLlmConfig({ file: { base_url: "https://openrouter.ai/api/v1", models: ["anthropic/claude-sonnet-4.5"] }, env: {} });
    expect(config.models[0]).toMatchObject({ api_model: "anthropic/claude-sonnet-4.5" });
    expect(config.models[0]!.provider).toBeUndefined();
  });

  it("reads base URLs from ANTHROPIC_BASE_URL and GEMINI_BASE_URL and rejects bad ones by name", () => {
    const config = resolveLlmConfig({ env: { ANTHROPIC_BASE_URL: "http://127.0.0.1:1", GEMINI_BASE_URL: "http://127.0.0.1:2" } });
    expect(config.anthropic_base_url).toBe("http://127.0.0.1:1");
    expect(config.gemini_base_url).toBe("http://127.0.0.1:2");
    expect(() => resolveLlmConfig({ env: { ANTHROPIC_BASE_URL: "not a url" } })).toThrow(/anthropic_base_url \(or ANTHROPIC_BASE_URL\)/);
    expect(() => resolveLlmConfig({ file: { models: [{ name: "x", provider: "cohere" }] }, env: {} })).toThrow(/models\.0/);
  });
});

describe("keys per endpoint", () => {
  it("never sends the default endpoint's key to a model with its own key variable", async () => {
    const { OpenAIMockServer } = await import("../../lib/llm/mock-server.js");
    const other = await OpenAIMockServer.start();
    try {
      const config = resolveLlmConfig({ file: { api_key: "openai-secret", models: [{ name: "qwen", base_url: other.url, api_key_env: "UNSET_KEY" }] }, env: {} });
      await new LlmClient(config, { env: {}, onWarning: () => {} }).chat("qwen", HELLO, { max_tokens: 5 });
      expect(other.chatRequests[0]!.headers.authorization).toBe("Bearer no-api-key");
    } finally {
      await other.close();
    }
  });
});

describe("refused parameters", () => {
  for (const api of ["anthropic", "gemini"] as const) {
    it(`${api}: a 400 naming temperature drops it for that model, and remembers`, async () => {
      const server = await ProviderMockServer.start(api);
      try {
        server.enqueue({ status: 400, error_message: "temperature is not supported for this model" });
        const llm = providerClient(api, server.url);
        const model = api === "anthropic" ? "claude-haiku-4-5" : "gemini-2.5-flash";
        const reply = await llm.chat(model, HELLO, { temperature: 0.7, max_tokens: 10 });
        expect(reply.content).toBe("ok");
        expect(reply.attempts).toBe(1);
        await llm.chat(model, HELLO, { temperature: 0.2, max_tokens: 10 });
        const temperatures = server.requests.map((r) => (api === "anthropic" ? r.body.temperature : r.body.generationConfig.temperature));
        expect(temperatures).toEqual([0.7, undefined, undefined]);
      } finally {
        await server.close();
      }
    });
  }
});

describe("record and replay through a native provider", () => {
  it("replays an Anthropic exchange with no server, same text and cost", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const path = join(mkdtempSync(join(tmpdir(), "anthropic-replay-")), "exchanges.jsonl");
    const server = await ProviderMockServer.start("anthropic");
    let recorded;
    try {
      const config = resolveLlmConfig({ file: { anthropic_base_url: server.url }, env: {} });
      const recorder = new LlmClient(config, { record: path, env: { ANTHROPIC_API_KEY: "k" } });
      server.enqueue({ content: "recorded answer", usage: { input_tokens: 400, output_tokens: 100 } });
      recorded = await recorder.chat("claude-haiku-4-5", HELLO, { temperature: 0, max_tokens: 50 });
    } finally {
      await server.close();
    }
    const replayer = new LlmClient(resolveLlmConfig({ file: { anthropic_base_url: server.url }, env: {} }), { replay: path, env: {} });
    const replayed = await replayer.chat("claude-haiku-4-5", HELLO, { temperature: 0, max_tokens: 50 });
    expect(replayed).toMatchObject({ content: "recorded answer", replayed: true, cost_usd: recorded.cost_usd, input_tokens: 400, output_tokens: 100 });
    expect(replayed.cost_usd).toBeCloseTo((400 * 1 + 100 * 5) / 1e6, 12);
  });
});
