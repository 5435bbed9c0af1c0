// Redacted views of a finding for people to judge: the value cut to a short prefix, and its source
// line with every finding's value on it replaced by the redacted form. No full value leaves here.
import type { Finding } from '../../src/types.js';

const MASK = '****';

/** Characters that would garble a one-line display (tabs, CR, other control characters). */
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ');

/** At most the first 3 characters and '****'; fewer for short values, so a prefix is never most of the value. */
export function redactValue(value: string): string {
  // Leading white space (a private key's body starts after a line break) says nothing: skip it.
  const chars = [...value.replace(/^\s+/, '')];
  const keep = Math.min(3, Math.floor(chars.length / 3));
  return `${clean(chars.slice(0, keep).join(''))}${MASK}`;
}

/** Where `f`'s value sits on its own line (`f.lineText`), as [start, end) in UTF-16 units. */
function spanOnLine(f: Finding): [number, number] | undefined {
  const text = f.lineText;
  const start = f.column - 1;
  if (start < 0 || start > text.length) return undefined;
  // A value spanning lines (a private key) runs to the end of its first line.
  const end = f.endLine > f.line ? text.length : Math.min(text.length, Math.max(start, f.endColumn - 1));
  return [start, end];
}


/** Every place `value` occurs in `text`, as [start, end). */
function occurrences(text: string, value: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) out.push([at, at + value.length]);
  return out;
}

/**
 * `f.lineText` with the value of `f` and of every finding in `sameLine` (findings on that line,
 * `f` may be among them) replaced by its redacted form, wherever on the line it occurs (a value
 * of 3 characters or more; shorter ones only where found), cut to about `width` characters
 * around `f`'s value. Returns undefined when a value cannot be located on the line (nothing is
 * shown then).
 */
export function redactLine(f: Finding, sameLine: Finding[], width = 160): string | undefined {
  const text = f.lineText;
  const spans: Array<{ start: number; end: number; red: string; own: boolean }> = [];
  for (const g of [f, ...sameLine.filter((x) => x !== f)]) {
    if (g.lineText !== text) continue;
    const s = spanOnLine(g);
    if (!s) return undefined;
    const red = redactValue(g.secret);
    spans.push({ start: s[0], end: s[1], red: `${/^\s*/.exec(g.secret)![0]}${red}`, own: g === f });
    // The same value elsewhere on the line (`x = "v" ... check("v")`) goes too.
    const first = g.secret.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
    if (first.length >= 3) for (const [start, end] of occurrences(text, first)) spans.push({ start, end, red, own: false });
  }
  // Merge overlapping spans (two rules on one value, a value inside another), then rebuild the line.
  spans.sort((a, b) => a.start - b.start || Number(b.own) - Number(a.own) || b.end - a.end);
  const merged: typeof spans = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      last.own ||= s.own;
    } else merged.push({ ...s });
  }
  let out = '';
  let at = 0;
  let focus = 0;
  for (const s of merged) {
    out += text.slice(at, s.start);
    if (s.own) focus = out.length;
    out += s.red;
    at = s.end;
  }
  out += text.slice(at);
  out = clean(out);
  if (out.length <= width) return out;
  const from = Math.max(0, Math.min(focus - Math.floor(width / 3), out.length - width));
  return `${from > 0 ? '…' : ''}${out.slice(from, from + width)}${from + width < out.length ? '…' : ''}`;
}
