// Inspirations (evolve.md §7): archive inspirations (the global best, elites, then random archive
// members), top-k inspirations, their prompt order, and the crossover partner. The parent is
// never an inspiration. Pure functions of their inputs and a Random.
import type { Random } from "../../random.js";
import type { Member } from "./member.js";
import { publicMetricsMean, sortScore } from "./order.js";

export interface InspirationInput<P extends Member> {
  parent: P;
  /** Correct archive members of the parent's island. */
  islandArchive: readonly P[];
  /** Correct archive members of every island (used only when separation is off). */
  allArchive?: readonly P[];
  /** The global best program, if any. */
  best?: P | undefined;
  /** num_archive_inspirations */
  n: number;
  /** elite_selection_ratio */
  eliteRatio: number;
  /** num_top_k_inspirations */
  k: number;
  /** enforce_island_separation (default true): everything from the parent's island only. */
  separation?: boolean;
}

export interface Inspirations<P> {
  archive: P[];
  top_k: P[];
}

/** Top-k sort key: combined_score, else the mean of public metrics, else −∞. */
function topKKey(p: Member): number {
  if (typeof p.combined_score === "number" && Number.isFinite(p.combined_score)) return p.combined_score;
  return publicMetricsMean(p.public_metrics) ?? Number.NEGATIVE_INFINITY;
}

const byScoreDescending = <P extends Member>(list: readonly P[]) => [...list].sort((a, b) => sortScore(b) - sortScore(a));

export function selectInspirations<P extends Member>(input: InspirationInput<P>, rng: Random): Inspirations<P> {
  const separation = input.separation ?? true;
  const { parent, n } = input;
  const pool = input.islandArchive.filter((p) => p.correct && p.id !== parent.id);
  const chosen: P[] = [];
  const taken = new Set<string>([parent.id]);
  const take = (p: P) => {
    chosen.push(p);
    taken.add(p.id);
  };
  // (1) The global best, if correct (under separation only from the parent's island).
  const best = input.best;
  if (n > 0 && best && best.correct && !taken.has(best.id) && (!separation || best.island_idx === parent.island_idx)) take(best);
  // (2) Elites: the top floor(n · ratio) of the island's archive by score, skipping chosen ones.
  const elites = Math.floor(n * input.eliteRatio);
  let added = 0;
  for (const p of byScoreDescending(pool)) {
    if (added >= elites || chosen.length >= n) break;
    if (taken.has(p.id)) continue;
    take(p);
    added += 1;
  }
  // (3) Uniformly random archive members of the island; (4) of any island without separation.
  const fillFrom = (candidates: readonly P[]) => {
    const rest = candidates.filter((p) => p.correct && !taken.has(p.id));
    const count = Math.min(rest.length, n - chosen.length);
    if (count > 0) for (const i of rng.sampleIndices(rest.length, count)) take(rest[i]!);
  };
  fillFrom(pool);
  if (!separation && input.allArchive) fillFrom(input.allArchive);
  // Top-k: the k best (island-restricted under separation), excluding the parent and the above.
  const source = separation || !input.allArchive ? pool : input.allArchive.filter((p) => p.correct && p.id !== parent.id);
  const topK = source
    .filter((p) => !taken.has(p.id))
    .sort((a, b) => topKKey(b) - topKKey(a))
    .slice(0, Math.max(0, input.k));
  return { archive: chosen, top_k: topK };
}

export type InspirationOrder = "ascending" | "chronological" | "none";

/** Archive then top-k, de-duplicated by id (first kept), in the prompt order (default ascending: best last). */
export function orderInspirations<P extends Member>(archive: readonly P[], topK: readonly P[], order: InspirationOrder = "ascending"): P[] {
  const seen = new Set<string>();
  const list = [...archive, ...topK].filter((p) => !seen.has(p.id) && seen.add(p.id) !== undefined);
  if (order === "ascending") return list.sort((a, b) => sortScore(a) - sortScore(b));
  if (order === "chronological") return list.sort((a, b) => a.generation - b.generation);
  return list;
}

/** A cross proposal's partner: uniform over the ordered inspiration list (undefined when empty). */
export function crossoverPartner<P>(inspirations: readonly P[], rng: Random): P | undefined {
  return inspirations.length > 0 ? rng.choice(inspirations) : undefined;
}
