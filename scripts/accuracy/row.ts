// One row of the bench's markdown table, and the formatting its cells share.
export interface Row {
  corpus: string;
  recall: string;
  precision: string;
  detail: string;
}

export const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

/** "a 3, b 2, …" from the largest count down; at most `top` entries (then "+N more"). */
export function topCounts(m: Map<string, number>, top = Infinity): string {
  const all = [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = all.slice(0, top).map(([k, v]) => `${k} ${v}`);
  if (all.length > top) shown.push(`+${all.length - top} more`);
  return shown.join(', ') || 'none';
}
