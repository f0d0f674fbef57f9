// A unified diff of two texts (line-based LCS; programs are small), used for edit.diff, the
// stored code_diff and the nearest-window hint of SEARCH_NOT_FOUND.

type Op = { kind: " " | "-" | "+"; line: string; a: number; b: number };

function operations(a: readonly string[], b: readonly string[]): Op[] {
  // Trim the common head and tail first so the quadratic table stays small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ma = a.slice(head, a.length - tail);
  const mb = b.slice(head, b.length - tail);
  const width = mb.length + 1;
  const table = new Uint32Array((ma.length + 1) * width);
  for (let i = ma.length - 1; i >= 0; i--) {
    for (let j = mb.length - 1; j >= 0; j--) {
      table[i * width + j] = ma[i] === mb[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: " ", line: a[i]!, a: i, b: i });
  let i = 0;
  let j = 0;
  while (i < ma.length || j < mb.length) {
    if (i < ma.length && j < mb.length && ma[i] === mb[j]) {
      ops.push({ kind: " ", line: ma[i]!, a: head + i++, b: head + j++ });
    } else if (i < ma.length && (j === mb.length || table[(i + 1) * width + j]! >= table[i * width + j + 1]!)) {
      ops.push({ kind: "-", line: ma[i]!, a: head + i++, b: head + j });
    } else {
      ops.push({ kind: "+", line: mb[j]!, a: head + i, b: head + j++ });
    }
  }
  for (let k = 0; k < tail; k++) ops.push({ kind: " ", line: a[a.length - tail + k]!, a: a.length - tail + k, b: b.length - tail + k });
  return ops;
}

/** Unified diff with `context` lines around each change; "" when the texts are equal. */
export function unifiedDiff(before: string, after: string, labels: [string, string] = ["original", "main"], context = 3): string {
  if (before === after) return "";
  const ops = operations(before.split("\n"), after.split("\n"));
  const changed = ops.map((op, k) => (op.kind !== " " ? k : -1)).filter((k) => k >= 0);
  const out = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  let k = 0;
  while (k < changed.length) {
    let first = changed[k]!;
    let last = first;
    while (k + 1 < changed.length && changed[k + 1]! - last <= 2 * context + 1) last = changed[++k]!;
    k++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    const hunk = ops.slice(from, to);
    const aLines = hunk.filter((op) => op.kind !== "+").length;
    const bLines = hunk.filter((op) => op.kind !== "-").length;
    const aStart = hunk[0]!.a + (aLines > 0 ? 1 : 0);
    const bStart = hunk[0]!.b + (bLines > 0 ? 1 : 0);
    out.push(`@@ -${aStart},${aLines} +${bStart},${bLines} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    first = last;
  }
  return `${out.join("\n")}\n`;
}
