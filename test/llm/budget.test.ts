// The hard budget: reserve an upper bound before sending, commit the real cost after.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CostLedger, LlmClient, LlmError } from "../../lib/llm/index.js";
import { OpenAIMockServer } from "../../lib/llm/mock-server.js";
import { HELLO, loopbackConfig } from "./helpers.js";

describe("CostLedger", () => {
  it("refuses a reservation that would exceed the budget and counts reservations as committed", () => {
    const ledger = new CostLedger(1);
    const a = ledger.reserve("m", 0.6);
    expect(ledger.committed_usd).toBeCloseTo(0.6);
    expect(() => ledger.reserve("m", 0.5)).toThrow(LlmError);
    ledger.commit(a, 0.1, { input_tokens: 10, output_tokens: 5 });
    expect(ledger.total_usd).toBeCloseTo(0.1);
    expect(ledger.reserved_usd).toBe(0);
    const b = ledger.reserve("m", 0.5);
    ledger.release(b);
    expect(ledger.committed_usd).toBeCloseTo(0.1);
    expect(() => ledger.release(b)).toThrow(/already settled/);
    expect(ledger.exhausted()).toBe(false);
    ledger.record("m", 0.9, { input_tokens: 1, output_tokens: 1 });
    expect(ledger.exhausted()).toBe(true);
    expect(() => ledger.reserve("m", 0)).toThrow(/budget/);
  });

  it("keeps per-model totals and round-trips through JSON", () => {
    const ledger = new CostLedger(10);
    ledger.record("a", 0.5, { input_tokens: 100, output_tokens: 10 });
    ledger.record("a", 0.25, { input_tokens: 50, output_tokens: 5 });
    ledger.record("b", 0, { input_tokens: 1, output_tokens: 1 }, false);
    const restored = CostLedger.fromJSON(JSON.parse(JSON.stringify(ledger.toJSON())));
    expect(restored.total_usd).toBeCloseTo(0.75);
    expect(restored.by_model()).toEqual(ledger.by_model());
    expect(restored.by_model().a).toEqual({ calls: 2, input_tokens: 150, output_tokens: 15, cost_usd: 0.75, priced: true });
    expect(restored.unpriced_models()).toEqual(["b"]);
    expect(restored.budget_usd).toBe(10);
  });

  it("rejects bad numbers", () => {
    expect(() => new CostLedger(-1)).toThrow(RangeError);
    expect(() => new CostLedger(null).reserve("m", Number.NaN)).toThrow(RangeError);
  });
});

describe("LlmClient budget", () => {
  let server: OpenAIMockServer;
  beforeEach(async () => {
    server = await OpenAIMockServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it("16 concurrent calls never overshoot the budget, and refused calls send nothing", async () => {
    // A 1000-byte prompt and max_tokens 1000 at $1/$1 per M tokens: the upper bound is about
    // $0.00204 (bytes + framing + max_tokens); the server reports 250 + 1000 tokens = $0.00125.
    // The budget fits 6 upper bounds at once, so at most 6 of the 16 may be in flight.
    const prices = { priced: { input: 1, output: 1 } };
    const config = loopbackConfig(server.url, { prices, budget_usd: 0.0125 });
    server.onChat(() => ({ content: "x", usage: { prompt_tokens: 250, completion_tokens: 1000 }, delay_ms: 20 }));
    const client = new LlmClient(config);
    const messages = [{ role: "user" as const, content: "a".repeat(1000) }];
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, () => client.chat("priced", messages, { max_tokens: 1000 })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    for (const r of refused) expect((r.reason as LlmError).kind).toBe("budget");
    expect(ok).toHaveLength(6);
    expect(refused).toHaveLength(10);
    expect(server.chatRequests).toHaveLength(6);
    expect(client.ledger.total_usd).toBeCloseTo(6 * 0.00125, 12);
    expect(client.ledger.total_usd).toBeLessThanOrEqual(0.0125);
    expect(client.ledger.reserved_usd).toBe(0);

    // Sequential calls then use the room the upper bounds had held, still without overshooting.
    let more = 0;
    for (;;) {
      try {
        await client.chat("priced", messages, { max_tokens: 1000 });
        more++;
      } catch (error) {
        expect((error as LlmError).kind).toBe("budget");
        break;
      }
    }
    // 0.0075 + 3 x 0.00125 = 0.01125; a fourth upper bound (0.00204) no longer fits.
    expect(more).toBe(3);
    expect(client.ledger.total_usd).toBeCloseTo(0.01125, 12);
    expect(server.chatRequests).toHaveLength(9);
  });

  it("a call failing before the server charged releases its reservation", async () => {
    server.onChat(() => ({ status: 500 }));
    const client = new LlmClient(loopbackConfig(server.url, { budget_usd: 1, max_retries: 0 }));
    await expect(client.chat("gpt-4o-mini", HELLO, { max_tokens: 10 })).rejects.toMatchObject({ kind: "server" });
    expect(client.ledger.committed_usd).toBe(0);
  });
});
