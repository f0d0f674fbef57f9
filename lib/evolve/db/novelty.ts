// Novelty rejection sampling helpers (evolve.md §8): cosine similarity of the candidate's embedding
// against every program on the parent's island, the threshold rule, and the optional LLM judge
// reached through a callback (the judge's prompt lives with the runner's LLM code).

/** Cosine similarity; 0 when either vector is all zeros or the lengths differ. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** An L2-normalised copy (zeros stay zeros), so similarity becomes one dot product. Float64: no float32 conversions in the hot loop. */
export function normalized(vector: ArrayLike<number>): Float64Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  const out = new Float64Array(vector.length);
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < vector.length; i++) out[i] = vector[i]! * scale;
  }
  return out;
}

export interface MostSimilar {
  /** m = max cosine similarity; −∞ when nothing was compared. */
  similarity: number;
  id: string | undefined;
}

/** The most similar stored program among already normalised vectors. */
export function mostSimilarNormalized(candidate: Float64Array, others: Iterable<{ id: string; unit: Float64Array }>): MostSimilar {
  let best: MostSimilar = { similarity: Number.NEGATIVE_INFINITY, id: undefined };
  const n = candidate.length;
  for (const other of others) {
    const unit = other.unit;
    if (unit.length !== n) continue;
    // Four accumulators: fewer dependent adds per step.
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      d0 += candidate[i]! * unit[i]!;
      d1 += candidate[i + 1]! * unit[i + 1]!;
      d2 += candidate[i + 2]! * unit[i + 2]!;
      d3 += candidate[i + 3]! * unit[i + 3]!;
    }
    for (; i < n; i++) d0 += candidate[i]! * unit[i]!;
    const dot = d0 + d1 + d2 + d3;
    if (dot > best.similarity) best = { similarity: dot, id: other.id };
  }
  return best;
}

/** The most similar program among raw embeddings (any scale). */
export function mostSimilar(candidate: readonly number[], others: Iterable<{ id: string; embedding: readonly number[] }>): MostSimilar {
  let best: MostSimilar = { similarity: Number.NEGATIVE_INFINITY, id: undefined };
  for (const other of others) {
    if (other.embedding.length !== candidate.length) continue;
    const s = cosineSimilarity(candidate, other.embedding);
    if (s > best.similarity) best = { similarity: s, id: other.id };
  }
  return best;
}

/** §8 judge reply: novel only when, after leading whitespace, it begins with NOVEL (so NOT_NOVEL is not). */
export function judgeSaysNovel(reply: string | undefined | null): boolean {
  return typeof reply === "string" && reply.trimStart().startsWith("NOVEL");
}

export type NoveltyJudge = (candidate: string, similarId: string) => Promise<{ novel: boolean; explanation: string }>;

export interface NoveltyVerdict {
  novel: boolean;
  max_similarity: number;
  similar_id: string | undefined;
  /** Whether the judge was asked. */
  judged: boolean;
  explanation?: string;
}

/**
 * §8 decision with η = threshold: m ≤ η accepts without a judge; above it the judge (when given)
 * decides, a judge failure counting as not novel; without a judge the candidate is rejected.
 */
export async function noveltyDecision(
  candidateCode: string,
  nearest: MostSimilar,
  threshold: number,
  judge?: NoveltyJudge,
): Promise<NoveltyVerdict> {
  const base = { max_similarity: nearest.similarity, similar_id: nearest.id };
  if (nearest.id === undefined || nearest.similarity <= threshold) return { ...base, novel: true, judged: false };
  if (!judge) return { ...base, novel: false, judged: false };
  try {
    const verdict = await judge(candidateCode, nearest.id);
    return { ...base, novel: verdict.novel, judged: true, explanation: verdict.explanation };
  } catch (error) {
    return { ...base, novel: false, judged: true, explanation: `judge failed: ${(error as Error).message}` };
  }
}
