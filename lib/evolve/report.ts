// The static HTML report of a run: one self-contained file (no scripts, no external assets) with
// inline SVG charts: best score against evaluations and against dollars, the lineage tree, the
// per-model bandit statistics and the costs. Rewritten during the run and at its end.

export interface ReportProgram {
  id: string;
  generation: number;
  parent_id: string | null;
  combined_score: number;
  correct: boolean;
  model_name: string;
  patch_type: string;
  api_costs: number;
  /** Order of completion (1-based), for the "against evaluations" charts. */
  evaluation: number;
}

export interface ReportArm {
  model: string;
  n_submitted: number;
  n_completed: number;
  probability: number;
  total_cost_usd: number;
  [extra: string]: number | string | null;
}

export interface ReportData {
  title: string;
  task: string;
  results_dir: string;
  generated_at: string;
  num_generations: number;
  next_generation: number;
  initial_score: number | null;
  best: { id: string; generation: number; combined_score: number } | null;
  programs: ReportProgram[];
  failures: { generation: number; stage: string; error: string }[];
  arms: ReportArm[];
  costs: { model: string; calls: number; input_tokens: number; output_tokens: number; cost_usd: number }[];
  total_cost_usd: number;
  budget_usd: number | null;
  embedding_model: string;
  /** The best packing's SVG, when the task draws one. */
  best_svg?: string;
  /** Hung evaluations and stalls detected during the run (§13). */
  health?: { kind: string; generation: number | null; at: number; message: string }[];
  /** Programs on the first two principal axes of their embeddings, with their k-means cluster. */
  embedding_map?: { points: EmbeddingPoint[]; explained_variance_ratio: number[] };
}

