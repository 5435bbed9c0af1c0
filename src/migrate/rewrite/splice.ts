// Shared machinery of the config-format rewriters: locate each secret, let the format say whether the span
// sits inside a value (and how to wrap the reference there), splice with magic-string, and report.
import MagicString from 'magic-string';
import type { RewriteRequest, RewriteResult } from '../types.js';
import { formatReference } from '../references.js';
import { lineOf, lineStarts, locateAll, valueLeft, type SecretSpan } from './locate.js';
import { manualResult } from './manual.js';

/** Characters a reference key may contain: a secret embedded in a longer value must not be followed by one. */
const KEY_CHAR = /[A-Za-z0-9_.%-]/;

/** True when the char before `offset` is an unescaped backslash (the span would cut an escape sequence). */
export function cutsEscape(text: string, offset: number): boolean {
  let n = 0;
  for (let i = offset - 1; i >= 0 && text[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

export interface SpanContext {
  /** The value (decoded or raw) the secret sits in equals the secret exactly. */
  whole: boolean;
}

export interface SpliceFormat {
  /** Human name for notes, e.g. ".env". */
  label: string;
  /**
   * Check a located span. Return a SpanContext when it sits inside one value that can be edited in place,
   * or a string explaining why not.
   */
  check(span: SecretSpan, text: string): Promise<SpanContext | string> | SpanContext | string;
  /** Text to put in place of the secret; default: the bare reference. */
  wrap?(reference: string, span: SecretSpan, ctx: SpanContext): string;
  /**
   * A line to insert at the start of the span's line (a comment that carries the reference where the
   * value itself cannot), or undefined for none. It ends with a line break and is inserted once per line.
   */
  lineBefore?(reference: string, span: SecretSpan): string | undefined;
  /**
   * Quotes to put around the whole value holding the span (once per value), where the format would otherwise
   * cut the reference short (a `#` starts a comment in an unquoted .env value); undefined for none.
   */
  quoteValue?(span: SecretSpan): { start: number; end: number; quote: string } | undefined;
  /** Parse check of the new text (error message or null). */
  validate(text: string): Promise<string | null>;
  /** A note for the plan once per file (what the app must do to resolve the references). */
  fileNote?: string;
  /** The references are left for the app's own code to resolve where it loads the file (see load-sites/). */
  readByApp?: boolean;
}

export async function spliceRewrite(req: RewriteRequest, fmt: SpliceFormat): Promise<RewriteResult> {
  const located = locateAll(req.text, req.items);
  if ('missing' in located) {
    return manualResult(`value for key ${located.missing.key} not found verbatim at line ${located.missing.finding.line}`, req);
  }
  const starts = lineStarts(req.text);
  const ms = new MagicString(req.text);
  const notes: string[] = [];
  const inserted = new Set<string>();
  const quoted = new Map<number, { start: number; end: number; quote: string }>();
  for (const span of located.spans) {
    const line = lineOf(starts, span.start);
    const ctx = await fmt.check(span, req.text);
    if (typeof ctx === 'string') return manualResult(`${fmt.label} line ${line}: ${ctx}`, req);
    if (cutsEscape(req.text, span.start)) return manualResult(`${fmt.label} line ${line}: value starts inside an escape sequence`, req);
    const next = req.text[span.end];
    if (!ctx.whole && next !== undefined && KEY_CHAR.test(next)) {
      return manualResult(`${fmt.label} line ${line}: value is embedded in text that would run into the reference`, req);
    }
    const ref = formatReference(span.item.secretName, span.item.key);
    const replacement = fmt.wrap ? fmt.wrap(ref, span, ctx) : ref;
    ms.overwrite(span.start, span.end, replacement);
    const before = fmt.lineBefore?.(ref, span);
    if (before) {
      const at = starts[line - 1]!;
      const key = `${at}\0${before}`;
      if (!inserted.has(key)) ms.appendLeft(at, before);
      inserted.add(key);
    }
    const q = fmt.quoteValue?.(span);
    if (q) quoted.set(q.start, q);
    const shown = !q ? replacement : q.start === span.start && q.end === span.end ? `${q.quote}${replacement}${q.quote}` : `${q.quote}…${replacement}…${q.quote}`;
    notes.push(`${req.path}:${line}: value of ${span.item.key} -> ${shown}`);
  }
  for (const q of quoted.values()) {
    ms.appendLeft(q.start, q.quote);
    ms.prependRight(q.end, q.quote);
  }
  const newText = ms.toString();
  const err = await fmt.validate(newText);
  if (err) return manualResult(`${fmt.label} would no longer parse after the edit (${err})`, req);
  const left = valueLeft(req.text, newText, req.items);
  if (left) return manualResult(`value of ${left} still occurs elsewhere in the file`, req);
  if (fmt.fileNote) notes.push(`${req.path}: ${fmt.fileNote}`);
  return { kind: 'edit', newText, extraFiles: {}, notes, readByApp: fmt.readByApp };
}
