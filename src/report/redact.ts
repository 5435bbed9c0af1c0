// Redaction: what a report shows in place of a secret. `redact` keeps a short prefix (none for short
// secrets) so people can tell findings apart; `maskLine` hides every occurrence of the value in a line;
// `Masker` hides every secret of a scan in any free text (commit messages, notes, paths).

export const MASK = '****';

/** A short prefix (at most 4 characters; fewer for short secrets; none under 8) then `****`. */
export function redact(secret: string): string {
  const n = secret.length < 8 ? 0 : Math.min(4, Math.floor(secret.length / 4));
  // Never cut through a surrogate pair or into a line break.
  let prefix = secret.slice(0, n).split(/[\r\n]/)[0];
  if (/[\uD800-\uDBFF]$/.test(prefix)) prefix = prefix.slice(0, -1);
  return prefix + MASK;
}

/** The pieces of a secret that can appear in one line: the whole value, or each long line of a multi-line one. */
function pieces(secret: string): string[] {
  if (!/[\r\n]/.test(secret)) return secret.length > 0 ? [secret] : [];
  return secret.split(/\r?\n|\r/).map((p) => p.trim()).filter((p) => p.length >= 4);
}

function replaceAll(text: string, needle: string, by: string): string {
  return needle === '' || !text.includes(needle) ? text : text.split(needle).join(by);
}

/** Masks every occurrence of `secret` (or of each line of a multi-line secret) in `text`. */
export function maskLine(text: string, secret: string): string {
  const r = redact(secret);
  let out = text;
  for (const p of pieces(secret).sort((a, b) => b.length - a.length)) out = replaceAll(out, p, r);
  return out;
}

/**
 * Masks a finding's line: every occurrence of the secret (or of each line of a multi-line secret), and
 * the finding's own span (0-based [start, end), UTF-16) when the secret is not found there as such, e.g.
 * base64 text it was decoded from. Overlapping regions become one mask. `focus` is the index, in the
 * returned text, of the mask nearest the span (for trimming long lines around it).
 */
export function maskSpan(text: string, secret: string, start?: number, end?: number): { text: string; focus: number } {
  const regions: Array<[number, number]> = [];
  for (const p of pieces(secret)) {
    for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) regions.push([i, i + p.length]);
  }
  const hasSpan = start !== undefined && end !== undefined && start >= 0 && end > start && start < text.length;
  if (hasSpan) {
    const s = start!;
    const e = Math.min(end!, text.length);
    const covered = regions.some(([a, b]) => a <= s && b >= e);
    if (!covered) regions.push([s, e]);
  }
  if (regions.length === 0) return { text, focus: hasSpan ? start! : 0 };
  regions.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of regions) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const mask = redact(secret);
  let out = '';
  let pos = 0;
  let focus = -1;
  let best = Infinity;
  const target = hasSpan ? start! : 0;
  for (const [a, b] of merged) {
    out += text.slice(pos, a);
    const d = Math.abs(a - target);
    if (d < best) {
      best = d;
      focus = out.length;
    }
    out += mask;
    pos = b;
  }
  out += text.slice(pos);
  return { text: out, focus: Math.max(0, focus) };
}

/** The three UTF-16 units at `i` as one number (exact: 48 bits). */
function key3(s: string, i: number): number {
  return (s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1)) * 65536 + s.charCodeAt(i + 2);
}

/**
 * Hides every secret of a scan wherever it turns up in free text. Needles are indexed by their first
 * three characters, so one pass over the text costs about the same for ten secrets or ten thousand.
 */
export class Masker {
  private readonly index = new Map<number, Array<[string, string]>>();
  /** Length of the longest needle. */
  readonly longest: number = 0;

  constructor(secrets: Iterable<string>, readonly enabled = true) {
    const map = new Map<string, string>();
    for (const s of secrets) {
      for (const p of pieces(s)) if (p.length >= 4 && !map.has(p)) map.set(p, redact(s));
      // A secret's base64 form is as good as the secret.
      if (s.length >= 4) {
        const b64 = Buffer.from(s, 'utf8').toString('base64').replace(/=+$/, '');
        if (b64.length >= 8 && !map.has(b64)) map.set(b64, redact(s));
      }
    }
    for (const n of map.keys()) if (n.length > this.longest) this.longest = n.length;
    for (const entry of [...map.entries()].sort((a, b) => b[0].length - a[0].length)) {
      const key = key3(entry[0], 0);
      const list = this.index.get(key);
      if (list) list.push(entry);
      else this.index.set(key, [entry]);
    }
  }

  text(s: string): string;
  text(s: string | undefined): string | undefined;
  text(s: string | undefined): string | undefined {
    if (s === undefined || !this.enabled || this.index.size === 0 || s.length < 4) return s;
    let out = '';
    let last = 0;
    let i = 0;
    const end = s.length - 4;
    while (i <= end) {
      const candidates = this.index.get(key3(s, i));
      const hit = candidates?.find(([needle]) => s.startsWith(needle, i));
      if (hit) {
        out += s.slice(last, i) + hit[1];
        i += hit[0].length;
        last = i;
      } else i++;
    }
    return last === 0 ? s : out + s.slice(last);
  }
}
