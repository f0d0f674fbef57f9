// "Better than" (evolve.md §3.3, upstream _is_better) and the sort score used everywhere else.

export interface Rankable {
  correct: boolean;
  combined_score: number | null;
  public_metrics: Record<string, unknown>;
  timestamp: number;
}

/** combined_score for sorting: null, NaN and ±Infinity read as 0. */
export function sortScore(p: { combined_score: number | null }): number {
  const s = p.combined_score;
  return typeof s === "number" && Number.isFinite(s) ? s : 0;
}

/** Mean of the finite numeric public metrics, or undefined when there are none. */
export function publicMetricsMean(metrics: Record<string, unknown>): number | undefined {
  let sum = 0;
  let count = 0;
  for (const value of Object.values(metrics)) {
    if (typeof value === "number" && Number.isFinite(value)) {
      sum += value;
      count += 1;
    }
  }
  return count > 0 ? sum / count : undefined;
}

const hasScore = (p: Rankable) => typeof p.combined_score === "number" && Number.isFinite(p.combined_score);

/**
 * True when a is better than b: correct beats incorrect; then the higher combined_score; when both
 * scores are missing, the higher mean of numeric public metrics; a tie goes to the newer program.
 */
export function isBetter(a: Rankable, b: Rankable): boolean {
  if (a.correct !== b.correct) return a.correct;
  if (!hasScore(a) && !hasScore(b)) {
    const ma = publicMetricsMean(a.public_metrics) ?? 0;
    const mb = publicMetricsMean(b.public_metrics) ?? 0;
    if (ma !== mb) return ma > mb;
  } else {
    const sa = sortScore(a);
    const sb = sortScore(b);
    if (sa !== sb) return sa > sb;
  }
  return a.timestamp >= b.timestamp;
}
