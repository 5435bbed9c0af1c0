// The lexer of parse.ts (and of the quantifiers parse-go.ts reads): quantifiers, escapes and
// character classes in JavaScript syntax without the u flag (how src/config/regex.ts compiles
// rules). Escapes no analysis models come back as `unknown`, for each analysis to judge.
import { type Ranges, DIGIT, WORD, SPACE, complement, normalize } from './char-ranges.js';
import type { ClassItem } from './ast.js';

/** A quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, lazy or not): its bounds and end. */
export function readQuantifier(src: string, i: number): { min: number; max: number; end: number } | undefined {
  const c = src[i];
  let q: { min: number; max: number; end: number };
  if (c === '*') q = { min: 0, max: Infinity, end: i + 1 };
  else if (c === '+') q = { min: 1, max: Infinity, end: i + 1 };
  else if (c === '?') q = { min: 0, max: 1, end: i + 1 };
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
    if (!m) return undefined;
    const min = Number(m[1]);
    q = { min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]), end: i + m[0].length };
  } else return undefined;
  if (src[q.end] === '?') q.end++;
  return q;
}

/**
 * An escape at `i` (the backslash): the characters it stands for, a backreference (the group's
 * name or number), or `unknown` (octal escapes, `\c` without a letter, `\b` outside a class, which
 * is an assertion), with where it ends. A trailing backslash throws.
 */
export type Escape = { end: number } & ({ ranges: Ranges } | { backref: string } | { unknown: true });

const CLASS_ESCAPES: Record<string, Ranges> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
  n: [[10, 10]],
  r: [[13, 13]],
  t: [[9, 9]],
  v: [[11, 11]],
  f: [[12, 12]],
};

/** What a class escape (d, D, w, W, s, S) matches. */
export function classEscapeSet(name: string): Ranges {
  return CLASS_ESCAPES[name];
}

export function readEscape(src: string, i: number, inClass: boolean): Escape {
  const c = src[i + 1];
  if (c === undefined) throw new Error('trailing backslash');
  let end = i + 2;
  const one = (code: number): Escape => ({ ranges: [[code, code]], end });
  if (CLASS_ESCAPES[c]) return { ranges: CLASS_ESCAPES[c], end };
  switch (c) {
    case 'b':
      return inClass ? one(8) : { unknown: true, end };
    case 'c': {
      const l = src[end];
      if (!l || !/[A-Za-z]/.test(l)) return { unknown: true, end };
      end++;
      return one(l.charCodeAt(0) % 32);
    }
    case 'x':
    case 'u': {
      const digits = c === 'x' ? 2 : 4;
      const h = src.slice(end, end + digits);
      if (h.length < digits || !/^[0-9a-fA-F]+$/.test(h)) return one(c.charCodeAt(0));
      end += digits;
      return one(parseInt(h, 16));
    }
    case 'k': {
      if (src[end] !== '<') return one(107);
      const close = src.indexOf('>', end);
      if (close === -1) throw new Error('bad \\k');
      return { backref: src.slice(end + 1, close), end: close + 1 };
    }
  }
  if (/[0-9]/.test(c)) {
    // A lone \0 is NUL; \1.. outside a class a backreference; anything else an octal escape.
    if (c === '0' && !/[0-9]/.test(src[end] ?? '')) return one(0);
    if (c === '0' || inClass) return { unknown: true, end };
    while (/[0-9]/.test(src[end] ?? '')) end++;
    return { backref: src.slice(i + 1, end), end };
  }
  // Without the u flag every other escape (\p, \., \-, ...) is the character itself.
  return one(c.charCodeAt(0));
}

/**
 * A character class at `i` (the `[`): its members in order and whether it is negated, and its end.
 * `[\w-x]` (a class escape at a range's end) is the escape, '-' and x, as without the u flag. An
 * escape the lexer does not model is kept as written; a reversed or unterminated class throws.
 */
export function readClass(src: string, i: number): { items: ClassItem[]; negated: boolean; end: number } {
  let at = i + 1;
  const negated = src[at] === '^';
  if (negated) at++;
  const atom = (): ClassItem => {
    if (src[at] !== '\\') {
      const code = src.charCodeAt(at++);
      return { lo: code, hi: code };
    }
    const start = at;
    const e = readEscape(src, at, true);
    at = e.end;
    if (!('ranges' in e)) return { unknown: src.slice(start, at) };
    const [r] = e.ranges;
    return e.ranges.length === 1 && r[0] === r[1] ? { lo: r[0], hi: r[0] } : { escape: src[start + 1], set: e.ranges };
  };
  const items: ClassItem[] = [];
  while (at < src.length && src[at] !== ']') {
    const lo = atom();
    if (src[at] === '-' && at + 1 < src.length && src[at + 1] !== ']') {
      at++;
      const hi = atom();
      if ('lo' in lo && 'lo' in hi) {
        if (lo.lo > hi.lo) throw new Error('bad range');
        items.push({ lo: lo.lo, hi: hi.lo });
      } else items.push(lo, { lo: 45, hi: 45 }, hi);
    } else items.push(lo);
  }
  if (src[at] !== ']') throw new Error('unterminated class');
  return { items, negated, end: at + 1 };
}

/** The characters a class's members stand for (normalized, before case folding and negation); an unmodelled escape as `unknownAs`. */
export function classSet(items: ClassItem[], unknownAs: Ranges): Ranges {
  return normalize(items.flatMap((it): Ranges => ('lo' in it ? [[it.lo, it.hi]] : 'set' in it ? it.set : unknownAs)));
}
