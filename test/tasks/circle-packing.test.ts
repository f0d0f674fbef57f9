// The circle-packing task (evolve.md section 17, behaviour cases 36-40): the trusted verdict's checks
// in order, both tolerances, and candidates run in the sandbox that crash, hang, lie or tamper.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateCandidate } from "../../lib/evolve/evaluate.js";
import { loadTask } from "../../lib/evolve/task.js";
import { judgePacking, type PackingVariant } from "../../lib/tasks/index.js";

const pair: PackingVariant = {
  name: "two",
  n: 2,
  container: "unit-square",
  best_known: 1,
  best_known_source: "test",
  initial_program: "none",
};

describe("judgePacking: the checks in order, each with its own error (case 36)", () => {
  const centers = Array.from({ length: 26 }, (_, i) => [0.05 + (i % 5) * 0.2, 0.05 + Math.floor(i / 5) * 0.17]);
  const radii = Array.from({ length: 26 }, () => 0.01);
  const variant26: PackingVariant = { ...pair, name: "circle-packing", n: 26 };

  it("accepts a valid packing and sums it natively", async () => {
    const verdict = await judgePacking({ centers, radii, reported_sum: 0.26 }, variant26);
    expect(verdict.error).toBeNull();
    expect(verdict.correct).toBe(true);
    expect(verdict.combined_score).toBeCloseTo(0.26, 12);
  });
  it("rejects centers of shape (25, 2)", async () => {
    const verdict = await judgePacking({ centers: centers.slice(1), radii, reported_sum: 0.26 }, variant26);
    expect(verdict.error).toBe("centers has shape (25, 2), expected (26, 2)");
    expect(verdict.combined_score).toBe(0);
  });
  it("rejects a NaN", async () => {
    const bad = centers.map((c, i) => (i === 3 ? [c[0], "NaN"] : c));
    const verdict = await judgePacking({ centers: bad, radii, reported_sum: 0.26 }, variant26);
    expect(verdict.error).toBe("centers[3][1] is not finite");
  });
  it("rejects negative radii, listing them", async () => {
    const bad = radii.map((r, i) => (i === 4 || i === 9 ? -r : r));
    const verdict = await judgePacking({ centers, radii: bad, reported_sum: 0.22 }, variant26);
    expect(verdict.error).toBe("negative radii at indices 4, 9");
  });
  it("rejects a reported sum off by 1e-3", async () => {
    const verdict = await judgePacking({ centers, radii, reported_sum: 0.261 }, variant26);
    expect(verdict.error).toMatch(/^reported sum 0.261 does not match the sum of the radii 0.26/);
  });
  it("accepts interleaved centres [x0, y0, x1, ...] as tansaku's tools return them", async () => {
    const verdict = await judgePacking({ centers: centers.flat(), radii, reported_sum: 0.26 }, variant26);
    expect(verdict.correct).toBe(true);
  });
});

