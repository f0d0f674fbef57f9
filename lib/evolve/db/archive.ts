// The archive (evolve.md §5): correct programs only, at most archive_size; when full the
// `fitness` strategy replaces the worst member (§3.3) if the newcomer is better.
import type { Rankable } from "./order.js";
import { isBetter } from "./order.js";

export type ArchiveDecision = { action: "skip" } | { action: "insert" } | { action: "replace"; evict: string };

/** What to do with a newcomer given the current members (ids with their ranking fields). */
export function archiveDecision<P extends Rankable & { id: string }>(candidate: P, members: readonly P[], size: number): ArchiveDecision {
  if (!candidate.correct) return { action: "skip" };
  if (members.some((m) => m.id === candidate.id)) return { action: "skip" };
  if (members.length < size) return { action: "insert" };
  let worst = members[0]!;
  for (const m of members) if (isBetter(worst, m)) worst = m;
  return isBetter(candidate, worst) ? { action: "replace", evict: worst.id } : { action: "skip" };
}
