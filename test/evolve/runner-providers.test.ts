// The runner proposing through the native Anthropic and Gemini providers (loopback servers
// speaking those APIs): full-program replies are applied and evaluated, every call is priced from
// the provider's usage, and the run's cost equals the sum of the calls.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveEvolveConfig } from "../../lib/evolve/config.js";
import { startRun } from "../../lib/evolve/engine.js";
import { resolveLlmConfig } from "../../lib/llm/config.js";
import { ProviderMockServer } from "../../lib/llm/mock-providers.js";

const INITIAL = readFileSync(new URL("../../lib/tasks/circle-packing/initial.mjs", import.meta.url), "utf8");
const RING = "0.5 + 0.3 * Math.cos(angle), 0.5 + 0.3 * Math.sin(angle)";

function rewrite(index: number): string {
  const radius = (0.28 + (index % 5) * 0.01).toFixed(2);
  const code = INITIAL.replace(RING, `0.5 + ${radius} * Math.cos(angle), 0.5 + ${radius} * Math.sin(angle)`);
  return `<NAME>ring_${radius}</NAME>\n<DESCRIPTION>Inner ring radius ${radius}.</DESCRIPTION>\n<CODE>\n\`\`\`javascript\n${code}\`\`\`\n</CODE>`;
}

let server: ProviderMockServer | undefined;
afterEach(async () => {
  await server?.close();
});

const CASES: { api: "anthropic" | "gemini"; model: string; usage: Record<string, number>; price: number }[] = [
  { api: "anthropic", model: "claude-haiku-4-5", usage: { input_tokens: 1000, output_tokens: 200 }, price: (1000 * 1 + 200 * 5) / 1e6 },
  { api: "gemini", model: "gemini-2.5-flash", usage: { promptTokenCount: 1000, candidatesTokenCount: 150, thoughtsTokenCount: 50 }, price: (1000 * 0.3 + 200 * 2.5) / 1e6 },
];

describe("evolution through native providers", () => {
  for (const { api, model, usage, price } of CASES) {
    it(`${api}: proposals, evaluations and costs`, async () => {
      server = await ProviderMockServer.start(api);
      server.onChat((request) => ({ content: rewrite(request.index), usage, thinking: "considering the ring" }));
      const dir = join(mkdtempSync(join(tmpdir(), `tansaku-evolve-${api}-`)), "run");
      const llm = resolveLlmConfig({
        file: { models: [{ name: model, max_tokens: 1000 }], [`${api}_base_url`]: server.url, retry_base_delay_s: 0, retry_max_delay_s: 0 },
        env: {},
      });
      const config = resolveEvolveConfig({
        num_generations: 4,
        llm_models: [model],
        patch_types: ["full"],
        patch_type_probs: [1],
        meta_rec_interval: null,
        code_embed_sim_threshold: 1,
        max_proposal_jobs: 1,
        max_evaluation_jobs: 1,
      });
      const prepared = await startRun({ task: "circle-packing", results_dir: dir, config, llm });
      const summary = await prepared.runner.run();
      const children = prepared.parts.store.all().filter((p) => !p.metadata._is_island_copy && p.generation > 0);
      prepared.close();

      expect(summary.evaluations).toBe(4);
      expect(summary.failed_proposals).toBe(0);
      expect(children).toHaveLength(3);
      for (const child of children) {
        expect(child.metadata.model_name).toBe(model);
        expect(child.metadata.api_costs).toBeCloseTo(price, 12);
        expect(child.code).not.toContain("considering the ring");
      }
      expect(summary.total_cost_usd).toBeCloseTo(3 * price, 12);
      expect(server.requests).toHaveLength(3);
      const first = server.requests[0]!.body;
      if (api === "anthropic") {
        expect(first.system).toContain("<CODE>");
        expect(first.messages[0].role).toBe("user");
      } else {
        expect(first.systemInstruction.parts[0].text).toContain("<CODE>");
        expect(first.contents[0].role).toBe("user");
      }
    }, 120_000);
  }
});