describe("judgePacking: tolerances (case 37)", () => {
  const packing = (excess: number) => ({
    centers: [
      [0.25, 0.25],
      [0.75, 0.25],
    ],
    radii: [0.25 + excess, 0.25],
    reported_sum: 0.5 + excess,
  });
  it("exact wall and pair contact is valid at atol 0", async () => {
    const verdict = await judgePacking(packing(0), pair);
    expect(verdict.correct).toBe(true);
    expect(verdict.public).toMatchObject({ valid_strict: true, valid_relaxed: true });
    expect(verdict.combined_score).toBe(0.5);
  });
  it("an excess of 5e-7 is invalid strictly and valid at 1e-6; the relaxed mode scores it", async () => {
    const strict = await judgePacking(packing(5e-7), pair);
    expect(strict.correct).toBe(false);
    expect(strict.combined_score).toBe(0);
    expect(strict.public).toMatchObject({ valid_strict: false, valid_relaxed: true });
    expect(strict.private).toMatchObject({ sum_strict: 0, sum_relaxed: expect.closeTo(0.5 + 5e-7, 15) });
    expect(strict.error).toMatch(/crosses the (left|bottom) wall.*valid at the 1e-6 tolerance/);
    const relaxed = await judgePacking(packing(5e-7), pair, "relaxed");
    expect(relaxed.correct).toBe(true);
    expect(relaxed.combined_score).toBeCloseTo(0.5 + 5e-7, 15);
  });
  it("an excess of 2e-6 is invalid in both", async () => {
    const verdict = await judgePacking(packing(2e-6), pair, "relaxed");
    expect(verdict.correct).toBe(false);
    expect(verdict.public).toMatchObject({ valid_strict: false, valid_relaxed: false });
  });
  it("names an overlapping pair with its distance and radii", async () => {
    const verdict = await judgePacking(
      {
        centers: [
          [0.3, 0.5],
          [0.6, 0.5],
        ],
        radii: [0.2, 0.2],
        reported_sum: 0.4,
      },
      pair,
    );
    expect(verdict.error).toMatch(/^circles 0 and 1 overlap: distance 0\.3\d* < r_0 \+ r_1 = 0\.4/);
  });
});

describe("judgePacking: the rectangle of perimeter 4", () => {
  const rect: PackingVariant = { ...pair, name: "rect", container: "rectangle-perimeter-4" };
  it("validates in the candidate's w x (2 - w) box", async () => {
    const verdict = await judgePacking(
      {
        centers: [
          [0.25, 0.25],
          [0.75, 0.25],
        ],
        radii: [0.25, 0.25],
        reported_sum: 0.5,
        width: 1.5,
      },
      rect,
    );
    expect(verdict.correct).toBe(true);
    expect(verdict.public).toMatchObject({ width: 1.5, height: 0.5 });
    const tall = await judgePacking({ centers: [[0.25, 0.25], [0.25, 0.75]], radii: [0.25, 0.25], reported_sum: 0.5, width: 1.5 }, rect);
    expect(tall.correct).toBe(false);
    expect(tall.error).toMatch(/circle 1 .* crosses the top wall/);
  });
  it("requires a width in (0, 2)", async () => {
    const base = { centers: [[0.25, 0.25], [0.75, 0.25]], radii: [0.25, 0.25], reported_sum: 0.5 };
    expect((await judgePacking(base, rect)).error).toMatch(/width is missing/);
    expect((await judgePacking({ ...base, width: 2 }, rect)).error).toBe("width must be a finite number in (0, 2), got 2");
  });
});

