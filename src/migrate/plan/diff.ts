// Unified diffs for the plan, with every secret value redacted before it is printed.

/** Replace every occurrence of each value in `text` with `mask` (longest values first). */
export function redactValues(text: string, values: Iterable<string>, mask = '****'): string {
  const list = [...new Set(values)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of list) if (out.includes(v)) out = out.split(v).join(mask);
  return out;
}

type Op = { t: ' ' | '-' | '+'; line: string; a: number; b: number };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Line-level edit script: common prefix/suffix trimmed, LCS on the middle (replace-all when huge). */
function editScript(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ t: ' ', line: a[i]!, a: i, b: i });
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  if (am.length * bm.length > 4_000_000) {
    am.forEach((l, i) => ops.push({ t: '-', line: l, a: pre + i, b: pre }));
    bm.forEach((l, j) => ops.push({ t: '+', line: l, a: pre + am.length, b: pre + j }));
  } else {
    const n = am.length;
    const m = bm.length;
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * w + j] = am[i] === bm[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        ops.push({ t: ' ', line: am[i]!, a: pre + i, b: pre + j });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
        ops.push({ t: '-', line: am[i]!, a: pre + i, b: pre + j });
        i++;
      } else {
        ops.push({ t: '+', line: bm[j]!, a: pre + i, b: pre + j });
        j++;
      }
    }
  }
  for (let k = 0; k < suf; k++) {
    const ai = a.length - suf + k;
    const bi = b.length - suf + k;
    ops.push({ t: ' ', line: a[ai]!, a: ai, b: bi });
  }
  return ops;
}

/**
 * A unified diff of `before` -> `after` for `path` (git style a/ b/ headers), `context` lines of
 * context. `before` null means a new file. Empty string when the texts are equal.
 */
export function unifiedDiff(path: string, before: string | null, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before ?? '');
  const b = splitLines(after);
  const ops = editScript(a, b);
  const out: string[] = [`--- ${before === null ? '/dev/null' : `a/${path}`}`, `+++ b/${path}`];
  const changed = ops.map((o, i) => (o.t !== ' ' ? i : -1)).filter((i) => i >= 0);
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(ops.length - 1, changed[k]! + context);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end + 1) {
      k++;
      end = Math.min(ops.length - 1, changed[k]! + context);
    }
    k++;
    const hunk = ops.slice(start, end + 1);
    const aLen = hunk.filter((o) => o.t !== '+').length;
    const bLen = hunk.filter((o) => o.t !== '-').length;
    const aStart = aLen === 0 ? hunk[0]!.a : hunk[0]!.a + 1;
    const bStart = bLen === 0 ? hunk[0]!.b : hunk[0]!.b + 1;
    out.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@`);
    for (const o of hunk) out.push(`${o.t}${o.line}`);
  }
  const beforeNl = before === null || before === '' || before.endsWith('\n');
  const afterNl = after === '' || after.endsWith('\n');
  if (!beforeNl || !afterNl) out.push('\\ (end-of-file newline differs or is missing)');
  return out.join('\n') + '\n';
}
