// Shared test helpers: a seeded generator and random packings.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: small, deterministic, good enough for test inputs.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

export function randomPackings(
  batch: number,
  n: number,
  seed: number,
  { width = 1, height = 1, radius = 0.15 } = {},
): { centers: Float64Array; radii: Float64Array } {
  const random = seededRandom(seed);
  const centers = new Float64Array(batch * n * 2);
  const radii = new Float64Array(batch * n);
  for (let k = 0; k < batch * n; k++) {
    // Some centres fall slightly outside the box and some radii are negative, to exercise every term.
    centers[2 * k] = -0.05 * width + 1.1 * width * random();
    centers[2 * k + 1] = -0.05 * height + 1.1 * height * random();
    radii[k] = radius * (random() - 0.05);
  }
  return { centers, radii };
}

export function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}
