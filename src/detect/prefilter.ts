// Static facts about a rule's regex that let the detector run it on less text, without changing
// what it finds:
//
// - lineLocal: no match (and no lookaround) can contain a '\n', and ^/$ mean line start/end (or
//   are absent). Then every match lies inside one line, and matching each line on its own finds
//   exactly the matches a run over the whole fragment finds.
// - anchored: every match contains one of the rule's keywords (ASCII case-insensitively), e.g.
//   `[\w.]*(?:secret|api[_.-]?key)[\w.]*\s*=...` with keywords secret, key. Then a match can only
//   sit on a line where a keyword occurs.
//
// A rule that is both runs only on the lines holding one of its keywords; any other rule runs on
// the whole fragment, as before. The analysis is conservative: a construct it does not understand
// makes the answer "no", never a wrong "yes". Regexes are JavaScript syntax without the u flag
// (how src/config/regex.ts compiles them).
import { type Ranges, MAX, DIGIT, WORD, SPACE, normalize, complement } from './char-ranges.js';

export interface RegexFacts {
  lineLocal: boolean;
  anchored: boolean;
}

function hasNewline(r: Ranges): boolean {
  return r.some(([lo, hi]) => lo <= 10 && 10 <= hi);
}

function size(r: Ranges): number {
  return r.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
}

/** Lower-case ASCII letters only (the keyword scan's notion of case). */
function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The strings (lower-cased) one character of `r` can be, when there are few; else undefined. */
function smallCharSet(r: Ranges, ignoreCase: boolean): string[] | undefined {
  if (size(r) > 8) return undefined;
  const out = new Set<string>();
  for (const [lo, hi] of r) for (let c = lo; c <= hi; c++) out.add(lowerAscii(String.fromCharCode(c)));
  // With the i flag a letter also matches its other case, which lower-casing already covers
  // for ASCII; a non-ASCII letter could match other characters, so give up on those.
  if (ignoreCase && [...out].some((s) => s.charCodeAt(0) > 127 && s.toLowerCase() !== s.toUpperCase())) return undefined;
  return [...out];
}

/** What the analysis knows about a piece of regex. */
interface Info {
  /** Can consume a '\n' (or a lookaround inside can look at one). */
  nl: boolean;
  /** Uses ^ or $ without the m flag. */
  textAnchor: boolean;
  /** Every match contains a keyword. */
  anchored: boolean;
  /** The finite set of strings it matches (lower-cased), when small; else undefined. */
  exact?: string[];
}

// Enough for `api[_.-]?key`-style spellings; beyond it the analysis gives up (conservatively).
const LIMIT = 64;

