// Record every exchange to JSONL, then replay it with no network.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exchangeKey, LlmClient, type LlmError } from "../../lib/llm/index.js";
import { OpenAIMockServer } from "../../lib/llm/mock-server.js";
import { HELLO, loopbackConfig } from "./helpers.js";

let server: OpenAIMockServer;
let dir: string;
beforeEach(async () => {
  server = await OpenAIMockServer.start();
  dir = mkdtempSync(join(tmpdir(), "llm-replay-"));
});
afterEach(async () => {
  await server.close();
});

describe("record and replay", () => {
  it("a replayed run gives the same replies and costs with zero HTTP requests", async () => {
    const path = join(dir, "exchanges.jsonl");
    server.enqueue(
      { content: "first", usage: { prompt_tokens: 100, completion_tokens: 10 } },
      { content: "second", usage: { prompt_tokens: 100, completion_tokens: 20 } },
      { raw: "{broken" },
      { content: "other", usage: { prompt_tokens: 5, completion_tokens: 5 } },
    );
    const recorder = new LlmClient(loopbackConfig(server.url), { record: path });
    const recorded = [
      await recorder.chat("gpt-4o-mini", HELLO, { temperature: 0, max_tokens: 50 }),
      await recorder.chat("gpt-4o-mini", HELLO, { temperature: 0, max_tokens: 50 }), // same key, next answer
    ];
    await expect(recorder.chat("gpt-4o-mini", HELLO, { temperature: 0.5, max_tokens: 50 })).rejects.toMatchObject({ kind: "malformed" });
    const embedded = await recorder.embed("text-embedding-3-small", ["a", "b"]);
    recorded.push(await recorder.chat("gpt-4o", HELLO, { max_tokens: 50 }));
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(5);
    const requestsWhileRecording = server.requests.length;

    // Replay against an endpoint that does not exist: nothing may touch the network.
    const replayer = new LlmClient(loopbackConfig("http://127.0.0.1:9/v1"), { replay: path });
    const replayed = [
      await replayer.chat("gpt-4o-mini", HELLO, { temperature: 0, max_tokens: 50 }),
      await replayer.chat("gpt-4o-mini", HELLO, { temperature: 0, max_tokens: 50 }),
    ];
    await expect(replayer.chat("gpt-4o-mini", HELLO, { temperature: 0.5, max_tokens: 50 })).rejects.toMatchObject({ kind: "malformed" });
    const reEmbedded = await replayer.embed("text-embedding-3-small", ["a", "b"]);
    replayed.push(await replayer.chat("gpt-4o", HELLO, { max_tokens: 50 }));

    expect(server.requests.length).toBe(requestsWhileRecording);
    expect(replayed.map((r) => r.content)).toEqual(["first", "second", "other"]);
    expect(replayed.map((r) => r.cost_usd)).toEqual(recorded.map((r) => r.cost_usd));
    expect(replayed.every((r) => r.replayed && r.attempts === 0)).toBe(true);
    expect(reEmbedded.vectors).toEqual(embedded.vectors);
    expect(replayer.ledger.total_usd).toBeCloseTo(recorder.ledger.total_usd, 15);
    expect(replayer.ledger.by_model()).toEqual(recorder.ledger.by_model());
  });

  it("the key ignores object key order but not content", () => {
    const a = exchangeKey({ kind: "chat", model: "m", body: { kwargs: { temperature: 0, max_tokens: 1 }, messages: HELLO } });
    const b = exchangeKey({ kind: "chat", model: "m", body: { messages: HELLO, kwargs: { max_tokens: 1, temperature: 0 } } });
    const c = exchangeKey({ kind: "chat", model: "m", body: { messages: HELLO, kwargs: { max_tokens: 2, temperature: 0 } } });
    const d = exchangeKey({ kind: "chat", model: "n", body: { messages: HELLO, kwargs: { max_tokens: 1, temperature: 0 } } });
    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
  });

  it("a missing key fails with a clear error naming the model", async () => {
    const path = join(dir, "exchanges.jsonl");
    const recorder = new LlmClient(loopbackConfig(server.url), { record: path });
    await recorder.chat("gpt-4o-mini", HELLO, { max_tokens: 50 });
    const replayer = new LlmClient(loopbackConfig(server.url), { replay: path });
    const changed = [{ role: "user" as const, content: "a different prompt" }];
    const error = (await replayer.chat("gpt-4o-mini", changed, { max_tokens: 50 }).catch((e: unknown) => e)) as LlmError;
    expect(error.kind).toBe("replay_missing");
    expect(error.message).toContain('model "gpt-4o-mini"');
    expect(error.message).toContain("no recorded exchange");
    // Asking more often than recorded is also a clear error.
    await replayer.chat("gpt-4o-mini", HELLO, { max_tokens: 50 });
    const again = (await replayer.chat("gpt-4o-mini", HELLO, { max_tokens: 50 }).catch((e: unknown) => e)) as LlmError;
    expect(again.kind).toBe("replay_missing");
    expect(again.message).toContain("only 1 recorded");
    expect(replayer.ledger.reserved_usd).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it("a corrupt replay file is a TypeError naming the line", () => {
    const path = join(dir, "bad.jsonl");
    writeFileSync(path, '{"key":"k","kind":"chat","model":"m","request":{},"reply":{"content":"x"}}\n');
    expect(() => new LlmClient(loopbackConfig(server.url), { replay: path })).toThrow(/line 1/);
    expect(() => new LlmClient(loopbackConfig(server.url), { replay: join(dir, "missing.jsonl") })).toThrow(/replay file/);
  });
});
