// Shared helpers for rewriters: turn a Finding's 1-based line/column into a UTF-16 offset in the file text,
// verified against the secret itself (never trusting the position blindly).
import type { RewriteRequest } from '../types.js';

export type RewriteItem = RewriteRequest['items'][number];

/** Offsets of the first character of every line (handles \n, \r\n and lone \r). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** A located secret: [start, end) in the file text. */
export interface SecretSpan {
  start: number;
  end: number;
  item: RewriteItem;
}

/**
 * Find where `item.finding.secret` sits in `text`. Tries the reported line/column first, then the same line,
 * then a line whose text equals `finding.lineText`. Returns undefined when the secret cannot be found verbatim
 * (e.g. it was decoded from base64, or the file changed) — the caller must then refuse to rewrite.
 */
export function locateSecret(text: string, item: RewriteItem, starts = lineStarts(text)): SecretSpan | undefined {
  const f = item.finding;
  const secret = f.secret;
  if (!secret || f.decodedFrom) return undefined;
  const lineIdx = f.line - 1;
  if (lineIdx >= 0 && lineIdx < starts.length) {
    const lineStart = starts[lineIdx]!;
    const guess = lineStart + Math.max(0, f.column - 1);
    if (text.startsWith(secret, guess)) return { start: guess, end: guess + secret.length, item };
    // Columns may have been counted in code points or bytes: search the line (and following lines for multi-line secrets).
    const lineEnd = lineIdx + 1 < starts.length ? starts[lineIdx + 1]! : text.length;
    const at = text.indexOf(secret, lineStart);
    if (at >= 0 && at < lineEnd) return { start: at, end: at + secret.length, item };
  }
  if (f.lineText) {
    for (let i = 0; i < starts.length; i++) {
      const s = starts[i]!;
      if (text.startsWith(f.lineText, s)) {
        const at = text.indexOf(secret, s);
        if (at >= 0 && at < s + f.lineText.length) return { start: at, end: at + secret.length, item };
      }
    }
  }
  return undefined;
}

/** Locate every item; returns the spans sorted by start, or the first item that could not be located. */
export function locateAll(
  text: string,
  items: RewriteItem[],
): { spans: SecretSpan[] } | { missing: RewriteItem } {
  const starts = lineStarts(text);
  const spans: SecretSpan[] = [];
  for (const item of items) {
    const span = locateSecret(text, item, starts);
    if (!span) return { missing: item };
    spans.push(span);
  }
  spans.sort((a, b) => a.start - b.start);
  return { spans: dedupeSpans(spans) };
}

/** The same value reported twice (two rules on one spot) becomes one span; overlapping different spans merge to the wider. */
function dedupeSpans(spans: SecretSpan[]): SecretSpan[] {
  const out: SecretSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      if (s.end > last.end) {
        // Overlap between different findings: keep the wider span but the first item's target.
        last.end = s.end;
      }
      continue;
    }
    out.push({ ...s });
  }
  return out;
}

/** Line number (1-based) of an offset, for notes. */
export function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Forward-slash repo-relative path helpers. */
export function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}
export function dirName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(0, i) : '';
}
export function joinRel(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

function occurrences(text: string, v: string): number {
  let n = 0;
  for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + v.length)) n++;
  return n;
}

/**
 * Key of the first value that still occurs more often than it should after the edit (each occurrence that was
 * found must be gone; other, unfound occurrences of a short value, e.g. a user name equal to the password,
 * may stay), or undefined.
 */
export function valueLeft(oldText: string, newText: string, items: RewriteItem[]): string | undefined {
  const found = new Map<string, { n: number; key: string }>();
  for (const it of items) {
    const s = it.finding.secret;
    if (!s) continue;
    const e = found.get(s) ?? { n: 0, key: it.key };
    e.n++;
    found.set(s, e);
  }
  for (const [v, { n, key }] of found) {
    const allowed = v.length >= 8 ? 0 : Math.max(0, occurrences(oldText, v) - n);
    if (occurrences(newText, v) > allowed) return key;
  }
  return undefined;
}
