// Inspirations (evolve.md §7, upstream inspirations.py): archive inspirations (global best, elites,
// random archive members), top-k, and their order in the prompt. The parent is never one.
import type { Random } from "../random.js";
import { type ProgramSummary, meanPublicMetric } from "./program.js";

export type InspirationOrder = "ascending" | "chronological" | "none";

export interface InspirationConfig {
  num_archive_inspirations: number;
  num_top_k_inspirations: number;
  elite_selection_ratio: number;
  enforce_island_separation?: boolean;
  inspiration_sort_order?: InspirationOrder;
}

export interface InspirationContext<T extends ProgramSummary> {
  parent: T;
  /** Archive members (any island); the function keeps the correct ones. */
  archive: readonly T[];
  best?: T | undefined;
}

export interface Inspirations<T> {
  archive_inspirations: T[];
  top_k_inspirations: T[];
  /** Both lists de-duplicated by ID (first kept) in prompt order. */
  ordered: T[];
}

/** Top-k sort key: combined_score, else the mean of public metrics, else −∞. */
export function inspirationKey(p: ProgramSummary): number {
  if (Number.isFinite(p.combined_score)) return p.combined_score;
  return meanPublicMetric(p) ?? -Infinity;
}

const byKeyDescending = <T extends ProgramSummary>(a: T, b: T) => inspirationKey(b) - inspirationKey(a);

export function orderInspirations<T extends ProgramSummary>(items: readonly T[], order: InspirationOrder = "ascending"): T[] {
  const seen = new Set<string>();
  const unique = items.filter((p) => !seen.has(p.id) && seen.add(p.id) !== undefined);
  if (order === "ascending") return unique.map((p, i) => ({ p, i })).sort((a, b) => inspirationKey(a.p) - inspirationKey(b.p) || a.i - b.i).map((x) => x.p);
  if (order === "chronological") return unique.map((p, i) => ({ p, i })).sort((a, b) => a.p.generation - b.p.generation || a.i - b.i).map((x) => x.p);
  return unique;
}

export function selectInspirations<T extends ProgramSummary>(config: InspirationConfig, context: InspirationContext<T>, rng: Random): Inspirations<T> {
  const n = config.num_archive_inspirations;
  const k = config.num_top_k_inspirations;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`num_archive_inspirations must be an integer >= 0, got ${n}`);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`num_top_k_inspirations must be an integer >= 0, got ${k}`);
  const separate = config.enforce_island_separation ?? true;
  const island = context.parent.island_idx;
  const parentId = context.parent.id;
  const eligible = context.archive.filter((p) => p.correct && p.id !== parentId);
  const local = eligible.filter((p) => p.island_idx === island);
  const chosen: T[] = [];
  const taken = new Set<string>();
  const take = (p: T) => {
    chosen.push(p);
    taken.add(p.id);
  };
  // (1) the global best.
  const best = context.best;
  if (n > 0 && best && best.correct && best.id !== parentId && (!separate || best.island_idx === island)) take(best);
  // (2) elites of the parent's island.
  const elites = Math.floor(n * config.elite_selection_ratio);
  for (const p of [...local].sort(byKeyDescending).filter((p) => !taken.has(p.id)).slice(0, elites)) if (chosen.length < n) take(p);
  // (3) random members of the parent's island; (4) of any island when separation is off.
  const fill = (pool: T[]) => {
    const rest = pool.filter((p) => !taken.has(p.id));
    for (const i of rng.sampleIndices(rest.length, Math.min(rest.length, n - chosen.length))) take(rest[i]!);
  };
  if (chosen.length < n) fill(local);
  if (chosen.length < n && !separate) fill(eligible);
  const topPool = (separate ? local : eligible).filter((p) => !taken.has(p.id));
  const topK = [...topPool].sort(byKeyDescending).slice(0, k);
  const order = config.inspiration_sort_order ?? "ascending";
  return { archive_inspirations: chosen, top_k_inspirations: topK, ordered: orderInspirations([...chosen, ...topK], order) };
}

/** A `cross` proposal's partner: uniform over the inspirations shown. */
export function crossoverPartner<T>(ordered: readonly T[], rng: Random): T | undefined {
  return ordered.length === 0 ? undefined : rng.choice(ordered);
}
