// Log-space arithmetic for the bandit's reward sums, which are exponentials of score gains and
// would overflow in linear space.

export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** log(e^z - 1), with z itself for z > 50 where the difference is below double precision. */
export function logExpm1(z: number): number {
  return z > 50 ? z : Math.log(Math.expm1(z));
}

/**
 * The decay map S -> f*S / (1 + (1 - f)*S) applied to S = e^s, in log space:
 * s + ln f - log(1 + (1 - f) e^s), with the log term rewritten for large s so e^s never overflows.
 */
export function decayLog(s: number, factor: number): number {
  const rest = 1 - factor;
  const log1pTerm = s > 0 ? s + Math.log(rest + Math.exp(-s)) : Math.log1p(rest * Math.exp(s));
  return s + Math.log(factor) - log1pTerm;
}

/** The p-th percentile (0..100) with linear interpolation between order statistics (numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("percentile of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const position = ((sorted.length - 1) * p) / 100;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (position - low);
}
