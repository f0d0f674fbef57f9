// The runner against a real loopback OpenAI-compatible server through the real `openai` client:
// scripted diff, full and cross replies are applied and evaluated; a 429 is retried; a malformed
// reply is a recorded failed proposal; the budget stops the run with the committed cost under it.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveEvolveConfig } from "../../lib/evolve/config.js";
import { startRun } from "../../lib/evolve/engine.js";
import { resolveLlmConfig } from "../../lib/llm/config.js";
import { OpenAIMockServer, type RecordedRequest } from "../../lib/llm/mock-server.js";

const INITIAL = readFileSync(new URL("../../lib/tasks/circle-packing/initial.mjs", import.meta.url), "utf8");
// A line of the initial program's EVOLVE-BLOCK that no scripted reply changes, so a SEARCH for it
// applies to any descendant.
const ANCHOR = "  const clip = (v) => Math.min(0.99, Math.max(0.01, v));";
const RING = "0.5 + 0.3 * Math.cos(angle), 0.5 + 0.3 * Math.sin(angle)";
const PRICE_PER_CALL = 0.05; // 50 completion tokens at $1000 per million

let server: OpenAIMockServer;
const served: { type: string; model: string }[] = [];

function systemText(request: RecordedRequest): string {
  return (request.body.messages as { role: string; content: string }[]).filter((m) => m.role === "system").map((m) => m.content).join("\n");
}

function reply(request: RecordedRequest) {
  const index = request.index;
  const model = String(request.body.model);
  if (index === 3) return { status: 429, headers: { "retry-after": "0" }, error_message: "slow down" };
  if (index === 5) return { raw: "{ this is not json" };
  const usage = { prompt_tokens: 100, completion_tokens: 50 };
  if (systemText(request).includes("<DIFF>")) {
    served.push({ type: "diff", model });
    const content = `<NAME>note_${index}</NAME>\n<DESCRIPTION>Adds a marker line.</DESCRIPTION>\n<DIFF>\n<<<<<<< SEARCH\n${ANCHOR}\n=======\n  // variant ${index}\n${ANCHOR}\n>>>>>>> REPLACE\n</DIFF>`;
    return { content, usage };
  }
  served.push({ type: "full", model });
  const radius = (0.28 + (index % 7) * 0.01).toFixed(2);
  const code = INITIAL.replace(RING, `0.5 + ${radius} * Math.cos(angle), 0.5 + ${radius} * Math.sin(angle)`);
  return { content: `<NAME>ring_${radius}</NAME>\n<DESCRIPTION>Inner ring radius ${radius}.</DESCRIPTION>\n<CODE>\n\`\`\`javascript\n${code}\`\`\`\n</CODE>`, usage };
}

beforeAll(async () => {
  server = await OpenAIMockServer.start();
  server.onChat(reply);
});
afterAll(async () => {
  await server.close();
});

