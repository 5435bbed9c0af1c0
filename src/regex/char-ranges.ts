// Character sets as sorted, disjoint, inclusive ranges of UTF-16 code units: the vocabulary the
// regex analyses (facts-walk.ts, backtracking.ts, run-start.ts) reason in.

/** A set of UTF-16 code units as sorted, disjoint, inclusive ranges. */
export type Ranges = Array<[number, number]>;

export const MAX = 0xffff;
export const DIGIT: Ranges = [[48, 57]];
export const WORD: Ranges = [[48, 57], [65, 90], [95, 95], [97, 122]];
export const SPACE: Ranges = [[9, 13], [32, 32], [160, 160], [5760, 5760], [8192, 8202], [8232, 8233], [8239, 8239], [8287, 8287], [12288, 12288], [65279, 65279]];
export const ANY: Ranges = [[0, MAX]];

export function normalize(r: Ranges): Ranges {
  const s = [...r].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of s) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** `r` with the other case of each ASCII letter in it (what the i flag adds, without u). */
export function foldCase(r: Ranges): Ranges {
  const extra: Ranges = [];
  for (const [lo, hi] of r) {
    if (lo <= 90 && hi >= 65) extra.push([Math.max(lo, 65) + 32, Math.min(hi, 90) + 32]);
    if (lo <= 122 && hi >= 97) extra.push([Math.max(lo, 97) - 32, Math.min(hi, 122) - 32]);
  }
  return normalize([...r, ...extra]);
}

export function union(a: Ranges, b: Ranges): Ranges {
  return normalize([...a, ...b]);
}

/** Whether every character of `a` is in `b`. */
export function within(a: Ranges, b: Ranges): boolean {
  const nb = normalize(b);
  return normalize(a).every(([lo, hi]) => nb.some(([l, h]) => l <= lo && hi <= h));
}

export function complement(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalize(r)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX) out.push([next, MAX]);
  return out;
}