function product(a: string[], b: string[]): string[] | undefined {
  if (a.length * b.length > LIMIT) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

class Parser {
  private i = 0;
  private groupNl = false;
  private hasBackref = false;
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
    private readonly multiline: boolean,
    private readonly dotAll: boolean,
    private readonly containsKeyword: (s: string) => boolean,
  ) {}

  parse(): Info | undefined {
    const info = this.disjunction();
    if (this.i !== this.src.length) return undefined;
    // A backreference repeats a group's text: it can hold a '\n' only if some group can.
    if (this.hasBackref && this.groupNl) info.nl = true;
    return info;
  }

  private fromExact(exact: string[] | undefined, nl: boolean): Info {
    return { nl, textAnchor: false, anchored: exact !== undefined && exact.every(this.containsKeyword), exact };
  }

  private disjunction(): Info {
    const alts: Info[] = [this.alternative()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.alternative());
    }
    if (alts.length === 1) return alts[0];
    const nl = alts.some((a) => a.nl);
    const textAnchor = alts.some((a) => a.textAnchor);
    let exact: string[] | undefined = [];
    for (const a of alts) {
      if (!a.exact || !exact) {
        exact = undefined;
        continue;
      }
      exact = [...new Set([...exact, ...a.exact])];
      if (exact.length > LIMIT) exact = undefined;
    }
    return { nl, textAnchor, anchored: alts.every((a) => a.anchored), exact };
  }

  private alternative(): Info {
    let nl = false;
    let textAnchor = false;
    let anchored = false;
    // The current run of terms with small finite languages, as their product.
    let run: string[] = [''];
    let all: string[] | undefined = [''];
    const closeRun = (): void => {
      if (run.length && run.every(this.containsKeyword)) anchored = true;
    };
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const t = this.term();
      nl ||= t.nl;
      textAnchor ||= t.textAnchor;
      if (t.anchored) anchored = true;
      if (t.exact) {
        all = all ? product(all, t.exact) : undefined;
        const joined = run ? product(run, t.exact) : undefined;
        if (joined) run = joined;
        else {
          // Too many combinations: judge the run so far, then start a new one at this term.
          closeRun();
          run = t.exact;
        }
      } else {
        closeRun();
        run = [''];
        all = undefined;
      }
    }
    closeRun();
    return { nl, textAnchor, anchored, exact: all };
  }

  private term(): Info {
    const c = this.src[this.i];
    // Assertions
    if (c === '^' || c === '$') {
      this.i++;
      return { nl: false, textAnchor: !this.multiline, anchored: false, exact: [''] };
    }
    if (this.src.startsWith('\\b', this.i) || this.src.startsWith('\\B', this.i)) {
      this.i += 2;
      return { nl: false, textAnchor: false, anchored: false, exact: [''] };
    }
    if (this.src.startsWith('(?=', this.i) || this.src.startsWith('(?!', this.i) || this.src.startsWith('(?<=', this.i) || this.src.startsWith('(?<!', this.i)) {
      this.i += this.src[this.i + 2] === '<' ? 4 : 3;
      const body = this.disjunction();
      this.expect(')');
      // A lookaround consumes nothing; a quantifier on a lookahead is legal (without u) but pointless.
      const q = this.quantifier();
      if (q) return { nl: body.nl, textAnchor: body.textAnchor, anchored: false, exact: undefined };
      return { nl: body.nl, textAnchor: body.textAnchor, anchored: false, exact: [''] };
    }
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    const [min, max] = q;
    let exact: string[] | undefined;
    if (atom.exact && max !== Infinity && max <= 4) {
      exact = [''];
      const parts: string[] = [];
      for (let k = 0; k <= max && exact; k++) {
        if (k >= min) parts.push(...exact);
        if (k < max) exact = product(exact, atom.exact);
      }
      exact = exact && parts.length <= LIMIT ? [...new Set(parts)] : undefined;
    }
    return { nl: atom.nl, textAnchor: atom.textAnchor, anchored: min >= 1 && atom.anchored, exact };
  }

  /** [min, max] of a quantifier at the cursor (consumed), or undefined. */
  private quantifier(): [number, number] | undefined {
    const c = this.src[this.i];
    let q: [number, number] | undefined;
    if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '?') q = [0, 1];
    if (q) this.i++;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return undefined;
      this.i += m[0].length;
      const min = Number(m[1]);
      q = [min, m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])];
    } else return undefined;
    if (this.src[this.i] === '?') this.i++;
    return q;
  }

  private expect(ch: string): void {
    if (this.src[this.i] !== ch) throw new Error('unexpected');
    this.i++;
  }

  private atom(): Info {
    const c = this.src[this.i];
    if (c === '(') {
      this.i++;
      if (this.src[this.i] === '?') {
        if (this.src[this.i + 1] === ':') this.i += 2;
        else if (this.src[this.i + 1] === '<') {
          const end = this.src.indexOf('>', this.i);
          if (end === -1) throw new Error('bad group');
          this.i = end + 1;
        } else throw new Error('unknown group');
      }
      const body = this.disjunction();
      this.expect(')');
      if (body.nl) this.groupNl = true;
      return body;
    }
    if (c === '.') {
      this.i++;
      const r: Ranges = this.dotAll ? [[0, MAX]] : complement([[10, 10], [13, 13], [8232, 8233]]);
      return this.fromExact(undefined, hasNewline(r));
    }
    if (c === '[') return this.charClass();
    if (c === '\\') {
      const esc = this.escape(false);
      if (esc === 'backref') {
        this.hasBackref = true;
        return { nl: false, textAnchor: false, anchored: false, exact: undefined };
      }
      return this.fromRanges(esc);
    }
    if (c === ')' || c === '|' || c === undefined) throw new Error('unexpected');
    if (c === '*' || c === '+' || c === '?') throw new Error('nothing to repeat');
    this.i++;
    const code = c.charCodeAt(0);
    return this.fromRanges([[code, code]]);
  }

  private fromRanges(r: Ranges): Info {
    return this.fromExact(smallCharSet(normalize(r), this.ignoreCase), hasNewline(r));
  }

  /** An escape at the cursor: the characters it stands for, or 'backref'. */
  private escape(inClass: boolean): Ranges | 'backref' {
    this.i++; // backslash
    const c = this.src[this.i];
    if (c === undefined) throw new Error('trailing backslash');
    this.i++;
    switch (c) {
      case 'd':
        return DIGIT;
      case 'D':
        return complement(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return SPACE;
      case 'S':
        return complement(SPACE);
      case 'n':
        return [[10, 10]];
      case 'r':
        return [[13, 13]];
      case 't':
        return [[9, 9]];
      case 'v':
        return [[11, 11]];
      case 'f':
        return [[12, 12]];
      case 'b':
        if (inClass) return [[8, 8]];
        throw new Error('assertion');
      case 'c': {
        const l = this.src[this.i];
        if (l && /[A-Za-z]/.test(l)) {
          this.i++;
          const v = l.charCodeAt(0) % 32;
          return [[v, v]];
        }
        // `\c` not followed by a letter is a literal backslash and 'c'; not worth modelling.
        throw new Error('odd \\c');
      }
      case 'x': {
        const h = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
        if (!h) return [[120, 120]];
        this.i += 2;
        const v = parseInt(h[0], 16);
        return [[v, v]];
      }
      case 'u': {
        const h = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.i));
        if (!h) return [[117, 117]];
        this.i += 4;
        const v = parseInt(h[0], 16);
        return [[v, v]];
      }
      case 'k':
        if (this.src[this.i] === '<') {
          const end = this.src.indexOf('>', this.i);
          if (end === -1) throw new Error('bad \\k');
          this.i = end + 1;
          return 'backref';
        }
        return [[107, 107]];
      case 'p':
      case 'P':
        // Without the u flag these are the letters themselves.
        return [[c.charCodeAt(0), c.charCodeAt(0)]];
      default:
        if (/[0-9]/.test(c)) {
          // \0 (NUL), octal escapes and backreferences: treat every digit escape as unknown
          // text that may hold a newline, unless it is a lone \0.
          if (c === '0' && !/[0-9]/.test(this.src[this.i] ?? '')) return [[0, 0]];
          if (!inClass && c !== '0') {
            while (/[0-9]/.test(this.src[this.i] ?? '')) this.i++;
            return 'backref';
          }
          throw new Error('octal escape');
        }
        return [[c.charCodeAt(0), c.charCodeAt(0)]];
    }
  }

  private charClass(): Info {
    this.i++; // [
    let negated = false;
    if (this.src[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const ranges: Ranges = [];
    while (this.i < this.src.length && this.src[this.i] !== ']') {
      const lo = this.classAtom();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.classAtom();
        if (lo.length === 1 && hi.length === 1 && lo[0][0] === lo[0][1] && hi[0][0] === hi[0][1]) {
          if (lo[0][0] > hi[0][0]) throw new Error('bad range');
          ranges.push([lo[0][0], hi[0][0]]);
        } else {
          // `[\w-x]` without u: the class escape, '-' and x.
          ranges.push(...lo, [45, 45], ...hi);
        }
      } else ranges.push(...lo);
    }
    this.expect(']');
    let set = normalize(ranges);
    if (this.ignoreCase) {
      // A letter in a class also matches its other case (ASCII is enough for the newline test and
      // for the small-set test, which lower-cases anyway; non-ASCII letters make smallCharSet give up).
      const extra: Ranges = [];
      for (const [lo, hi] of set) {
        for (let c = Math.max(lo, 65); c <= Math.min(hi, 90); c++) extra.push([c + 32, c + 32]);
        for (let c = Math.max(lo, 97); c <= Math.min(hi, 122); c++) extra.push([c - 32, c - 32]);
      }
      set = normalize([...set, ...extra]);
    }
    if (negated) set = complement(set);
    return this.fromExact(smallCharSet(set, this.ignoreCase), hasNewline(set));
  }

  private classAtom(): Ranges {
    const c = this.src[this.i];
    if (c === '\\') {
      const r = this.escape(true);
      if (r === 'backref') throw new Error('backref in class');
      return r;
    }
    this.i++;
    const code = c.charCodeAt(0);
    return [[code, code]];
  }
}

