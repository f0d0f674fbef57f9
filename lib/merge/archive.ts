// M2N2's archive (spec m2n2_qd.md §2, §4-§6): `size` flat parameter vectors and their score rows.
// Empty slots are zero vectors with all-zero scores, so their fitness is 0 and they are never drawn;
// a child enters by replacing the row of lowest shared fitness over archive + child.
import type { Random } from "../random.js";
import { argminFirst, attraction, sharedFitness } from "./competition.js";
import { competitionAttraction, competitionFitness } from "./native.js";

/** Who computes the competition sums: the TypeScript reference, or the native kernels (same sums in double, about 50x faster). */
export type CompetitionEngine = "typescript" | "native";

export interface ArchiveOptions {
  size: number;
  dim: number;
  samples: number;
  /** Sharing exponent: 1 for M2N2, 0 for the GA (fitness = number solved). */
  alpha: number;
  /** Per-datapoint capacity c_j (default 1 each). */
  capacity?: Float64Array | null;
  /** Default "typescript". */
  engine?: CompetitionEngine;
}

export class Archive {
  readonly size: number;
  readonly dim: number;
  readonly samples: number;
  readonly alpha: number;
  readonly capacity: Float64Array | null;
  /** size x dim parameters; row k is slot k. */
  readonly params: Float32Array;
  /** (size + 1) x samples scores; the extra last row holds the candidate child during tell(). */
  readonly scores: Float32Array;
  readonly filled: boolean[];
  readonly engine: CompetitionEngine;
  private readonly fitnessWithChild: Float64Array;

  constructor(options: ArchiveOptions) {
    const { size, dim, samples, alpha } = options;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
    if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
    if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`alpha must be finite and >= 0, got ${alpha}`);
    if (options.capacity && options.capacity.length !== samples) throw new RangeError("capacity must have one entry per sample");
    this.size = size;
    this.dim = dim;
    this.samples = samples;
    this.alpha = alpha;
    this.capacity = options.capacity ?? null;
    this.params = new Float32Array(size * dim);
    this.scores = new Float32Array((size + 1) * samples);
    this.filled = new Array<boolean>(size).fill(false);
    this.engine = options.engine ?? "typescript";
    if (this.engine !== "typescript" && this.engine !== "native") throw new RangeError(`engine must be "typescript" or "native", got ${String(this.engine)}`);
    this.fitnessWithChild = new Float64Array(size + 1);
  }

  row(k: number): Float32Array {
    return this.params.subarray(k * this.dim, (k + 1) * this.dim);
  }

  scoreRow(k: number): Float32Array {
    return this.scores.subarray(k * this.samples, (k + 1) * this.samples);
  }

  /** Shared fitness over the archive only (selection's view). */
  fitness(): { F: Float64Array; f: Float64Array } {
    if (this.engine === "native") {
      // F stays native: selectSecond asks the kernels for the attraction instead.
      const f = new Float64Array(this.size);
      competitionFitness(this.scores, this.size, this.samples, this.alpha, this.capacity, f);
      return { F: new Float64Array(0), f };
    }
    return sharedFitness(this.scores, this.size, this.samples, this.alpha, this.capacity);
  }

  /** Parent A drawn with probability proportional to shared fitness (uniform over filled slots if all are 0). */
  selectFirst(random: Random, f: Float64Array): number {
    return drawOrFallback(random, f, this.filled, -1);
  }

  /** Parent B: proportional to attraction to A, or, without the matchmaker, proportional to fitness. */
  selectSecond(random: Random, F: Float64Array, f: Float64Array, a: number, matchmaker: boolean): number {
    if (!matchmaker) return drawOrFallback(random, f, this.filled, -1);
    if (this.engine === "native") {
      const g = new Float64Array(this.size);
      competitionAttraction(this.scores, this.size, this.samples, this.alpha, this.capacity, a, g);
      return drawOrFallback(random, g, this.filled, a);
    }
    return drawOrFallback(random, attraction(F, this.size, this.samples, a), this.filled, a);
  }

  /**
   * Offers a child with its score row: the lowest shared fitness over archive + child (ties to the
   * lowest index) leaves. Returns the replaced slot, or -1 when the child itself is the lowest.
   */
  tell(child: Float32Array, childScores: ArrayLike<number>): number {
    if (child.length !== this.dim) throw new RangeError(`child must have ${this.dim} elements, got ${child.length}`);
    if (childScores.length !== this.samples) throw new RangeError(`childScores must have ${this.samples} entries, got ${childScores.length}`);
    for (let j = 0; j < this.samples; j++) {
      const s = childScores[j]!;
      if (!(s >= 0 && s <= 1)) throw new RangeError(`childScores[${j}] must be in [0, 1], got ${s}`);
    }
    this.scoreRow(this.size).set(childScores);
    let f = this.fitnessWithChild;
    if (this.engine === "native") competitionFitness(this.scores, this.size + 1, this.samples, this.alpha, this.capacity, f);
    else f = sharedFitness(this.scores, this.size + 1, this.samples, this.alpha, this.capacity).f;
    const worst = argminFirst(f);
    if (worst === this.size) return -1;
    this.row(worst).set(child);
    this.scoreRow(worst).set(childScores);
    this.filled[worst] = true;
    return worst;
  }

  /** The slot with the highest raw score sum (first on ties), or -1 when empty. */
  best(): number {
    let best = -1;
    let bestTotal = -1;
    for (let k = 0; k < this.size; k++) {
      if (!this.filled[k]) continue;
      let total = 0;
      const row = this.scoreRow(k);
      for (let j = 0; j < this.samples; j++) total += row[j]!;
      if (total > bestTotal) {
        best = k;
        bestTotal = total;
      }
    }
    return best;
  }
}

/** Draws proportionally to weights; when they sum to 0, uniformly over filled slots other than `exclude` (or exclude itself when alone). */
function drawOrFallback(random: Random, weights: Float64Array, filled: boolean[], exclude: number): number {
  let total = 0;
  for (const w of weights) total += w;
  if (total > 0) return random.weightedIndex(Array.from(weights));
  const candidates = filled.flatMap((isFilled, k) => (isFilled && k !== exclude ? [k] : []));
  if (candidates.length > 0) return random.choice(candidates);
  return exclude >= 0 ? exclude : 0;
}
