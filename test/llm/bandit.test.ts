// AsymmetricUCB (spec §9, behaviour case 28) against values computed by hand from the formulas.
import { describe, expect, it } from "vitest";
import { Random } from "../../lib/random.js";
import { AsymmetricUCB, createSampler, FixedWeightsSampler, samplerFromJSON } from "../../lib/llm/index.js";

const LN95 = Math.log(0.95);

function pulled(models: string[], counts: number[], options = {}): AsymmetricUCB {
  const bandit = new AsymmetricUCB(models, options);
  models.forEach((m, i) => {
    for (let k = 0; k < counts[i]!; k++) bandit.updateSubmitted(m);
  });
  return bandit;
}

describe("AsymmetricUCB selection", () => {
  it("is uniform with no pulls, then uniform over the unseen arms only", () => {
    const bandit = new AsymmetricUCB(["a", "b", "c"]);
    expect(bandit.posterior()).toEqual([1 / 3, 1 / 3, 1 / 3]);
    bandit.updateSubmitted("a");
    expect(bandit.posterior()).toEqual([0, 0.5, 0.5]);
    const rng = new Random(1);
    const picks = new Set([bandit.select(rng), bandit.select(rng)]);
    expect(picks).toEqual(new Set(["b", "c"]));
    expect(bandit.posterior()).toEqual([1 / 3, 1 / 3, 1 / 3]); // all pulled once, no rewards: all tied
  });

  it("4 arms, one winner -> 0.8 and 0.0667 x 3, with the hand-computed state", () => {
    const bandit = pulled(["a", "b", "c", "d"], [1, 1, 1, 1]);
    bandit.update("a", 1.0, 0.5); // r = 1.0 - max(0.5, baseline 0) = 0.5
    // s_a = log(expm1(0.5)) = -0.4327898, decayed: s + ln 0.95 - log1p(0.05 * expm1(0.5)) = -0.5159665.
    // obs_max = max(decayed obs_max, mean_log_a = s_a - ln 0.95) = -0.4646732, so m_a = 1, others 0.
    const stats = bandit.stats();
    expect(stats[0]!.decayed_count).toBeCloseTo(0.95, 15);
    expect(stats[0]!.mean_log_reward).toBeCloseTo(-0.515966543953384 - LN95, 12);
    expect(stats[0]!.normalised_mean).toBeCloseTo(1, 12);
    expect(stats[1]!.normalised_mean).toBe(0);
    // Exploration: sqrt(2 ln 4 / 1) = 1.6651092.
    expect(stats[0]!.score).toBeCloseTo(2.6651092223153956, 12);
    expect(stats[1]!.score).toBeCloseTo(1.6651092223153954, 12);
    const p = bandit.posterior();
    expect(p[0]).toBeCloseTo(0.8, 15);
    for (const q of p.slice(1)) expect(q).toBeCloseTo(0.2 / 3, 15);
  });

  it("a child at or below max(parent, baseline) contributes nothing", () => {
    const bandit = pulled(["a", "b"], [1, 1]);
    bandit.setBaseline(0.7);
    bandit.update("a", 0.6, 0.9); // below the parent
    bandit.update("b", 0.69, null); // below the baseline
    for (const arm of bandit.stats()) expect(arm.mean_log_reward).toBeNull();
    expect(bandit.posterior()).toEqual([0.5, 0.5]);
  });

  it("an incorrect child gives zero contribution, counts as completed, and leaves obs_max alone", () => {
    const bandit = pulled(["a", "b"], [1, 1]);
    bandit.update("b", null, 0.5);
    const [a, b] = bandit.stats();
    expect(b!.n_completed).toBe(1);
    expect(b!.decayed_count).toBeCloseTo(0.95, 15);
    expect(b!.mean_log_reward).toBeNull();
    expect(a!.n_completed).toBe(0);
    expect((bandit.toJSON() as { obs_max: unknown }).obs_max).toBe("-Infinity");
  });

  it("after an update every arm's decayed count is multiplied by 0.95", () => {
    const bandit = pulled(["a", "b", "c"], [2, 2, 2]);
    bandit.update("a", 1, 0);
    bandit.update("b", 1, 0);
    const before = bandit.stats().map((s) => s.decayed_count as number);
    expect(before).toEqual([0.95 * 0.95, 0.95, 0]);
    bandit.update("c", 0.5, 0);
    const after = bandit.stats().map((s) => s.decayed_count as number);
    expect(after[0]).toBeCloseTo(before[0]! * 0.95, 15);
    expect(after[1]).toBeCloseTo(before[1]! * 0.95, 15);
    expect(after[2]).toBeCloseTo(0.95, 15);
  });

  it("the cost blend matches hand-computed scores (3 arms, median cost reference)", () => {
    const bandit = pulled(["a", "b", "c"], [2, 1, 1]);
    bandit.setBaseline(0.2);
    bandit.update("a", 0.8, 0.5, 0.03); // r = 0.3
    bandit.update("b", 0.4, null, 0.01); // r = 0.2
    bandit.update("c", null, 0.5, 0.05); // incorrect
    // t = 4, num = 2 ln 4; cost range 0.04; bonus = 0.1 * 0.04 * sqrt(num) = 0.0066604;
    // denominators 0.0233396, 0.0033396, 0.0433396; reference = median(0.03, 0.01, 0.05) = 0.03;
    // q = ratio / max ratio = 0.1430859, 1, 0.0770558; score = 0.5 raw + 0.5 q.
    const scores = bandit.stats().map((s) => s.score as number);
    expect(scores[0]).toBeCloseTo(1.1602479766271685, 12);
    expect(scores[1]).toBeCloseTo(1.6577409719666139, 12);
    expect(scores[2]).toBeCloseTo(0.8710824927402299, 12);
    expect(bandit.posterior()).toEqual([0.1, 0.8, 0.1]);
  });

  it("cost_aware_coef 0 vs 1 picks different winners for a cheap weak arm and a costly strong one", () => {
    const winner = (k: number) => {
      const bandit = pulled(["costly", "cheap"], [1, 1], { cost_aware_coef: k });
      bandit.update("costly", 1.0, 0, 1.0);
      bandit.update("cheap", 0.1, 0, 0.01);
      const p = bandit.probabilities();
      return p.costly! > p.cheap! ? "costly" : "cheap";
    };
    expect(winner(0)).toBe("costly");
    expect(winner(1)).toBe("cheap");
  });

  it("select() follows the probabilities and counts the pick as submitted", () => {
    const bandit = pulled(["a", "b", "c", "d"], [1, 1, 1, 1]);
    bandit.update("a", 1.0, 0.5);
    const rng = new Random(42);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
    for (let i = 0; i < 2000; i++) {
      const probs = bandit.posterior();
      const before = bandit.stats().map((s) => s.n_submitted);
      const pick = bandit.select(rng);
      counts[pick]! += 1;
      const index = ["a", "b", "c", "d"].indexOf(pick);
      expect(bandit.stats()[index]!.n_submitted).toBe(before[index]! + 1);
      expect(probs[index]).toBeGreaterThan(0);
    }
    expect(counts.a! / 2000).toBeGreaterThan(0.5); // a stays the winner for most picks
  });

  it("batch allocation gives each unseen arm a virtual pull first", () => {
    const bandit = pulled(["a", "b", "c"], [3, 0, 0]);
    bandit.update("a", 1, 0);
    expect(bandit.allocation(2, new Random(0))).toEqual([0, 0.5, 0.5]);
    const many = bandit.allocation(10, new Random(0));
    expect(many.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(many[1]).toBeGreaterThanOrEqual(0.1);
    expect(many[2]).toBeGreaterThanOrEqual(0.1);
  });

  it("rejects bad options and unknown models", () => {
    expect(() => new AsymmetricUCB([])).toThrow(RangeError);
    expect(() => new AsymmetricUCB(["a", "a"])).toThrow(/unique/);
    expect(() => new AsymmetricUCB(["a"], { epsilon: 2 })).toThrow(/epsilon/);
    expect(() => new AsymmetricUCB(["a"], { auto_decay: 0 })).toThrow(/auto_decay/);
    expect(() => new AsymmetricUCB(["a"]).update("z", 1, 0)).toThrow(/unknown model "z"/);
    expect(() => new AsymmetricUCB(["a"]).update("a", Number.NaN, 0)).toThrow(RangeError);
  });
});

describe("sampler persistence", () => {
  it("AsymmetricUCB round-trips through JSON text, -Infinity included, and keeps selecting identically", () => {
    const bandit = pulled(["a", "b", "c"], [2, 1, 1]);
    bandit.setBaseline(0.2);
    bandit.update("a", 0.8, 0.5, 0.03);
    bandit.update("c", null, 0.5, 0.05);
    const text = JSON.stringify(bandit.toJSON());
    expect(text).toContain('"-Infinity"');
    const restored = samplerFromJSON(JSON.parse(text));
    expect(restored.toJSON()).toEqual(bandit.toJSON());
    expect(restored.stats()).toEqual(bandit.stats());
    const r1 = new Random(5);
    const r2 = new Random(5);
    for (let i = 0; i < 20; i++) {
      const x = bandit.select(r1);
      expect(restored.select(r2)).toBe(x);
      bandit.update(x, 0.3 + i / 100, 0.25);
      restored.update(x, 0.3 + i / 100, 0.25);
    }
    expect(restored.toJSON()).toEqual(bandit.toJSON());
  });

  it("reordering, adding or removing models keeps each arm's state by name", () => {
    const bandit = pulled(["a", "b", "c"], [2, 1, 1]);
    bandit.update("a", 0.8, 0.5, 0.03);
    bandit.update("b", 0.4, 0, 0.01);
    const saved = bandit.toJSON();
    const moved = AsymmetricUCB.fromJSON(saved, ["new", "b", "a"]);
    const byModel = Object.fromEntries(moved.stats().map((s) => [s.model, s]));
    const old = Object.fromEntries(bandit.stats().map((s) => [s.model, s]));
    for (const key of ["n_submitted", "n_completed", "decayed_count", "mean_log_reward", "total_cost_usd"]) {
      expect(byModel.a![key]).toEqual(old.a![key]);
      expect(byModel.b![key]).toEqual(old.b![key]);
    }
    expect(byModel.new).toMatchObject({ n_submitted: 0, n_completed: 0, mean_log_reward: null });
    expect(moved.models).toEqual(["new", "b", "a"]);
    expect(moved.posterior()).toEqual([1, 0, 0]); // the new arm is unseen, so it goes first
  });

  it("bad state is a TypeError", () => {
    expect(() => samplerFromJSON({ type: "thompson" })).toThrow(TypeError);
    expect(() => samplerFromJSON({ ...new AsymmetricUCB(["a"]).toJSON(), obs_max: "NaN" })).toThrow(/obs_max/);
  });
});

describe("FixedWeightsSampler", () => {
  it("samples in proportion to its weights and never learns", () => {
    const sampler = new FixedWeightsSampler(["a", "b"], { a: 3, b: 1 });
    expect(sampler.probabilities()).toEqual({ a: 0.75, b: 0.25 });
    const rng = new Random(3);
    let a = 0;
    for (let i = 0; i < 4000; i++) if (sampler.select(rng) === "a") a++;
    expect(a / 4000).toBeGreaterThan(0.72);
    expect(a / 4000).toBeLessThan(0.78);
    sampler.update("b", 100, 0, 0.5);
    expect(sampler.probabilities()).toEqual({ a: 0.75, b: 0.25 });
    expect(sampler.stats()[1]).toMatchObject({ n_completed: 1, n_cost: 1, total_cost_usd: 0.5 });
  });

  it("round-trips and realigns by name", () => {
    const sampler = createSampler("fixed", ["a", "b"], { weights: [1, 3] });
    sampler.select(new Random(1));
    const restored = samplerFromJSON(JSON.parse(JSON.stringify(sampler.toJSON())));
    expect(restored.toJSON()).toEqual(sampler.toJSON());
    const realigned = samplerFromJSON(sampler.toJSON(), ["b", "c"]);
    // b keeps weight 0.75; c gets the mean kept weight (0.75); renormalised -> 0.5 / 0.5.
    expect(realigned.probabilities()).toEqual({ b: 0.5, c: 0.5 });
    expect(createSampler(null, ["x", "y"]).probabilities()).toEqual({ x: 0.5, y: 0.5 });
    expect(createSampler("ucb", ["x"]).kind).toBe("asymmetric_ucb");
    expect(() => new FixedWeightsSampler(["a"], [0])).toThrow(/zero/);
  });
});
