// Exports the best program to results_dir/best/ (its code, metrics and evaluator outputs) and, for
// tasks whose evaluator leaves a packing in extra.json (circle packing), draws it as best/packing.svg.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packingToSvg } from "../circles/svg.js";
import type { Packing } from "../circles/packing.js";
import { type ResultsDir, writeAtomic, writeJsonAtomic } from "./results.js";
import type { StoredProgram } from "./store.js";
import type { Task } from "./task.js";

/** A packing in an evaluator's extra.json: flat or paired centres, radii, optional box. */
export function packingFromExtra(extra: unknown): Packing | undefined {
  if (!extra || typeof extra !== "object") return undefined;
  const { centers, radii, width, height } = extra as Record<string, unknown>;
  if (!Array.isArray(centers) || !Array.isArray(radii) || radii.length === 0) return undefined;
  const flat = centers.flat();
  if (flat.length !== 2 * radii.length || ![...flat, ...radii].every((v) => typeof v === "number" && Number.isFinite(v))) return undefined;
  const w = typeof width === "number" && width > 0 ? width : 1;
  const h = typeof height === "number" && height > 0 ? height : 1;
  return { centers: Float64Array.from(flat as number[]), radii: Float64Array.from(radii as number[]), width: w, height: h };
}

/** Writes best/; returns the packing SVG when there is one. */
export function exportBest(results: ResultsDir, best: StoredProgram, task: Task): string | undefined {
  const dir = results.bestDir;
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, `main${task.extension}`), best.code);
  const source = results.generationResults(best.generation);
  const copied: string[] = [];
  if (existsSync(source)) {
    for (const name of readdirSync(source)) {
      const path = join(source, name);
      if (statSync(path).isFile()) {
        copyFileSync(path, join(dir, name));
        copied.push(name);
      }
    }
  }
  writeJsonAtomic(join(dir, "best.json"), {
    id: best.id,
    generation: best.generation,
    combined_score: best.combined_score,
    correct: best.correct,
    public_metrics: best.public_metrics,
    private_metrics: best.private_metrics,
    model_name: best.metadata.model_name ?? null,
    patch_type: best.metadata.patch_type ?? null,
  });
  const extra = join(source, "extra.json");
  if (!existsSync(extra)) return undefined;
  let packing: Packing | undefined;
  try {
    packing = packingFromExtra(JSON.parse(readFileSync(extra, "utf8")));
  } catch {
    packing = undefined;
  }
  if (!packing) return undefined;
  const svg = packingToSvg(packing, { size: 480, title: `generation ${best.generation}: sum of radii ${best.combined_score}` });
  writeFileSync(join(dir, "packing.svg"), svg);
  return svg;
}