describe("evolution against an OpenAI-compatible endpoint", () => {
  it("applies scripted diff, full and cross replies, survives 429 and malformed replies, and stops at the budget", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-evolve-llm-")), "run");
    const budget = 0.5;
    const llm = resolveLlmConfig({
      file: {
        models: [
          { name: "mock-a", max_tokens: 100, temperatures: [0] },
          { name: "mock-b", max_tokens: 100, temperatures: [0.5] },
        ],
        prices: { "mock-a": { input: 0, output: 1000 }, "mock-b": { input: 0, output: 1000 } },
        retry_base_delay_s: 0,
        retry_max_delay_s: 0,
      },
      cli: { base_url: server.url, api_key: "test-key", budget_usd: budget },
      env: {},
    });
    const config = resolveEvolveConfig({
      num_generations: 60,
      seed: 3,
      llm_models: ["mock-a", "mock-b"],
      max_api_costs: budget,
      patch_type_probs: [0.4, 0.3, 0.3],
      max_proposal_jobs: 2,
      max_evaluation_jobs: 2,
      code_embed_sim_threshold: 1,
    });
    const prepared = await startRun({ task: "circle-packing", results_dir: dir, config, llm });
    const summary = await prepared.runner.run();
    const programs = prepared.parts.store.all().filter((p) => !p.metadata._is_island_copy);
    prepared.close();

    expect(summary.stop_reason).toBe("budget");
    expect(summary.generations_handed_out).toBeLessThan(60);
    // Committed cost never passed the budget; every well-formed reply was charged.
    expect(summary.total_cost_usd).toBeLessThanOrEqual(budget);
    expect(summary.total_cost_usd).toBeCloseTo(served.length * PRICE_PER_CALL, 10);
    expect(summary.total_cost_usd).toBeGreaterThan(budget - 2 * 0.1 - PRICE_PER_CALL);

    const children = programs.filter((p) => p.generation > 0);
    const types = new Set(children.map((p) => p.metadata.patch_type));
    expect(types).toContain("diff");
    expect(types).toContain("full");
    expect(types).toContain("cross");
    for (const child of children) {
      expect(["mock-a", "mock-b"]).toContain(child.metadata.model_name);
      expect(child.metadata.api_costs).toBeCloseTo(PRICE_PER_CALL, 10);
      if (child.metadata.patch_type === "diff") expect(child.code).toMatch(/\/\/ variant \d+\n {2}const clip/);
      expect(child.correct).toBe(true);
    }
    // Both models were tried (an unseen arm goes first) and the requests carried their settings.
    const chat = server.chatRequests;
    expect(new Set(chat.map((r) => r.body.model))).toEqual(new Set(["mock-a", "mock-b"]));
    for (const r of chat) expect(r.body.max_tokens ?? r.body.max_completion_tokens).toBe(100);
    // The 429 was retried (the request after it was answered); the malformed reply is a failed proposal.
    const failures = readdirSync(dir)
      .filter((name) => existsSync(join(dir, name, "failure.json")))
      .map((name) => JSON.parse(readFileSync(join(dir, name, "failure.json"), "utf8")) as { stage: string; error: string });
    expect(failures.some((f) => f.stage === "llm" && /malformed/.test(f.error))).toBe(true);
    expect(failures.every((f) => !/rate_limit/.test(f.error))).toBe(true);
    // Bandit state and costs are in the results directory.
    const bandit = JSON.parse(readFileSync(join(dir, "bandit_state.json"), "utf8"));
    expect(JSON.stringify(bandit)).toContain("mock-a");
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("Best score against cost");
  });

  it("rejects candidates the novelty judge calls NOT_NOVEL, without evaluating them (§19, 29-30)", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-evolve-judge-")), "run");
    const judged: RecordedRequest[] = [];
    server.onChat((request) => {
      if (systemText(request).includes("meaningfully")) {
        judged.push(request);
        return { content: "NOT_NOVEL: only a constant moved", usage: { prompt_tokens: 10, completion_tokens: 5 } };
      }
      return reply(request);
    });
    try {
      const llm = resolveLlmConfig({
        file: { models: [{ name: "mock-a", max_tokens: 100 }], retry_base_delay_s: 0, retry_max_delay_s: 0 },
        cli: { base_url: server.url, api_key: "test-key" },
        env: {},
      });
      const config = resolveEvolveConfig({
        num_generations: 3,
        llm_models: ["mock-a"],
        novelty_llm_models: ["mock-a"],
        // Every candidate is "too similar", so the judge decides each time.
        code_embed_sim_threshold: 0,
        max_proposal_jobs: 1,
        max_evaluation_jobs: 1,
      });
      const prepared = await startRun({ task: "circle-packing", results_dir: dir, config, llm });
      const summary = await prepared.runner.run();
      prepared.close();
      expect(summary.evaluations).toBe(1);
      expect(summary.failed_proposals).toBe(2);
      expect(judged).toHaveLength(2 * config.max_novelty_attempts);
      for (const g of [1, 2]) {
        const failure = JSON.parse(readFileSync(join(dir, `gen_${g}`, "failure.json"), "utf8"));
        expect(failure.stage).toBe("novelty");
        expect(existsSync(join(dir, `gen_${g}`, "results"))).toBe(false);
      }
    } finally {
      server.onChat(reply);
    }
  });
});
