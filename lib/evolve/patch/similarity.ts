// Ratcliff/Obershelp similarity, 2·M/T as Python's difflib.SequenceMatcher.ratio() computes it
// (without the junk heuristic): M counts the elements of the longest common block, recursively
// on both sides of it.

function longestMatch<T>(a: readonly T[], b: readonly T[], alo: number, ahi: number, blo: number, bhi: number): [number, number, number] {
  let best: [number, number, number] = [alo, blo, 0];
  let previous = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const current = new Map<number, number>();
    for (let j = blo; j < bhi; j++) {
      if (a[i] !== b[j]) continue;
      const k = (previous.get(j - 1) ?? 0) + 1;
      current.set(j, k);
      if (k > best[2]) best = [i - k + 1, j - k + 1, k];
    }
    previous = current;
  }
  return best;
}

function matchingCount<T>(a: readonly T[], b: readonly T[]): number {
  let total = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longestMatch(a, b, alo, ahi, blo, bhi);
    if (k === 0) continue;
    total += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return total;
}

/** An upper bound of ratio() from the shared multiset of elements (difflib's quick_ratio). */
function quickRatio(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let matches = 0;
  for (const ch of a) {
    const left = counts.get(ch) ?? 0;
    if (left > 0) {
      matches++;
      counts.set(ch, left - 1);
    }
  }
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matches) / total;
}

export function ratio(a: string, b: string): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  return (2 * matchingCount([...a], [...b])) / total;
}

/** ratio(a, b) when it may exceed `threshold`, else 0 (skips the expensive part). */
export function ratioAbove(a: string, b: string, threshold: number): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  if ((2 * Math.min(a.length, b.length)) / total <= threshold) return 0;
  if (quickRatio(a, b) <= threshold) return 0;
  const r = ratio(a, b);
  return r > threshold ? r : 0;
}
