// Ratcliff/Obershelp similarity, 2·M/T, as Python's difflib.SequenceMatcher.ratio() computes it
// (without its "autojunk" heuristic, which only matters for sequences of 200+ items): used to point
// a model at the lines it probably meant when its SEARCH text was not found.

function longestMatch(a: string, b: string, alo: number, ahi: number, blo: number, bhi: number): [number, number, number] {
  let best: [number, number, number] = [alo, blo, 0];
  // lengths[j] = length of the common run ending at a[i-1], b[j-1]
  let previous = new Int32Array(bhi - blo + 1);
  for (let i = alo; i < ahi; i++) {
    const current = new Int32Array(bhi - blo + 1);
    for (let j = blo; j < bhi; j++) {
      if (a[i] !== b[j]) continue;
      const k = previous[j - blo]! + 1;
      current[j - blo + 1] = k;
      // Earliest start in a, then in b, wins ties: as difflib.
      if (k > best[2]) best = [i - k + 1, j - k + 1, k];
    }
    previous = current;
  }
  return best;
}

function matchingCharacters(a: string, b: string, alo: number, ahi: number, blo: number, bhi: number): number {
  if (alo >= ahi || blo >= bhi) return 0;
  const [i, j, k] = longestMatch(a, b, alo, ahi, blo, bhi);
  if (k === 0) return 0;
  return k + matchingCharacters(a, b, alo, i, blo, j) + matchingCharacters(a, b, i + k, ahi, j + k, bhi);
}

export function similarityRatio(a: string, b: string): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  return (2 * matchingCharacters(a, b, 0, a.length, 0, b.length)) / total;
}
