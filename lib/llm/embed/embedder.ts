// What novelty checks need from an embedder: vectors for texts and what they cost.
export interface Embedder {
  /** Shown in logs and reports, so a run says which embedding its novelty decisions used. */
  readonly name: string;
  embed(texts: string[]): Promise<{ vectors: number[][]; cost_usd: number }>;
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`vectors differ in length: ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
