// An embedding that needs no model and no network: code is split into identifier, number and
// symbol tokens; token 1-, 2- and 3-grams are hashed (FNV-1a) into a fixed number of signed
// buckets with sublinear counts, and the vector is L2-normalised. Texts sharing most of their
// n-grams get a cosine near 1; unrelated code stays near 0. Lexical, not semantic: it is the
// fallback when no embedding endpoint is configured, and is named as such.
import type { Embedder } from "./embedder.js";

const TOKEN = /[A-Za-z_$][A-Za-z0-9_$]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[^\sA-Za-z0-9_$]/g;
/** Single symbols say little about what code does; n-grams carry the structure. */
const NGRAM_WEIGHTS = [0.5, 1, 1] as const;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function codeTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export class LocalHashEmbedder implements Embedder {
  readonly name = "local-hashed-ngrams";

  constructor(readonly dimensions = 512) {
    if (!Number.isInteger(dimensions) || dimensions < 8) throw new RangeError(`dimensions must be an integer >= 8, got ${dimensions}`);
  }

  async embed(texts: string[]): Promise<{ vectors: number[][]; cost_usd: number }> {
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== "string")) throw new TypeError("texts must be an array of strings");
    return { vectors: texts.map((t) => this.vector(t)), cost_usd: 0 };
  }

  /** The embedding of one text; all zeros for a text without tokens. */
  vector(text: string): number[] {
    const tokens = codeTokens(text);
    const counts = new Map<string, { count: number; weight: number }>();
    NGRAM_WEIGHTS.forEach((weight, index) => {
      const size = index + 1;
      for (let i = 0; i + size <= tokens.length; i++) {
        const key = `${size}\u0001${tokens.slice(i, i + size).join("\u0001")}`;
        const entry = counts.get(key);
        if (entry) entry.count += 1;
        else counts.set(key, { count: 1, weight });
      }
    });
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [key, { count, weight }] of counts) {
      const hash = fnv1a(key);
      // The top bit picks the sign, so colliding features cancel on average instead of adding up.
      const sign = hash & 0x80000000 ? -1 : 1;
      vector[hash % this.dimensions]! += sign * weight * (1 + Math.log(count));
    }
    const norm = Math.hypot(...vector);
    return norm === 0 ? vector : vector.map((v) => v / norm);
  }
}
