// The archive (evolve.md §5): one global set of correct programs, at most archive_size. A newcomer
// enters while there is room; when full it replaces the worst member (`fitness`) or the member most
// similar to it by embedding (`crowding`), and only when it is better. With several criteria,
// "worse" and "better" (after correctness) use the percentile-weighted archive score.
import { type Program, type ProgramSummary, isBetter, scoreOf } from "./program.js";
import { cosineSimilarity } from "./novelty.js";

export type ArchiveStrategy = "fitness" | "crowding";
export type ArchiveCriterion = "combined_score" | "loc" | "lloc" | "complexity" | "maintainability" | "nesting";

export interface ArchiveConfig {
  archive_size: number;
  archive_selection_strategy?: ArchiveStrategy;
  /** Criterion → weight; a negative weight means lower is better. Default {combined_score: 1}. */
  archive_criteria?: Partial<Record<ArchiveCriterion, number>>;
}

export type ArchiveDecision = { action: "insert" } | { action: "replace"; remove: string } | { action: "reject"; reason: string };

type ArchiveProgram = ProgramSummary & Partial<Pick<Program, "complexity">>;

/** A criterion's value for a program; code metrics come from metadata.code_analysis_metrics. */
export function criterionValue(p: ArchiveProgram, criterion: ArchiveCriterion): number {
  if (criterion === "combined_score") return scoreOf(p);
  const metrics = (p.metadata?.code_analysis_metrics ?? {}) as Record<string, unknown>;
  const names = criterion === "nesting" ? ["nesting", "max_nesting"] : [criterion];
  for (const name of names) {
    const v = metrics[name];
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  if (criterion === "complexity" && typeof p.complexity === "number" && Number.isFinite(p.complexity)) return p.complexity;
  return 0;
}

/** Percentiles p = (rank−1)/(N−1) with 1-based ascending ranks, ties sharing their average rank; p = 1 when N = 1. */
export function percentiles(values: readonly number[]): number[] {
  const n = values.length;
  if (n === 1) return [1];
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && order[end + 1]!.v === order[start]!.v) end++;
    const averageRank = (start + 1 + end + 1) / 2;
    for (let k = start; k <= end; k++) out[order[k]!.i] = (averageRank - 1) / (n - 1);
    start = end + 1;
  }
  return out;
}

/** Archive score Σ_c w_c · p_c of every program in the pool (archive ∪ {candidate}). */
export function archiveScores(pool: readonly ArchiveProgram[], criteria: Partial<Record<ArchiveCriterion, number>>): Map<string, number> {
  const scores = new Map<string, number>(pool.map((p) => [p.id, 0]));
  for (const [criterion, weight] of Object.entries(criteria) as [ArchiveCriterion, number][]) {
    if (!weight) continue;
    const p = percentiles(pool.map((q) => criterionValue(q, criterion)));
    pool.forEach((q, i) => scores.set(q.id, scores.get(q.id)! + weight * p[i]!));
  }
  return scores;
}

function isMultiCriteria(criteria: Partial<Record<ArchiveCriterion, number>>): boolean {
  const keys = Object.entries(criteria).filter(([, w]) => w);
  return !(keys.length === 1 && keys[0]![0] === "combined_score" && keys[0]![1]! > 0);
}

/** What to do with a newcomer, given the current archive members. */
export function archiveDecision(members: readonly ArchiveProgram[], candidate: ArchiveProgram, config: ArchiveConfig): ArchiveDecision {
  if (!Number.isInteger(config.archive_size) || config.archive_size < 0) throw new RangeError(`archive_size must be an integer >= 0, got ${config.archive_size}`);
  if (!candidate.correct) return { action: "reject", reason: "incorrect programs never enter the archive" };
  if (members.some((m) => m.id === candidate.id)) return { action: "reject", reason: "already archived" };
  if (members.length < config.archive_size) return { action: "insert" };
  if (members.length === 0) return { action: "reject", reason: "archive_size is 0" };
  const criteria = config.archive_criteria ?? { combined_score: 1 };
  let better: (a: ArchiveProgram, b: ArchiveProgram) => boolean = isBetter;
  if (isMultiCriteria(criteria)) {
    const scores = archiveScores([...members, candidate], criteria);
    better = (a, b) => {
      if (a.correct !== b.correct) return a.correct;
      const sa = scores.get(a.id)!;
      const sb = scores.get(b.id)!;
      return sa !== sb ? sa > sb : a.timestamp >= b.timestamp;
    };
  }
  let target: ArchiveProgram | undefined;
  if (config.archive_selection_strategy === "crowding" && candidate.embedding) {
    let most = -Infinity;
    for (const m of members) {
      if (!m.embedding) continue;
      const s = cosineSimilarity(candidate.embedding, m.embedding);
      if (s > most) [most, target] = [s, m];
    }
  }
  if (target === undefined) {
    target = members[0]!;
    for (const m of members) if (better(target, m)) target = m;
  }
  return better(candidate, target) ? { action: "replace", remove: target.id } : { action: "reject", reason: "not better than the member it would replace" };
}

export interface ArchiveStore {
  archiveMembers(): ArchiveProgram[];
  addToArchive(id: string): void;
  removeFromArchive(id: string): void;
}

/** Applies archiveDecision to a store; returns the decision. */
export function updateArchive(store: ArchiveStore, candidate: ArchiveProgram, config: ArchiveConfig): ArchiveDecision {
  const decision = archiveDecision(store.archiveMembers(), candidate, config);
  if (decision.action === "replace") store.removeFromArchive(decision.remove);
  if (decision.action !== "reject") store.addToArchive(candidate.id);
  return decision;
}
