// Gathers what the HTML report shows from a run's store, sampler, costs and failure files.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { EmbeddingPoint, ReportArm, ReportData, ReportProgram } from "./report.js";
import type { RunnerParts } from "./runner.js";

function failures(parts: Pick<RunnerParts, "results">): ReportData["failures"] {
  const out: ReportData["failures"] = [];
  const { results } = parts;
  if (!existsSync(results.root)) return out;
  for (const entry of readdirSync(results.root)) {
    const match = /^gen_(\d+)$/.exec(entry);
    if (!match) continue;
    const file = results.failureFile(Number(match[1]));
    if (!existsSync(file)) continue;
    try {
      const data = JSON.parse(readFileSync(file, "utf8")) as { stage?: unknown; error?: unknown };
      out.push({ generation: Number(match[1]), stage: String(data.stage ?? "?"), error: String(data.error ?? "") });
    } catch {
      out.push({ generation: Number(match[1]), stage: "?", error: "unreadable failure.json" });
    }
  }
  return out.sort((a, b) => a.generation - b.generation);
}

export function buildReportData(
  parts: Pick<RunnerParts, "task" | "config" | "results" | "store" | "sampler" | "costs" | "embedder">,
  extra: { best_svg?: string; next_generation: number },
): ReportData {
  const { store, sampler, costs, config, task, results } = parts;
  const stored = store.all().filter((p) => !p.metadata._is_island_copy);
  // Completion order: the timestamp at storage (generation IDs finish out of order in parallel).
  const ordered = [...stored].sort((a, b) => a.timestamp - b.timestamp || a.generation - b.generation);
  const programs: ReportProgram[] = ordered.map((p, i) => ({
    id: p.id,
    generation: p.generation,
    parent_id: p.parent_id,
    combined_score: p.combined_score,
    correct: p.correct,
    model_name: String(p.metadata.model_name ?? "?"),
    patch_type: String(p.metadata.patch_type ?? "?"),
    api_costs: Number(p.metadata.api_costs ?? 0) || 0,
    evaluation: i + 1,
  }));
  // Island copies point at the original; the lineage shows the original only.
  const copies = new Map(
    store
      .all()
      .filter((p) => p.metadata._is_island_copy)
      .map((p) => [p.id, String(p.metadata._original_program_id ?? "")]),
  );
  for (const p of programs) if (p.parent_id && copies.has(p.parent_id)) p.parent_id = copies.get(p.parent_id) || null;
  const best = store.best();
  const byModel = costs.by_model();
  const points: EmbeddingPoint[] = ordered
    .filter((p) => Array.isArray(p.embedding_pca_2d) && p.embedding_pca_2d.length >= 2 && p.embedding_cluster_id !== null && p.embedding_cluster_id !== undefined)
    .map((p) => ({
      x: p.embedding_pca_2d![0]!,
      y: p.embedding_pca_2d![1]!,
      cluster: p.embedding_cluster_id!,
      combined_score: p.combined_score,
      correct: p.correct,
      generation: p.generation,
    }));
  const map = store.getMeta<{ explained_variance_ratio?: number[] }>("embedding_map");
  const health = store.getMeta<NonNullable<ReportData["health"]>>("health_events") ?? [];
  return {
    title: `tansaku evolve: ${task.name}`,
    task: task.name,
    results_dir: results.root,
    generated_at: new Date().toISOString(),
    num_generations: config.num_generations,
    next_generation: extra.next_generation,
    initial_score: store.getMeta<number | null>("initial_score") ?? null,
    best: best && best.correct ? { id: copies.has(best.id) ? copies.get(best.id)! : best.id, generation: best.generation, combined_score: best.combined_score } : null,
    programs,
    failures: failures(parts),
    arms: sampler.stats() as unknown as ReportArm[],
    costs: Object.entries(byModel).map(([model, t]) => ({ model, ...t })),
    total_cost_usd: costs.total_usd(),
    budget_usd: config.max_api_costs,
    embedding_model: parts.embedder.name,
    ...(extra.best_svg ? { best_svg: extra.best_svg } : {}),
    ...(health.length > 0 ? { health } : {}),
    ...(points.length > 0 ? { embedding_map: { points, explained_variance_ratio: map?.explained_variance_ratio ?? [] } } : {}),
  };
}
