// A unified diff (as `diff -u` writes it) between two texts, line by line, from a longest common
// subsequence. Used for the stored code_diff of each child and in error messages.

type Op = { kind: " " | "-" | "+"; text: string; a: number; b: number };

function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  // Common prefix and suffix first: patches touch a few lines of long files.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const n = am.length;
  const m = bm.length;
  const lcs: Int32Array[] = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = am[i] === bm[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: Op[] = [];
  for (let k = 0; k < head; k++) ops.push({ kind: " ", text: a[k]!, a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      ops.push({ kind: " ", text: am[i]!, a: head + i, b: head + j });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Deletions before insertions, as diff -u prints them.
      ops.push({ kind: "-", text: am[i]!, a: head + i, b: head + j });
      i++;
    } else {
      ops.push({ kind: "+", text: bm[j]!, a: head + i, b: head + j });
      j++;
    }
  }
  for (let k = 0; k < tail; k++) ops.push({ kind: " ", text: a[a.length - tail + k]!, a: a.length - tail + k, b: b.length - tail + k });
  return ops;
}

function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

/** Unified diff of `before` -> `after`; empty string when they are equal. */
export function unifiedDiff(before: string, after: string, fromLabel = "original", toLabel = "main", context = 3): string {
  if (before === after) return "";
  const ops = lineOps(before.split("\n"), after.split("\n"));
  const changed = ops.map((op, index) => (op.kind === " " ? -1 : index)).filter((index) => index >= 0);
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const lo = Math.max(0, index - context);
    const hi = Math.min(ops.length, index + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else hunks.push([lo, hi]);
  }
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  for (const [lo, hi] of hunks) {
    const slice = ops.slice(lo, hi);
    const aCount = slice.filter((op) => op.kind !== "+").length;
    const bCount = slice.filter((op) => op.kind !== "-").length;
    out.push(`@@ -${range(slice[0]!.a, aCount)} +${range(slice[0]!.b, bCount)} @@`);
    for (const op of slice) out.push(`${op.kind}${op.text}`);
  }
  return `${out.join("\n")}\n`;
}
