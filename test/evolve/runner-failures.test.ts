// Injected LLM and database failures (evolve.md §19, case 34): no generation ID at or above the
// cap is handed out, a retried write leaves one row per source_job_id, failed proposals are
// recorded with their stage, and a resume continues from the persisted counter with the gaps.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveEvolveConfig } from "../../lib/evolve/config.js";
import { resumeRun, startRun } from "../../lib/evolve/engine.js";
import { EvolutionRunner } from "../../lib/evolve/runner.js";
import type { EvolutionStore } from "../../lib/evolve/store.js";
import { resolveLlmConfig } from "../../lib/llm/config.js";
import { LlmError } from "../../lib/llm/errors.js";

describe("runner under injected failures", () => {
  it("keeps the cap, stores each program once, records failures, and resumes from the counter", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tansaku-evolve-fail-")), "run");
    const config = resolveEvolveConfig({ num_generations: 10, seed: 11, max_proposal_jobs: 3, max_evaluation_jobs: 2, code_embed_sim_threshold: 1 });
    const prepared = await startRun({ task: "circle-packing", results_dir: dir, config, llm: resolveLlmConfig({ env: {} }) });
    const real = prepared.parts.store;
    let adds = 0;
    // Every first write of a program fails after it landed half the time, before it landed otherwise.
    const flaky = new Proxy(real, {
      get(target, key) {
        if (key === "add") {
          return (program: Parameters<EvolutionStore["add"]>[0]) => {
            adds += 1;
            if (adds % 2 === 1) {
              if (adds % 4 === 1) target.add(program);
              throw new Error("SQLITE_BUSY: database is locked");
            }
            return target.add(program);
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as EvolutionStore;
    let chats = 0;
    const mutator = prepared.parts.mutator;
    const failing = {
      ...mutator,
      chat: async (...args: Parameters<typeof mutator.chat>) => {
        chats += 1;
        if (chats % 3 === 0) throw new LlmError("server", "HTTP 503 after 3 retries");
        return mutator.chat(...args);
      },
    };
    const runner = new EvolutionRunner({ ...prepared.parts, store: flaky, mutator: failing });
    const summary = await runner.run();
    const rows = real.all().filter((p) => !p.metadata._is_island_copy);
    prepared.close();

    expect(summary.generations_handed_out).toBe(10);
    expect(Math.max(...rows.map((r) => r.generation))).toBeLessThan(10);
    expect(new Set(rows.map((r) => r.source_job_id)).size).toBe(rows.length);
    const failed = [...Array(10).keys()].filter((g) => existsSync(join(dir, `gen_${g}`, "failure.json")));
    expect(failed.length).toBeGreaterThan(0);
    for (const g of failed) {
      const failure = JSON.parse(readFileSync(join(dir, `gen_${g}`, "failure.json"), "utf8"));
      expect(failure.stage).toBe("llm");
      expect(rows.some((r) => r.generation === g)).toBe(false);
    }
    expect(rows.length + failed.length).toBe(10);
    expect(summary.failed_proposals).toBe(failed.length);
    expect(summary.evaluations).toBe(rows.length);

    // Resume with a larger cap: IDs continue from 10; the failed ones stay gaps.
    const again = await resumeRun({ results_dir: dir, overrides: { num_generations: 14 } });
    const more = await again.runner.run();
    const after = again.parts.store.all().filter((p) => !p.metadata._is_island_copy);
    again.close();
    expect(more.generations_handed_out).toBe(14);
    for (const g of [10, 11, 12, 13]) {
      const stored = after.some((r) => r.generation === g);
      expect(stored !== existsSync(join(dir, `gen_${g}`, "failure.json"))).toBe(true);
    }
    expect(after.some((r) => r.generation >= 14)).toBe(false);
    for (const g of failed) expect(after.some((r) => r.generation === g)).toBe(false);
    expect(new Set(after.map((r) => r.source_job_id)).size).toBe(after.length);
  });
});
