// The report's numbers and pictures: best-so-far curves, the lineage's best path, escaping, and
// the packing read back from an evaluator's extra.json.
import { describe, expect, it } from "vitest";
import { packingFromExtra } from "../../lib/evolve/best.js";
import { bestSoFar, lineageChart, renderReport, type ReportData, type ReportProgram } from "../../lib/evolve/report.js";

function program(id: string, generation: number, parent: string | null, score: number, correct = true, cost = 0): ReportProgram {
  return { id, generation, parent_id: parent, combined_score: score, correct, model_name: "m<1>", patch_type: "diff", api_costs: cost, evaluation: generation + 1 };
}

const programs = [
  program("a", 0, null, 0.9),
  program("b", 1, "a", 0.8, true, 0.5),
  program("c", 2, "a", 5, false, 0.25),
  program("d", 3, "b", 1.2, true, 0.25),
];

describe("report", () => {
  it("tracks the best correct score against evaluations and dollars", () => {
    expect(bestSoFar(programs)).toEqual([
      { evaluation: 1, cost: 0, best: 0.9 },
      { evaluation: 2, cost: 0.5, best: 0.9 },
      { evaluation: 3, cost: 0.75, best: 0.9 },
      { evaluation: 4, cost: 1, best: 1.2 },
    ]);
  });

  it("draws every program once and the best ancestry in red", () => {
    const svg = lineageChart(programs, "d");
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg.match(/<line [^>]*stroke="#c33"/g)).toHaveLength(2); // a->b, b->d
    expect(svg.match(/<line /g)).toHaveLength(3);
  });

  it("renders a self-contained page with escaped text", () => {
    const data: ReportData = {
      title: "run <x>",
      task: "t&t",
      results_dir: "/r",
      generated_at: "now",
      num_generations: 10,
      next_generation: 4,
      initial_score: 0.9,
      best: { id: "d", generation: 3, combined_score: 1.2 },
      programs,
      failures: [{ generation: 5, stage: "patch", error: "SEARCH <not> found" }],
      arms: [{ model: "m<1>", n_submitted: 3, n_completed: 3, probability: 1, total_cost_usd: 1, n_cost: 3 }],
      costs: [{ model: "m<1>", calls: 3, input_tokens: 10, output_tokens: 20, cost_usd: 1 }],
      total_cost_usd: 1,
      budget_usd: 2,
      embedding_model: "local-hashed-ngrams",
    };
    const html = renderReport(data);
    expect(html).toContain("run &lt;x&gt;");
    expect(html).toContain("SEARCH &lt;not&gt; found");
    expect(html).not.toContain("m<1>");
    expect(html).toContain("Best score against cost");
    expect(html).not.toMatch(/<script|<link|src=/);
  });

  it("reads flat or paired centres from extra.json and rejects anything else", () => {
    const flat = packingFromExtra({ centers: [0.25, 0.5, 0.75, 0.5], radii: [0.25, 0.25] });
    const paired = packingFromExtra({ centers: [[0.25, 0.5], [0.75, 0.5]], radii: [0.25, 0.25], width: 1, height: 1 });
    expect(Array.from(flat!.centers)).toEqual([0.25, 0.5, 0.75, 0.5]);
    expect(Array.from(paired!.centers)).toEqual([0.25, 0.5, 0.75, 0.5]);
    expect(packingFromExtra({ centers: [[0.25, 0.5]], radii: [0.25, 0.25] })).toBeUndefined();
    expect(packingFromExtra({ centers: [[0.25, null]], radii: [0.25] })).toBeUndefined();
    expect(packingFromExtra(null)).toBeUndefined();
  });
});