describe("candidates run in the sandbox, judged in the parent", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "tansaku-circle-packing-test-"));
    chmodSync(root, 0o755);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let counter = 0;
  async function evaluate(code: string, name = "circle-packing", timeout_ms?: number) {
    const task = await loadTask(name);
    const dir = join(root, `gen_${counter++}`);
    mkdirSync(dir, { recursive: true });
    const program_path = join(dir, "main.mjs");
    writeFileSync(program_path, code);
    const results_dir = join(dir, "results");
    const result = await evaluateCandidate({ task, program_path, results_dir, timeout_ms });
    return { result, results_dir };
  }
  const seedCode = async (name = "circle-packing") => readFileSync((await loadTask(name)).initial_program_path, "utf8");

  it("scores the shipped seed 0.9597642169962064, valid in both modes (case 38)", async () => {
    const code = await seedCode();
    expect(code).toContain("// EVOLVE-BLOCK-START");
    expect(code).toContain("// EVOLVE-BLOCK-END");
    const { result, results_dir } = await evaluate(code);
    expect(result.error).toBeUndefined();
    expect(result.correct).toBe(true);
    expect(result.combined_score).toBe(0.9597642169962064);
    expect(result.public).toMatchObject({ num_circles: 26, valid_strict: true, valid_relaxed: true });
    expect(result.private).toMatchObject({ verified_sum: 0.9597642169962064, sum_strict: 0.9597642169962064 });
    expect(JSON.parse(readFileSync(join(results_dir, "extra.json"), "utf8")).radii).toHaveLength(26);
  });

  it("gives the candidate tansaku's packing tools: LP radii for the seed's centres beat the seed", async () => {
    const code = (await seedCode()).replace(
      "return { centers: placed, radii: compute_max_radii(placed) };",
      "const { radii } = await tools.optimalRadii(Float64Array.from(placed.flat()), n);\n  return { centers: placed, radii: Array.from(radii) };",
    );
    const { result } = await evaluate(code);
    expect(result.error).toBeUndefined();
    expect(result.correct).toBe(true);
    expect(result.combined_score).toBeGreaterThan(0.9597642169962064 + 0.1);
  });

  it("evaluates the n = 32 and rectangle-21 seeds", async () => {
    for (const name of ["circle-packing-32", "circle-packing-rect-21"]) {
      const { result } = await evaluate(await seedCode(name), name);
      expect(result.error).toBeUndefined();
      expect(result.correct).toBe(true);
      expect(result.combined_score).toBeGreaterThan(1);
      expect(result.public.num_circles).toBe(name === "circle-packing-32" ? 32 : 21);
    }
  });

  it("does not believe a candidate that monkeypatches Math and the tools to hide overlaps (case 40)", async () => {
    const code = `
Math.sqrt = () => 10;
export async function run_packing(tools) {
  tools.numpySum = () => 100;
  const centers = Array.from({ length: 26 }, () => [0.5, 0.5]);
  const radii = Array.from({ length: 26 }, () => 0.1);
  return [centers, radii, 2.6];
}`;
    const { result } = await evaluate(code);
    expect(result.correct).toBe(false);
    expect(result.combined_score).toBe(0);
    expect(result.error).toMatch(/^circles 0 and 1 overlap/);
    expect(result.private).toMatchObject({ reported_sum_of_radii: 2.6, verified_sum: expect.closeTo(2.6, 12) });
  });

  it("rejects an inflated reported sum (case 40)", async () => {
    const code = (await seedCode()).replace("return [centers, radii, tools.numpySum(radii)];", "return [centers, radii, 2.7];");
    const { result } = await evaluate(code);
    expect(result.correct).toBe(false);
    expect(result.error).toMatch(/^reported sum 2.7 does not match/);
  });

  it("cannot forge the verdict by writing metrics.json itself", async () => {
    const code = `
import { writeFileSync } from "node:fs";
export async function run_packing(tools) {
  for (const path of ["../metrics.json", "../correct.json"]) {
    try { writeFileSync(path, path.includes("metrics") ? '{"combined_score": 99}' : '{"correct": true, "error": null}'); } catch {}
  }
  return [[[0.5, 0.5]], [0.5], 0.5];
}`;
    const { result } = await evaluate(code);
    expect(result.combined_score).toBe(0);
    expect(result.correct).toBe(false);
    expect(result.error).toBe("centers has shape (1, 2), expected (26, 2)");
    expect(result.text_feedback).toBe("centers has shape (1, 2), expected (26, 2)");
  });

  it("reports a crash with the program's own error", async () => {
    const { result } = await evaluate("export async function run_packing() { throw new Error('no packing today'); }");
    expect(result.correct).toBe(false);
    expect(result.error).toMatch(/the program failed \(exit code 1\)/);
    expect(result.error).toContain("no packing today");
  });

  it("reports a program without run_packing", async () => {
    const { result } = await evaluate("export const nothing = 1;");
    expect(result.correct).toBe(false);
    expect(result.error).toContain("does not export a function run_packing");
  });

  it("stops a program that never returns", async () => {
    const { result } = await evaluate("export async function run_packing() { for (;;) {} }", "circle-packing", 1500);
    expect(result.correct).toBe(false);
    expect(result.timed_out).toBe(true);
    expect(result.error).toBe("timeout after 2 s");
  });
});
