// The async pipeline's limits (in flight, evaluating), the generation cap, draining on stop,
// and the configuration's defaults and errors.
import { describe, expect, it } from "vitest";
import { resolveEvolveConfig } from "../../lib/evolve/config.js";
import { Pipeline } from "../../lib/evolve/pipeline.js";

/** A promise the test resolves by hand, so interleavings are explicit (no timers). */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("Pipeline", () => {
  it("never hands out an ID at or above the cap and keeps at most K jobs and E evaluations in flight", async () => {
    let next = 0;
    const cap = 20;
    let proposing = 0;
    let evaluating = 0;
    let maxJobs = 0;
    let maxEvaluating = 0;
    const handed: number[] = [];
    const stored: number[] = [];
    const pipeline = new Pipeline<number>(
      {
        claim: () => {
          if (next >= cap) return null;
          handed.push(next);
          return next++;
        },
        propose: async (g) => {
          proposing += 1;
          maxJobs = Math.max(maxJobs, pipeline.jobsInFlight);
          await tick();
          proposing -= 1;
          return g % 5 === 3 ? null : g; // every fifth proposal fails terminally
        },
        evaluate: async (g) => {
          evaluating += 1;
          maxEvaluating = Math.max(maxEvaluating, evaluating);
          await tick();
          await tick();
          evaluating -= 1;
          stored.push(g);
        },
        onError: (g, stage, error) => {
          throw new Error(`unexpected ${stage} error in ${g}: ${String(error)}`);
        },
      },
      { max_proposal_jobs: 6, max_evaluation_jobs: 2 },
    );
    await pipeline.run();
    expect(handed).toEqual([...Array(cap).keys()]);
    expect(stored.sort((a, b) => a - b)).toEqual(handed.filter((g) => g % 5 !== 3));
    expect(maxJobs).toBeLessThanOrEqual(6);
    expect(maxJobs).toBeGreaterThan(2);
    expect(maxEvaluating).toBe(2);
    expect(proposing).toBe(0);
  });

  it("with one proposal and one evaluation slot runs strictly in sequence", async () => {
    const events: string[] = [];
    let next = 0;
    const pipeline = new Pipeline<number>(
      {
        claim: () => (next < 4 ? next++ : null),
        propose: async (g) => {
          events.push(`p${g}`);
          await tick();
          return g;
        },
        evaluate: async (g) => {
          await tick();
          events.push(`e${g}`);
        },
        onError: () => {},
      },
      { max_proposal_jobs: 1, max_evaluation_jobs: 1 },
    );
    await pipeline.run();
    expect(events).toEqual(["p0", "e0", "p1", "e1", "p2", "e2", "p3", "e3"]);
  });

  it("stop() starts nothing new and drains the jobs in flight; errors are reported, not thrown", async () => {
    let next = 0;
    const gate = deferred();
    const errors: string[] = [];
    const stored: number[] = [];
    const pipeline = new Pipeline<number>(
      {
        claim: () => next++,
        propose: async (g) => {
          if (g === 1) throw new Error("LLM down");
          await gate.promise;
          return g;
        },
        evaluate: async (g) => {
          stored.push(g);
        },
        onError: (g, stage, error) => errors.push(`${g}:${stage}:${(error as Error).message}`),
      },
      { max_proposal_jobs: 3, max_evaluation_jobs: 3 },
    );
    const done = pipeline.run();
    await tick();
    pipeline.stop();
    gate.resolve();
    await done;
    expect(errors).toEqual(["1:propose:LLM down"]);
    // 0, 1, 2 were in flight when stopped; 3 was claimed as 1 failed only if the loop woke before stop.
    expect(next).toBeLessThanOrEqual(4);
    expect(stored.length).toBe(next - 1);
  });

  it("evaluates resumed candidates before claiming new IDs", async () => {
    const order: string[] = [];
    let next = 10;
    const pipeline = new Pipeline<string>(
      {
        claim: () => (next < 12 ? next++ : null),
        propose: async (g) => `new${g}`,
        evaluate: async (c) => {
          order.push(c);
        },
        onError: () => {},
      },
      { max_proposal_jobs: 1, max_evaluation_jobs: 1 },
    );
    await pipeline.run(["old7", "old9"]);
    expect(order).toEqual(["old7", "old9", "new10", "new11"]);
  });
});

describe("resolveEvolveConfig", () => {
  it("has the spec's defaults (§18)", () => {
    const config = resolveEvolveConfig();
    expect(config).toMatchObject({
      num_generations: 50,
      seed: 42,
      patch_type_probs: [0.6, 0.3, 0.1],
      max_patch_attempts: 1,
      max_patch_resamples: 3,
      max_novelty_attempts: 3,
      meta_rec_interval: 10,
      meta_max_recommendations: 5,
      code_embed_sim_threshold: 0.95,
      novelty_embed_scope: "mutable",
      use_text_feedback: false,
      max_api_costs: null,
      num_islands: 2,
      archive_size: 40,
      num_archive_inspirations: 1,
      num_top_k_inspirations: 1,
      migration_interval: 10,
      migration_rate: 0.1,
      parent_selection_strategy: "weighted",
      exploitation_alpha: 1.0,
      parent_selection_lambda: 10,
      num_beams: 5,
      elite_selection_ratio: 0.3,
      max_evaluation_jobs: 4,
      max_proposal_jobs: 6,
      max_db_workers: 2,
      cost_aware_coef: 0.5,
    });
  });

  it("layers later over earlier, accepts Shinka aliases, and names the bad key", () => {
    const config = resolveEvolveConfig({ num_generations: 7, seed: 1 }, { generations: 9, budget_usd: 2 });
    expect(config.num_generations).toBe(9);
    expect(config.max_api_costs).toBe(2);
    expect(config.seed).toBe(1);
    expect(() => resolveEvolveConfig({ patch_type_probs: [0.5, 0.3, 0.1] })).toThrow(/patch_type_probs: must sum to 1/);
    expect(() => resolveEvolveConfig({ num_generations: 0 })).toThrow(/num_generations/);
    expect(() => resolveEvolveConfig({ num_islandz: 3 })).toThrow(TypeError);
  });
});