export interface EmbeddingPoint {
  x: number;
  y: number;
  cluster: number;
  combined_score: number;
  correct: boolean;
  generation: number;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const fmt = (v: number, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const FRAME: Frame = { width: 640, height: 280, left: 60, right: 16, top: 16, bottom: 36 };

function scale(lo: number, hi: number, from: number, to: number): (v: number) => number {
  const span = hi - lo || 1;
  return (v) => from + ((v - lo) / span) * (to - from);
}

function bounds(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function axes(frame: Frame, xLabel: string, yLabel: string, x: [number, number], y: [number, number]): string {
  const { width, height, left, right, top, bottom } = frame;
  const parts = [
    `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="none" stroke="#999"/>`,
    `<text x="${(left + width - right) / 2}" y="${height - 6}" text-anchor="middle" font-size="12">${escape(xLabel)}</text>`,
    `<text x="14" y="${(top + height - bottom) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${(top + height - bottom) / 2})">${escape(yLabel)}</text>`,
    `<text x="${left}" y="${height - bottom + 14}" font-size="10">${fmt(x[0], 2)}</text>`,
    `<text x="${width - right}" y="${height - bottom + 14}" font-size="10" text-anchor="end">${fmt(x[1], 2)}</text>`,
    `<text x="${left - 4}" y="${height - bottom}" font-size="10" text-anchor="end">${fmt(y[0], 3)}</text>`,
    `<text x="${left - 4}" y="${top + 10}" font-size="10" text-anchor="end">${fmt(y[1], 3)}</text>`,
  ];
  return parts.join("");
}

function svg(frame: Frame, body: string, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escape(label)}" width="${frame.width}" height="${frame.height}" viewBox="0 0 ${frame.width} ${frame.height}" font-family="sans-serif">${body}</svg>`;
}

/** Best correct score so far after each evaluation, and after each dollar (§15). */
export function bestSoFar(programs: ReportProgram[]): { evaluation: number; cost: number; best: number }[] {
  const ordered = [...programs].sort((a, b) => a.evaluation - b.evaluation);
  const out: { evaluation: number; cost: number; best: number }[] = [];
  let best = -Infinity;
  let cost = 0;
  for (const p of ordered) {
    cost += p.api_costs;
    if (p.correct && p.combined_score > best) best = p.combined_score;
    if (Number.isFinite(best)) out.push({ evaluation: p.evaluation, cost, best });
  }
  return out;
}

function stepPath(points: [number, number][]): string {
  if (points.length === 0) return "";
  let d = `M${fmt(points[0]![0], 1)},${fmt(points[0]![1], 1)}`;
  for (let i = 1; i < points.length; i++) d += `H${fmt(points[i]![0], 1)}V${fmt(points[i]![1], 1)}`;
  return d;
}

export function bestScoreChart(programs: ReportProgram[], against: "evaluations" | "cost" = "evaluations"): string {
  const curve = bestSoFar(programs);
  const scored = programs.filter((p) => p.correct);
  const xs = against === "evaluations" ? programs.map((p) => p.evaluation) : curve.map((c) => c.cost);
  const x = bounds([0, ...xs]);
  const y = bounds([...scored.map((p) => p.combined_score), ...curve.map((c) => c.best)]);
  const sx = scale(x[0], x[1], FRAME.left, FRAME.width - FRAME.right);
  const sy = scale(y[0], y[1], FRAME.height - FRAME.bottom, FRAME.top);
  const dots =
    against === "evaluations"
      ? programs
          .map((p) =>
            p.correct
              ? `<circle cx="${fmt(sx(p.evaluation), 1)}" cy="${fmt(sy(p.combined_score), 1)}" r="2.5" fill="#7aa6d8"><title>gen ${p.generation}: ${fmt(p.combined_score)}</title></circle>`
              : `<circle cx="${fmt(sx(p.evaluation), 1)}" cy="${fmt(FRAME.height - FRAME.bottom - 3, 1)}" r="2" fill="#d88"><title>gen ${p.generation}: incorrect</title></circle>`,
          )
          .join("")
      : "";
  const line = stepPath(curve.map((c) => [sx(against === "evaluations" ? c.evaluation : c.cost), sy(c.best)]));
  const xLabel = against === "evaluations" ? "evaluations" : "cumulative LLM cost (USD)";
  return svg(
    FRAME,
    axes(FRAME, xLabel, "combined_score", x, y) + dots + (line ? `<path d="${line}" fill="none" stroke="#c33" stroke-width="2"/>` : ""),
    `best score against ${xLabel}`,
  );
}

/** Ids on the path from the initial program to `id`. */
function ancestry(programs: ReportProgram[], id: string | undefined): Set<string> {
  const byId = new Map(programs.map((p) => [p.id, p]));
  const path = new Set<string>();
  let current = id ? byId.get(id) : undefined;
  while (current && !path.has(current.id)) {
    path.add(current.id);
    current = current.parent_id ? byId.get(current.parent_id) : undefined;
  }
  return path;
}

/** Every program at (generation, score), joined to its parent; the best program's ancestry in red. */
export function lineageChart(programs: ReportProgram[], bestId?: string): string {
  const frame = { ...FRAME, height: 360 };
  const x = bounds([0, ...programs.map((p) => p.generation)]);
  const y = bounds(programs.filter((p) => p.correct).map((p) => p.combined_score));
  const sx = scale(x[0], x[1], frame.left, frame.width - frame.right);
  const sy = scale(y[0], y[1], frame.height - frame.bottom, frame.top);
  const yOf = (p: ReportProgram) => (p.correct ? sy(p.combined_score) : frame.height - frame.bottom - 3);
  const byId = new Map(programs.map((p) => [p.id, p]));
  const best = ancestry(programs, bestId);
  const edges: string[] = [];
  const nodes: string[] = [];
  for (const p of programs) {
    const parent = p.parent_id ? byId.get(p.parent_id) : undefined;
    if (parent) {
      const onPath = best.has(p.id) && best.has(parent.id);
      edges.push(
        `<line x1="${fmt(sx(parent.generation), 1)}" y1="${fmt(yOf(parent), 1)}" x2="${fmt(sx(p.generation), 1)}" y2="${fmt(yOf(p), 1)}" stroke="${onPath ? "#c33" : "#bbb"}" stroke-width="${onPath ? 2 : 0.7}"/>`,
      );
    }
    const fill = best.has(p.id) ? "#c33" : p.correct ? "#3a6ea5" : "#d88";
    nodes.push(
      `<circle cx="${fmt(sx(p.generation), 1)}" cy="${fmt(yOf(p), 1)}" r="3" fill="${fill}"><title>gen ${p.generation} (${escape(p.patch_type)}, ${escape(p.model_name)}): ${p.correct ? fmt(p.combined_score) : "incorrect"}</title></circle>`,
    );
  }
  return svg(frame, axes(frame, "generation", "combined_score", x, y) + edges.join("") + nodes.join(""), "lineage tree");
}

const CLUSTER_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** Blue (low) to red (high) for a score within [lo, hi]. */
function scoreColour(score: number, lo: number, hi: number): string {
  const t = hi > lo ? Math.min(1, Math.max(0, (score - lo) / (hi - lo))) : 1;
  return `rgb(${Math.round(40 + 200 * t)},${Math.round(80 + 40 * (1 - Math.abs(2 * t - 1)))},${Math.round(220 - 180 * t)})`;
}

/** The embedding map (PCA 2-D) coloured by k-means cluster or by score; incorrect programs hollow. */
export function embeddingScatter(points: EmbeddingPoint[], colourBy: "cluster" | "score"): string {
  const frame = { ...FRAME, width: 460, height: 320 };
  const x = bounds(points.map((p) => p.x));
  const y = bounds(points.map((p) => p.y));
  const sx = scale(x[0], x[1], frame.left, frame.width - frame.right);
  const sy = scale(y[0], y[1], frame.height - frame.bottom, frame.top);
  const scores = points.filter((p) => p.correct).map((p) => p.combined_score);
  const [lo, hi] = scores.length ? [Math.min(...scores), Math.max(...scores)] : [0, 1];
  const dots = points.map((p) => {
    const colour = colourBy === "cluster" ? CLUSTER_COLOURS[p.cluster % CLUSTER_COLOURS.length]! : p.correct ? scoreColour(p.combined_score, lo, hi) : "#999";
    const paint = p.correct ? `fill="${colour}"` : `fill="none" stroke="${colour}"`;
    return `<circle cx="${fmt(sx(p.x), 1)}" cy="${fmt(sy(p.y), 1)}" r="3" ${paint}><title>gen ${p.generation}, cluster ${p.cluster}: ${p.correct ? fmt(p.combined_score) : "incorrect"}</title></circle>`;
  });
  return svg(frame, axes(frame, "PC 1", "PC 2", x, y) + dots.join(""), `embedding map coloured by ${colourBy}`);
}

/** One bar per model: how often it was chosen, with its current selection probability. */
export function banditChart(arms: ReportArm[]): string {
  const row = 26;
  const frame = { ...FRAME, height: Math.max(60, 30 + row * arms.length), left: 170 };
  const most = Math.max(1, ...arms.map((a) => a.n_submitted));
  const width = frame.width - frame.left - frame.right;
  const bars = arms.map((arm, i) => {
    const y = 10 + i * row;
    const w = (arm.n_submitted / most) * width;
    return (
      `<text x="${frame.left - 6}" y="${y + 14}" text-anchor="end" font-size="12">${escape(arm.model)}</text>` +
      `<rect x="${frame.left}" y="${y}" width="${fmt(w, 1)}" height="18" fill="#7aa6d8"/>` +
      `<text x="${frame.left + w + 4}" y="${y + 14}" font-size="11">${arm.n_submitted} chosen, p=${fmt(arm.probability, 3)}</text>`
    );
  });
  return svg(frame, bars.join(""), "per-model bandit statistics");
}

function table(headers: string[], rows: (string | number)[][]): string {
  const head = headers.map((h) => `<th>${escape(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escape(String(c))}</td>`).join("")}</tr>`).join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderReport(data: ReportData): string {
  const evaluations = data.programs.length;
  const valid = data.programs.filter((p) => p.correct).length;
  const armKeys = [...new Set(data.arms.flatMap((a) => Object.keys(a)))].filter((k) => k !== "model");
  const summary = table(
    ["task", "evaluations", "correct", "failed proposals", "generations handed out", "initial score", "best score", "best generation", "LLM cost (USD)", "embedding model"],
    [
      [
        data.task,
        evaluations,
        valid,
        data.failures.length,
        `${data.next_generation} / ${data.num_generations}`,
        data.initial_score === null ? "-" : fmt(data.initial_score, 6),
        data.best ? fmt(data.best.combined_score, 6) : "-",
        data.best ? data.best.generation : "-",
        `${fmt(data.total_cost_usd, 4)}${data.budget_usd === null ? "" : ` of ${fmt(data.budget_usd, 2)}`}`,
        data.embedding_model,
      ],
    ],
  );
  const failures = data.failures
    .slice(-30)
    .map((f) => [f.generation, f.stage, f.error.split("\n")[0]!.slice(0, 160)]);
  const sections = [
    `<h1>${escape(data.title)}</h1>`,
    `<p>${escape(data.results_dir)} &middot; written ${escape(data.generated_at)}</p>`,
    summary,
    `<h2>Best score against evaluations</h2>${bestScoreChart(data.programs)}`,
    data.total_cost_usd > 0 ? `<h2>Best score against cost</h2>${bestScoreChart(data.programs, "cost")}` : "",
    data.best_svg ? `<h2>Best packing (generation ${data.best?.generation})</h2>${data.best_svg}` : "",
    `<h2>Lineage tree</h2><p>Each dot is a program at its generation and score (incorrect ones along the bottom); red marks the best program's ancestry.</p>${lineageChart(data.programs, data.best?.id)}`,
    data.embedding_map && data.embedding_map.points.length > 1
      ? `<h2>Embedding map</h2><p>Programs on the first two principal axes of their code embeddings (${escape(data.embedding_model)}; ${data.embedding_map.explained_variance_ratio
          .slice(0, 2)
          .map((r) => `${fmt(100 * r, 1)}%`)
          .join(" + ")} of the variance), coloured by k-means cluster (left) and by score (right, blue low, red high); hollow: incorrect.</p><div style="display:flex;gap:8px">${embeddingScatter(data.embedding_map.points, "cluster")}${embeddingScatter(data.embedding_map.points, "score")}</div>`
      : "",
    data.health?.length
      ? `<h2>Health</h2><p>Evaluations still running past their timeout and kill grace, and stretches with no progress (stall_timeout_s).</p>${table(
          ["detected (UTC)", "kind", "generation", "details"],
          data.health.slice(-30).map((h) => [new Date(h.at * 1000).toISOString(), h.kind, h.generation ?? "-", h.message]),
        )}`
      : "",
    `<h2>Models (bandit)</h2>${banditChart(data.arms)}${table(["model", ...armKeys], data.arms.map((a) => [a.model, ...armKeys.map((k) => (typeof a[k] === "number" ? fmt(a[k] as number, 4) : String(a[k] ?? "-")))]))}`,
    `<h2>Costs</h2>${table(
      ["model", "calls", "input tokens", "output tokens", "cost (USD)"],
      data.costs.map((c) => [c.model, c.calls, c.input_tokens, c.output_tokens, fmt(c.cost_usd, 6)]),
    )}`,
    failures.length ? `<h2>Failed proposals (last ${failures.length})</h2>${table(["generation", "stage", "error"], failures)}` : "",
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(data.title)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:960px}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;font-size:13px;text-align:left}svg{display:block;margin:.5em 0}</style>
</head><body>
${sections.filter(Boolean).join("\n")}
</body></html>
`;
}
