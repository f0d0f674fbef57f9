// Novelty rejection sampling (evolve.md §8): before a candidate is evaluated, the embedding of its
// mutable code is compared by cosine similarity with every program on the parent's island that has
// an embedding. m = max similarity; m ≤ η accepts; above η an optional judge decides, and without a
// judge the candidate is rejected and the proposal resampled.
import type { ChatMessage } from "../llm/types.js";
import type { Program } from "./program.js";

export const DEFAULT_NOVELTY_THRESHOLD = 0.95;

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`embedding lengths differ: ${a.length} and ${b.length}`);
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

function unit(embedding: ArrayLike<number>): Float32Array {
  const v = Float32Array.from(embedding);
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export interface SimilarityResult {
  /** Max cosine similarity, or null when nothing on the island has an embedding. */
  similarity: number | null;
  most_similar_id: string | null;
}

/** One island's unit embeddings as rows of one growable matrix (a cache-friendly single pass). */
class IslandMatrix {
  ids: string[] = [];
  data = new Float32Array(0);
  constructor(readonly dim: number) {}

  push(id: string, v: Float32Array): number {
    const row = this.ids.length;
    if ((row + 1) * this.dim > this.data.length) {
      const grown = new Float32Array(Math.max(64, row * 2) * this.dim);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(v, row * this.dim);
    this.ids.push(id);
    return row;
  }

  /** Removes a row by moving the last row into it; returns the ID that moved (or undefined). */
  removeRow(row: number): string | undefined {
    const last = this.ids.length - 1;
    if (row !== last) {
      this.data.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.ids[row] = this.ids[last]!;
    }
    this.ids.pop();
    return row !== last ? this.ids[row] : undefined;
  }

  row(row: number): Float32Array {
    return this.data.slice(row * this.dim, (row + 1) * this.dim);
  }
}

/** A query's nonzero coordinates grouped by partial sum: group g is index/value[ends[g-1]..ends[g]). */
interface SparseTerms {
  index: Int32Array;
  value: Float64Array;
  ends: [number, number, number, number];
}

/**
 * The nonzero coordinates of q grouped by the dense loop's partial sum (i mod 4 below `tail`, the
 * first sum after it), ascending; undefined when more than a quarter are nonzero (dense is faster).
 */
function sparseTerms(q: Float32Array, tail: number): SparseTerms | undefined {
  const groups: number[][] = [[], [], [], []];
  let count = 0;
  for (let i = 0; i < q.length; i++) {
    if (q[i] === 0) continue;
    if (++count * 4 > q.length) return undefined;
    groups[i < tail ? i % 4 : 0]!.push(i);
  }
  const order = groups.flat();
  let end = 0;
  const ends = groups.map((g) => (end += g.length)) as [number, number, number, number];
  return { index: Int32Array.from(order), value: Float64Array.from(order, (i) => q[i]!), ends };
}

/** The row of `data` with the largest dot product with the sparse query, and that product. */
function sparseMaxDot(data: Float32Array, rows: number, dim: number, terms: SparseTerms): [number, number] {
  const { index, value, ends } = terms;
  const e0 = ends[0]!;
  const e1 = ends[1]!;
  const e2 = ends[2]!;
  const e3 = ends[3]!;
  let best = -Infinity;
  let bestRow = 0;
  for (let r = 0, offset = 0; r < rows; r++, offset += dim) {
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let k = 0;
    for (; k < e0; k++) d0 += value[k]! * data[offset + index[k]!]!;
    for (; k < e1; k++) d1 += value[k]! * data[offset + index[k]!]!;
    for (; k < e2; k++) d2 += value[k]! * data[offset + index[k]!]!;
    for (; k < e3; k++) d3 += value[k]! * data[offset + index[k]!]!;
    const dot = d0 + d1 + d2 + d3;
    if (dot > best) {
      best = dot;
      bestRow = r;
    }
  }
  return [bestRow, best];
}

/**
 * Unit-length embeddings per island kept in memory (the spec's "beyond": upstream re-reads and
 * parses every row per check), so one check is a single pass of dot products over one matrix.
 */
export class EmbeddingIndex {
  private readonly islands = new Map<number, IslandMatrix>();
  private readonly where = new Map<string, { island: number; row: number }>();

  static fromPrograms(programs: Iterable<Pick<Program, "id" | "island_idx" | "embedding">>): EmbeddingIndex {
    const index = new EmbeddingIndex();
    for (const p of programs) if (p.embedding && p.embedding.length > 0) index.add(p.id, p.island_idx, p.embedding);
    return index;
  }

  private matrix(island: number, dim: number): IslandMatrix {
    let m = this.islands.get(island);
    if (!m) this.islands.set(island, (m = new IslandMatrix(dim)));
    if (m.dim !== dim) throw new RangeError(`embedding lengths differ: ${dim} and ${m.dim}`);
    return m;
  }

  private put(id: string, island: number, v: Float32Array): void {
    const row = this.matrix(island, v.length).push(id, v);
    this.where.set(id, { island, row });
  }

  /** Takes a program's unit vector out of its island. */
  private take(id: string): Float32Array | undefined {
    const at = this.where.get(id);
    if (!at) return undefined;
    const m = this.islands.get(at.island)!;
    const v = m.row(at.row);
    const moved = m.removeRow(at.row);
    if (moved !== undefined) this.where.set(moved, { island: at.island, row: at.row });
    this.where.delete(id);
    return v;
  }

  add(id: string, island: number, embedding: ArrayLike<number>): void {
    this.take(id);
    this.put(id, island, unit(embedding));
  }

  remove(id: string): void {
    this.take(id);
  }

  /** Migration moves a program; its embedding goes with it. */
  move(id: string, to: number): void {
    const v = this.take(id);
    if (v) this.put(id, to, v);
  }

  clear(): void {
    this.islands.clear();
    this.where.clear();
  }

  size(island?: number): number {
    return island === undefined ? this.where.size : (this.islands.get(island)?.ids.length ?? 0);
  }

  maxSimilarity(island: number, embedding: ArrayLike<number>): SimilarityResult {
    const m = this.islands.get(island);
    if (!m || m.ids.length === 0) return { similarity: null, most_similar_id: null };
    if (embedding.length !== m.dim) throw new RangeError(`embedding lengths differ: ${embedding.length} and ${m.dim}`);
    const q = unit(embedding);
    const { data, dim } = m;
    let best = -Infinity;
    let bestRow = 0;
    const tail = dim - (dim % 4);
    const sparse = sparseTerms(q, tail);
    if (sparse) {
      // Only the query's nonzero coordinates, each added to the partial sum the dense loop below
      // would add it to and in the same order: a zero term leaves a sum unchanged, so for finite rows
      // the result is bit for bit the dense one. Hashed n-gram embeddings (the local default) are mostly zeros.
      const [row, dot] = sparseMaxDot(data, m.ids.length, dim, sparse);
      return { similarity: dot, most_similar_id: m.ids[row]! };
    }
    for (let r = 0, offset = 0; r < m.ids.length; r++, offset += dim) {
      // Four partial sums: independent additions the CPU can overlap (about 2x over one chain).
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let i = 0;
      for (; i < tail; i += 4) {
        d0 += q[i]! * data[offset + i]!;
        d1 += q[i + 1]! * data[offset + i + 1]!;
        d2 += q[i + 2]! * data[offset + i + 2]!;
        d3 += q[i + 3]! * data[offset + i + 3]!;
      }
      for (; i < dim; i++) d0 += q[i]! * data[offset + i]!;
      const dot = d0 + d1 + d2 + d3;
      if (dot > best) [best, bestRow] = [dot, r];
    }
    return { similarity: best, most_similar_id: m.ids[bestRow]! };
  }
}

/** The same maximum over a plain list (no index). */
export function maxSimilarity(embedding: ArrayLike<number>, others: Iterable<{ id: string; embedding: ArrayLike<number> | null }>): SimilarityResult {
  let best = -Infinity;
  let bestId: string | null = null;
  for (const o of others) {
    if (!o.embedding || o.embedding.length === 0) continue;
    const s = cosineSimilarity(embedding, o.embedding);
    if (s > best) [best, bestId] = [s, o.id];
  }
  return bestId === null ? { similarity: null, most_similar_id: null } : { similarity: best, most_similar_id: bestId };
}

/** §8 "When": generation > 0, a parent exists and every island is initialized. */
export function noveltyApplies(options: { generation: number; has_parent: boolean; all_islands_initialized: boolean }): boolean {
  return options.generation > 0 && options.has_parent && options.all_islands_initialized;
}

export interface NoveltyCandidate {
  code: string;
  embedding: ArrayLike<number>;
}

export interface JudgeVerdict {
  novel: boolean;
  explanation: string;
}

/** Compares the candidate with the most similar program on the island. */
export type NoveltyJudge = (candidate: NoveltyCandidate, similar: Pick<Program, "id" | "code">) => Promise<JudgeVerdict>;

export interface NoveltyDecision {
  accepted: boolean;
  max_similarity: number | null;
  most_similar_id: string | null;
  judged: boolean;
  explanation: string;
}

export interface NoveltyCheckOptions {
  candidate: NoveltyCandidate;
  /** The similarity of the candidate to its island (from EmbeddingIndex or maxSimilarity). */
  similarity: SimilarityResult;
  threshold?: number;
  judge?: NoveltyJudge;
  /** Looks up the most similar program's code for the judge. */
  lookup: (id: string) => Pick<Program, "id" | "code"> | undefined;
}

/** §8 decision. A judge that throws counts as "not novel" (a call failing after retries). */
export async function checkNovelty(options: NoveltyCheckOptions): Promise<NoveltyDecision> {
  const threshold = options.threshold ?? DEFAULT_NOVELTY_THRESHOLD;
  if (!(threshold >= -1 && threshold <= 1)) throw new RangeError(`threshold must lie in [-1, 1], got ${threshold}`);
  const { similarity, most_similar_id } = options.similarity;
  const base = { max_similarity: similarity, most_similar_id };
  if (similarity === null || similarity <= threshold) {
    return { ...base, accepted: true, judged: false, explanation: similarity === null ? "no embedded program on the island" : `max similarity ${similarity.toFixed(4)} <= ${threshold}` };
  }
  const similar = most_similar_id === null ? undefined : options.lookup(most_similar_id);
  if (!options.judge || !similar) {
    return { ...base, accepted: false, judged: false, explanation: `max similarity ${similarity.toFixed(4)} > ${threshold} (program ${most_similar_id})` };
  }
  try {
    const verdict = await options.judge(options.candidate, similar);
    return { ...base, accepted: verdict.novel === true, judged: true, explanation: String(verdict.explanation ?? "") };
  } catch (error) {
    return { ...base, accepted: false, judged: true, explanation: `judge failed: ${(error as Error).message}` };
  }
}

/** After trimming leading whitespace, a reply starting with NOVEL is novel; anything else is not. */
export function parseJudgeReply(text: string | null | undefined): JudgeVerdict {
  const trimmed = (text ?? "").trimStart();
  const novel = trimmed.startsWith("NOVEL");
  const explanation = trimmed.replace(/^(NOT_NOVEL|NOVEL)\s*[:\-–]?\s*/, "").trim();
  return { novel, explanation: explanation || (novel ? "judged novel" : "judged not novel") };
}

/** The judge prompt (our own wording): meaningful versus trivial differences, a NOVEL/NOT_NOVEL verdict. */
export function judgeMessages(candidateCode: string, similarCode: string): ChatMessage[] {
  return [
    {
      role: "system",
      content: [
        "You decide whether a new program differs meaningfully from an existing one.",
        "Meaningful: a different algorithm, a changed structure or control flow, different behaviour or outputs,",
        "a different implementation technique, or changed hyperparameters and constants.",
        "Trivial: renamed identifiers, reformatting, reordered independent statements, added or edited comments.",
        "Begin your reply with exactly NOVEL or NOT_NOVEL, then a colon and one or two sentences explaining why.",
      ].join("\n"),
    },
    {
      role: "user",
      content: `Existing program:\n\`\`\`\n${similarCode}\n\`\`\`\n\nNew program:\n\`\`\`\n${candidateCode}\n\`\`\`\n\nIs the new program meaningfully different?`,
    },
  ];
}

/** A judge over any chat function (e.g. LlmClient.chat bound to a model). */
export function chatJudge(chat: (messages: ChatMessage[]) => Promise<{ content: string }>): NoveltyJudge {
  return async (candidate, similar) => parseJudgeReply((await chat(judgeMessages(candidate.code, similar.code))).content);
}

export type NoveltyExhaustedPolicy = "fail" | "reject" | "submit_last";

/**
 * What happens when every novelty attempt was rejected (§2 step 4): HEAD fails the proposal at
 * stage `novelty` without evaluating; `submit_last` evaluates the last candidate (paper era).
 */
export function onNoveltyExhausted(policy: NoveltyExhaustedPolicy = "fail"): { evaluate: boolean; failure_stage: "novelty" | null } {
  return policy === "submit_last" ? { evaluate: true, failure_stage: null } : { evaluate: false, failure_stage: "novelty" };
}