/**
 * Facts about `source` compiled with `flags` (i, m, s; no u), given the rule's keywords
 * (lower-case). Unknown syntax gives { lineLocal: false, anchored: false }.
 */
export function analyzeRegex(source: string, flags: string, keywords: string[]): RegexFacts {
  // The built-in rules' facts are computed at build time (scripts/build.mjs): no analysis at start-up.
  const known = typeof __LEAKGUARD_REGEX_FACTS__ !== 'undefined' ? __LEAKGUARD_REGEX_FACTS__[factsKey(source, flags, keywords)] : undefined;
  if (known) return { lineLocal: known[0] === 1, anchored: known[1] === 1 };
  return computeFacts(source, flags, keywords);
}

declare const __LEAKGUARD_REGEX_FACTS__: Record<string, [number, number]> | undefined;

export function factsKey(source: string, flags: string, keywords: string[]): string {
  return `${flags}\0${keywords.join('\0')}\0${source}`;
}

function computeFacts(source: string, flags: string, keywords: string[]): RegexFacts {
  const kws = keywords.filter((k) => k.length > 0);
  // Keywords are matched ASCII-case-insensitively; a non-ASCII keyword could also match other
  // spellings, so it cannot vouch for a match.
  const usable = kws.every((k) => /^[\x20-\x7e]+$/.test(k));
  const containsKeyword = (s: string): boolean => usable && kws.some((k) => s.includes(k));
  try {
    const info = new Parser(source, flags.includes('i'), flags.includes('m'), flags.includes('s'), containsKeyword).parse();
    if (!info) return { lineLocal: false, anchored: false };
    return { lineLocal: !info.nl && !info.textAnchor, anchored: usable && kws.length > 0 && info.anchored };
  } catch {
    return { lineLocal: false, anchored: false };
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface PrefilterEntry<R> {
  rule: R;
  /** Lower-case keywords; none: the rule runs on every fragment. */
  keywords: string[];
  /** The rule's regex is line-local and keyword-anchored (analyzeRegex): it may run on keyword lines only. */
  windowed: boolean;
}

/** A rule to run on a fragment: on the whole text, or only on these [start, end) line spans. */
export interface PlannedRule<R> {
  rule: R;
  windows?: number[];
}

/**
 * The keyword prefilter: one pass of a combined pattern over the fragment finds every place where
 * any keyword starts (ASCII case-insensitively, overlapping occurrences included), which gives
 * the rules to run and, for windowed rules, the lines to run them on.
 */
export class KeywordPrefilter<R> {
  private readonly re: RegExp | undefined;
  /** Keyword -> indexes (priority order) of the rules it triggers. */
  private readonly byKeyword = new Map<string, number[]>();
  private readonly always: number[] = [];
  private readonly maxKeyword: number;

  constructor(private readonly entries: Array<PrefilterEntry<R>>) {
    entries.forEach((e, i) => {
      if (e.keywords.length === 0) this.always.push(i);
      for (const k of new Set(e.keywords)) {
        const list = this.byKeyword.get(k) ?? [];
        list.push(i);
        this.byKeyword.set(k, list);
      }
    });
    const kws = [...this.byKeyword.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    this.maxKeyword = kws.length ? kws[0].length : 0;
    // Longest first: at each position the longest keyword there is reported, and every shorter
    // keyword starting at the same position is a prefix of it.
    this.re = kws.length ? new RegExp(kws.map(escapeRegex).join('|'), 'gi') : undefined;
  }

  plan(text: string): Array<PlannedRule<R>> {
    const picked = new Map<number, number[] | undefined>();
    for (const i of this.always) picked.set(i, undefined);
    const re = this.re;
    if (re) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      let lineStart = -1;
      let lineEnd = -1;
      while ((m = re.exec(text)) !== null) {
        const at = m.index;
        // Overlapping occurrences: look again from the next character.
        re.lastIndex = at + 1;
        if (at >= lineEnd) {
          lineStart = text.lastIndexOf('\n', at) + 1;
          lineEnd = text.indexOf('\n', at);
          if (lineEnd === -1) lineEnd = text.length;
        }
        const hit = m[0].toLowerCase();
        for (let len = Math.min(hit.length, this.maxKeyword); len > 0; len--) {
          const rules = this.byKeyword.get(len === hit.length ? hit : hit.slice(0, len));
          if (!rules) continue;
          for (const i of rules) {
            if (!this.entries[i].windowed) {
              picked.set(i, undefined);
              continue;
            }
            if (picked.has(i)) {
              const w = picked.get(i);
              // Already running on the whole text, or this line is already listed.
              if (w === undefined || w[w.length - 2] === lineStart) continue;
              w.push(lineStart, lineEnd);
            } else picked.set(i, [lineStart, lineEnd]);
          }
        }
      }
    }
    return [...picked.keys()].sort((a, b) => a - b).map((i) => ({ rule: this.entries[i].rule, windows: picked.get(i) }));
  }
}

/**
 * The non-empty matches of global regex `re` in `text`, or only inside the given [start, end)
 * spans; match offsets (index, indices) are those in `text` either way.
 */
export function* matchesIn(re: RegExp, text: string, windows?: number[]): Generator<RegExpExecArray> {
  if (!windows) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      yield m;
    }
    return;
  }
  for (let w = 0; w < windows.length; w += 2) {
    const base = windows[w];
    const sub = text.slice(base, windows[w + 1]);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(sub)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (base > 0) shift(m, base);
      yield m;
    }
  }
}

function shift(m: RegExpExecArray, base: number): void {
  m.index += base;
  const ind = m.indices;
  if (!ind) return;
  for (let g = 0; g < ind.length; g++) {
    const span = ind[g];
    if (span) ind[g] = [span[0] + base, span[1] + base];
  }
  if (ind.groups) {
    for (const name of Object.keys(ind.groups)) {
      const span = ind.groups[name];
      if (span) ind.groups[name] = [span[0] + base, span[1] + base];
    }
  }
}
