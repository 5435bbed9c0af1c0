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
// - runStart: every match starts where a run of one character class (say [\w.-]) starts, and
//   that run reaches one of the rule's keywords, as in `(?<![\w.-])[\w.-]{0,64}?secret...` (or
//   `^[ \t]*password...` with the m flag: the run of characters other than line terminators).
//   Then the only places a match can start are found by stepping back from each keyword
//   occurrence (one class per top-level alternative).
//
// A rule that is both runs only on the lines holding one of its keywords; any other rule runs on
// the whole fragment, as before. The analysis is conservative: a construct it does not understand
// makes the answer "no", never a wrong "yes". Regexes are JavaScript syntax without the u flag
// (how src/config/regex.ts compiles them).
import { type Ranges, MAX, normalize, complement, foldCase, union, within } from './char-ranges.js';
import { readClass, readEscape, readQuantifier } from './regex-lex.js';

export interface RegexFacts {
  lineLocal: boolean;
  anchored: boolean;
  /** Longest possible match (UTF-16 code units); Infinity when unbounded. */
  maxLen?: number;
  /**
   * How far outside a match its assertions can look (lookarounds, ^, $, \b); Infinity when
   * unbounded. A window with this much context on each side sees a match exactly as the whole text does.
   */
  margin?: number;
  /**
   * When anchored: every match has a keyword occurrence starting at most `pre` characters after
   * the match's start and at most `post` characters before its end (Infinity when unbounded).
   */
  pre?: number;
  post?: number;
  /**
   * When anchored: every match starts at a position whose previous character is not in `cls` (or
   * at the text's start), and holds a keyword occurrence at most `pre` characters on whose text
   * before it lies entirely in `cls`. So a match starts exactly where the run of `cls` characters
   * ending at one of its keyword occurrences starts. `cls` is ASCII only.
   */
  runStart?: RunStart[];
}

/**
 * A class a match's start is found by (RegexFacts.runStart): its ASCII members, and with `wide`
 * every non-ASCII character too but the line terminators U+2028 and U+2029.
 */
export interface RunStart {
  cls: string;
  wide: boolean;
  pre: number;
}

/** Line terminators: what ^ with the m flag must follow. */
const LINE_TERMINATORS: Ranges = [[10, 10], [13, 13], [0x2028, 0x2029]];

function hasNewline(r: Ranges): boolean {
  return r.some(([lo, hi]) => lo <= 10 && 10 <= hi);
}

function size(r: Ranges): number {
  return r.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
}

/** The characters of `s`, with both cases of its letters (a superset, whatever the flags). */
function charsOf(s: string): Ranges {
  return foldCase([...s].map((c) => [c.charCodeAt(0), c.charCodeAt(0)] as [number, number]));
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
  /** Longest match; Infinity when unbounded. */
  max: number;
  /** How far outside its own match it can look; Infinity when unbounded. */
  reach: number;
  /**
   * When anchored: bounds on where an anchoring keyword occurrence starts, as the longest distance
   * from the match's start to it (pre) and from it to the match's end (post).
   */
  pre?: number;
  post?: number;
  /** The characters it can consume (a superset: both cases of letters). */
  chars: Ranges;
  /** Set when it is exactly one character: the characters it matches, exactly. */
  oneChar?: Ranges;
  /** A negative lookbehind of one character: the characters it forbids before where it stands. */
  notBehind?: Ranges;
  /**
   * When anchored: a keyword occurrence at most `pre` characters from its start, with all of its
   * text before that occurrence in `chars`.
   */
  lead?: { chars: Ranges; pre: number };
  /** RegexFacts.runStart, as ranges. */
  runStart?: Array<{ cls: Ranges; pre: number }>;
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
  /** Longest text of each capturing group seen so far, by number and by name (for backreferences). */
  private groupMax = new Map<string, number>();
  private groupCount = 0;
  private lastBackref = '';
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
    private readonly multiline: boolean,
    private readonly dotAll: boolean,
    private readonly containsKeyword: (s: string) => boolean,
    /** Where the first keyword occurrence in `s` starts (asked only of strings that hold one). */
    private readonly keywordIndex: (s: string) => number,
  ) {}

  parse(): Info | undefined {
    const info = this.disjunction();
    if (this.i !== this.src.length) return undefined;
    // A backreference repeats a group's text: it can hold a '\n' only if some group can.
    if (this.hasBackref && this.groupNl) info.nl = true;
    return info;
  }

  /** One character (or a class of them): exactly those of `r`. */
  private fromExact(exact: string[] | undefined, nl: boolean, r: Ranges): Info {
    const anchored = exact !== undefined && exact.every(this.containsKeyword);
    return { nl, textAnchor: false, anchored, exact, max: 1, reach: 0, chars: foldCase(normalize(r)), oneChar: normalize(r), ...(anchored ? { pre: 0, post: 1, lead: { chars: [], pre: 0 } } : {}) };
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
    const anchored = alts.every((a) => a.anchored);
    const bounds = anchored ? { pre: Math.max(...alts.map((a) => a.pre ?? Infinity)), post: Math.max(...alts.map((a) => a.post ?? Infinity)) } : {};
    const chars = alts.reduce<Ranges>((u, a) => union(u, a.chars), []);
    const oneChar = alts.every((a) => a.oneChar) ? alts.reduce<Ranges>((u, a) => union(u, a.oneChar!), []) : undefined;
    const lead = anchored && alts.every((a) => a.lead) ? { chars: alts.reduce<Ranges>((u, a) => union(u, a.lead!.chars), []), pre: Math.max(...alts.map((a) => a.lead!.pre)) } : undefined;
    // Every alternative must start at a run of some class: a match starts at one of their starts.
    const runStart = alts.every((a) => a.runStart) ? alts.flatMap((a) => a.runStart!) : undefined;
    return { nl, textAnchor, anchored, exact, max: Math.max(...alts.map((a) => a.max)), reach: Math.max(...alts.map((a) => a.reach)), chars, oneChar, lead, runStart, ...bounds };
  }

  private alternative(): Info {
    let nl = false;
    let textAnchor = false;
    let anchored = false;
    // The current run of terms with small finite languages, as their product.
    let run: string[] = [''];
    let all: string[] | undefined = [''];
    let max = 0;
    let reach = 0;
    // Anchoring candidates: a keyword starts at most `pre` after the match's start; `before` is the
    // longest text before the anchoring part, so the match runs at most max - before beyond it
    // (plus `extra` for a term whose own bound is tighter than its length).
    const anchors: Array<{ pre: number; before: number; extra: number }> = [];
    let runBefore = 0;
    let runMax = 0;
    // For runStart: the characters consumed so far (and before the current run), the characters
    // a one-character negative lookbehind forbids before the match's start, and the leads found:
    // where each starts, the characters before its keyword, how far from the start that keyword is.
    let chars: Ranges = [];
    let runChars: Ranges = [];
    let notBehind: Ranges | undefined;
    let consumed = false;
    let innerStart: Array<{ cls: Ranges; pre: number }> | undefined;
    const leads: Array<{ at: number; chars: Ranges; pre: number }> = [];
    const closeRun = (): void => {
      if (run.length && run.every(this.containsKeyword)) {
        anchored = true;
        anchors.push({ pre: runBefore + runMax, before: runBefore, extra: 0 });
        let lead = runChars;
        let at = 0;
        for (const str of run) {
          const k = this.keywordIndex(str);
          lead = union(lead, charsOf(str.slice(0, k)));
          at = Math.max(at, k);
        }
        leads.push({ at: runBefore, chars: lead, pre: runBefore + at });
      }
    };
    let terms = 0;
    let lastOneChar: Ranges | undefined;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const t = this.term();
      const before = max;
      terms++;
      lastOneChar = t.oneChar;
      if (t.notBehind && !consumed) notBehind = union(notBehind ?? [], t.notBehind);
      // A group that is the first thing to consume, like the whole of `(?:a|b)`: where its
      // matches start, this alternative's do.
      if (t.max > 0 && !consumed) innerStart = t.runStart;
      if (t.max > 0) consumed = true;
      if (t.anchored && t.lead) leads.push({ at: before, chars: union(chars, t.lead.chars), pre: before + t.lead.pre });
      if (t.anchored) anchors.push({ pre: before + (t.pre ?? Infinity), before: before + t.max, extra: t.post ?? Infinity });
      max += t.max;
      reach = Math.max(reach, t.reach);
      nl ||= t.nl;
      textAnchor ||= t.textAnchor;
      if (t.anchored) anchored = true;
      if (t.exact) {
        all = all ? product(all, t.exact) : undefined;
        const joined = run ? product(run, t.exact) : undefined;
        if (joined) {
          if (run.length === 1 && run[0] === '') {
            runBefore = before;
            runChars = chars;
          }
          run = joined;
          runMax += t.max;
        } else {
          // Too many combinations: judge the run so far, then start a new one at this term.
          closeRun();
          run = t.exact;
          runBefore = before;
          runChars = chars;
          runMax = t.max;
        }
        chars = union(chars, t.chars);
      } else {
        closeRun();
        chars = union(chars, t.chars);
        run = [''];
        runBefore = max;
        runChars = chars;
        runMax = 0;
        all = undefined;
      }
    }
    closeRun();
    leads.sort((a, b) => a.at - b.at);
    const lead = leads.length ? { chars: leads[0].chars, pre: leads[0].pre } : undefined;
    // A match starts right after a character outside notBehind, and runs inside it up to a keyword:
    // it starts where that keyword's run of notBehind characters starts.
    let best: { cls: Ranges; pre: number } | undefined;
    if (notBehind) {
      for (const l of leads) {
        if (within(l.chars, notBehind) && Number.isFinite(l.pre) && (!best || l.pre < best.pre)) best = { cls: notBehind, pre: l.pre };
      }
    }
    const runStart = best ? [best] : innerStart;
    let pre: number | undefined;
    let post: number | undefined;
    for (const a of anchors) {
      // A run: the keyword starts inside it, so at most max - before from the match's end.
      // A term: its own post bound, then whatever follows it.
      const rest = Number.isFinite(max) ? max - a.before : Infinity;
      const p = a.extra === 0 ? rest : a.extra + rest;
      if (pre === undefined || a.pre + p < pre + post!) {
        pre = a.pre;
        post = p;
      }
    }
    const oneChar = terms === 1 ? lastOneChar : undefined;
    return { nl, textAnchor, anchored, exact: all, max, reach, chars, oneChar, lead, runStart, ...(anchored ? { pre: pre ?? Infinity, post: post ?? Infinity } : {}) };
  }

  private term(): Info {
    const c = this.src[this.i];
    // Assertions
    if (c === '^' || c === '$') {
      this.i++;
      // ^ with the m flag: the character before is a line terminator (or there is none), as if
      // (?<![^\n\r\u2028\u2029]).
      const notBehind = c === '^' && this.multiline ? complement(LINE_TERMINATORS) : undefined;
      return { nl: false, textAnchor: !this.multiline, anchored: false, exact: [''], max: 0, reach: 1, chars: [], notBehind };
    }
    if (this.src.startsWith('\\b', this.i) || this.src.startsWith('\\B', this.i)) {
      this.i += 2;
      return { nl: false, textAnchor: false, anchored: false, exact: [''], max: 0, reach: 1, chars: [] };
    }
    if (this.src.startsWith('(?=', this.i) || this.src.startsWith('(?!', this.i) || this.src.startsWith('(?<=', this.i) || this.src.startsWith('(?<!', this.i)) {
      const negativeBehind = this.src.startsWith('(?<!', this.i);
      this.i += this.src[this.i + 2] === '<' ? 4 : 3;
      const body = this.disjunction();
      this.expect(')');
      // A lookaround consumes nothing; a quantifier on a lookahead is legal (without u) but pointless.
      const q = this.quantifier();
      // It looks at up to body.max characters beyond where it stands (and whatever its own
      // assertions look at); it consumes nothing.
      const reach = body.max + body.reach;
      if (q) return { nl: body.nl, textAnchor: body.textAnchor, anchored: false, exact: undefined, max: 0, reach, chars: [] };
      const notBehind = negativeBehind && body.oneChar ? body.oneChar : undefined;
      return { nl: body.nl, textAnchor: body.textAnchor, anchored: false, exact: [''], max: 0, reach, chars: [], notBehind };
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
    const longest = atom.max === 0 ? 0 : atom.max * max;
    const anchored = min >= 1 && atom.anchored;
    // The first repetition holds a keyword; the others follow it.
    const bounds = anchored ? { pre: atom.pre ?? Infinity, post: max === 1 || atom.max === 0 ? (atom.post ?? Infinity) : (atom.post ?? Infinity) + (max - 1) * atom.max } : {};
    // The first repetition holds the lead's keyword.
    const lead = anchored ? atom.lead : undefined;
    const oneChar = min === 1 && max === 1 ? atom.oneChar : undefined;
    return { nl: atom.nl, textAnchor: atom.textAnchor, anchored, exact, max: Number.isFinite(longest) ? longest : Infinity, reach: atom.reach, chars: atom.chars, oneChar, lead, ...bounds };
  }

  /** [min, max] of a quantifier at the cursor (consumed), or undefined. */
  private quantifier(): [number, number] | undefined {
    const q = readQuantifier(this.src, this.i);
    if (!q) return undefined;
    this.i = q.end;
    return [q.min, q.max];
  }

  private expect(ch: string): void {
    if (this.src[this.i] !== ch) throw new Error('unexpected');
    this.i++;
  }

  private atom(): Info {
    const c = this.src[this.i];
    if (c === '(') {
      this.i++;
      let names: string[] = [String(++this.groupCount)];
      if (this.src[this.i] === '?') {
        if (this.src[this.i + 1] === ':') {
          this.i += 2;
          this.groupCount--;
          names = [];
        } else if (this.src[this.i + 1] === '<') {
          const end = this.src.indexOf('>', this.i);
          if (end === -1) throw new Error('bad group');
          names.push(this.src.slice(this.i + 2, end));
          this.i = end + 1;
        } else throw new Error('unknown group');
      }
      const body = this.disjunction();
      this.expect(')');
      if (body.nl) this.groupNl = true;
      for (const n of names) this.groupMax.set(n, body.max);
      return body;
    }
    if (c === '.') {
      this.i++;
      const r: Ranges = this.dotAll ? [[0, MAX]] : complement([[10, 10], [13, 13], [8232, 8233]]);
      return this.fromExact(undefined, hasNewline(r), r);
    }
    if (c === '[') return this.charClass();
    if (c === '\\') {
      const esc = this.escape();
      if (esc === 'backref') {
        this.hasBackref = true;
        // As long as the group it repeats (a group not yet closed, or unknown: unbounded).
        const max = this.groupMax.get(this.lastBackref) ?? Infinity;
        return { nl: false, textAnchor: false, anchored: false, exact: undefined, max, reach: 0, chars: [[0, MAX]] };
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
    // With the i flag an ASCII letter also matches its other case (and only that, without u).
    return this.fromExact(smallCharSet(normalize(r), this.ignoreCase), hasNewline(r), this.ignoreCase ? foldCase(normalize(r)) : r);
  }

  /** An escape outside a class at the cursor: the characters it stands for, or 'backref'. */
  private escape(): Ranges | 'backref' {
    const e = readEscape(this.src, this.i, false);
    this.i = e.end;
    if ('ranges' in e) return e.ranges;
    if ('backref' in e) {
      this.lastBackref = e.backref;
      return 'backref';
    }
    throw new Error('escape not modelled');
  }

  private charClass(): Info {
    const cls = readClass(this.src, this.i);
    this.i = cls.end;
    // With the i flag a letter in a class also matches its other case (ASCII is enough for the
    // newline test and for the small-set test, which lower-cases anyway; non-ASCII letters make
    // smallCharSet give up).
    let set = this.ignoreCase ? foldCase(cls.set) : cls.set;
    if (cls.negated) set = complement(set);
    return this.fromExact(smallCharSet(set, this.ignoreCase), hasNewline(set), set);
  }
}

/**
 * Facts about `source` compiled with `flags` (i, m, s; no u), given the rule's keywords
 * (lower-case). Unknown syntax gives { lineLocal: false, anchored: false }.
 */
export function analyzeRegex(source: string, flags: string, keywords: string[]): RegexFacts {
  // The built-in rules' facts are computed at build time (scripts/build.mjs): no analysis at start-up.
  const known = typeof __LEAKGUARD_REGEX_FACTS__ !== 'undefined' ? __LEAKGUARD_REGEX_FACTS__[factsKey(source, flags, keywords)] : undefined;
  if (known) {
    const n = (v: number): number => (v < 0 ? Infinity : v);
    const runStart = known[6] ? { runStart: JSON.parse(known[6]) as RunStart[] } : {};
    return { lineLocal: known[0] === 1, anchored: known[1] === 1, maxLen: n(known[2]), margin: n(known[3]), pre: n(known[4]), post: n(known[5]), ...runStart };
  }
  return computeFacts(source, flags, keywords);
}

declare const __LEAKGUARD_REGEX_FACTS__: Record<string, FactsTuple> | undefined;

/**
 * RegexFacts as the build stores them: [lineLocal, anchored, maxLen, margin, pre, post] (-1 for
 * Infinity), then runStart as JSON ('' for none).
 */
export type FactsTuple = [number, number, number, number, number, number, string];

export function factsTuple(f: RegexFacts): FactsTuple {
  const n = (v: number | undefined): number => (v === undefined || !Number.isFinite(v) ? -1 : v);
  return [f.lineLocal ? 1 : 0, f.anchored ? 1 : 0, n(f.maxLen), n(f.margin), n(f.pre), n(f.post), f.runStart ? JSON.stringify(f.runStart) : ''];
}

export function factsKey(source: string, flags: string, keywords: string[]): string {
  return `${flags}\0${keywords.join('\0')}\0${source}`;
}

/**
 * A class as the scan can step over it (a 128-entry table, and one flag for all non-ASCII
 * characters but U+2028 and U+2029), or undefined when it is neither.
 */
function runStartOf(rs: { cls: Ranges; pre: number }): RunStart | undefined {
  const cls = normalize(rs.cls);
  let ascii = '';
  for (const [lo, hi] of cls) for (let c = lo; c <= Math.min(hi, 127); c++) ascii += String.fromCharCode(c);
  const rest = normalize(cls.filter(([, hi]) => hi >= 128).map(([lo, hi]) => [Math.max(lo, 128), hi] as [number, number]));
  if (rest.length === 0) return { cls: ascii, wide: false, pre: rs.pre };
  const wide = normalize([[128, 0x2027], [0x202a, MAX]]);
  if (within(rest, wide) && within(wide, rest)) return { cls: ascii, wide: true, pre: rs.pre };
  return undefined;
}

function computeFacts(source: string, flags: string, keywords: string[]): RegexFacts {
  const kws = keywords.filter((k) => k.length > 0);
  // Keywords are matched ASCII-case-insensitively; a non-ASCII keyword could also match other
  // spellings, so it cannot vouch for a match.
  const usable = kws.every((k) => /^[\x20-\x7e]+$/.test(k));
  const containsKeyword = (s: string): boolean => usable && kws.some((k) => s.includes(k));
  const keywordIndex = (s: string): number => Math.min(...kws.map((k) => s.indexOf(k)).filter((i) => i >= 0));
  try {
    const info = new Parser(source, flags.includes('i'), flags.includes('m'), flags.includes('s'), containsKeyword, keywordIndex).parse();
    if (!info) return { lineLocal: false, anchored: false };
    const anchored = usable && kws.length > 0 && info.anchored;
    const classes = anchored && info.runStart ? info.runStart.map(runStartOf) : undefined;
    const runStart = classes && classes.every((c) => c !== undefined) ? (classes as RunStart[]) : undefined;
    return {
      ...(runStart ? { runStart } : {}),
      lineLocal: !info.nl && !info.textAnchor,
      anchored,
      maxLen: info.max,
      // ^ and $ without the m flag look at the whole text: no window can stand in for it.
      margin: info.textAnchor ? Infinity : Math.max(1, info.reach),
      pre: Math.min(info.pre ?? Infinity, info.max),
      post: Math.min(info.post ?? Infinity, info.max),
    };
  } catch {
    return { lineLocal: false, anchored: false };
  }
}

export interface PrefilterEntry<R> {
  rule: R;
  /** Lower-case keywords; none: the rule runs on every fragment. */
  keywords: string[];
  /** The rule's regex is line-local and keyword-anchored (analyzeRegex): it may run on keyword lines only. */
  windowed: boolean;
  /**
   * The rule's regex is keyword-anchored with a bounded match length: it may run on the text around
   * each keyword only (clipped to the keyword's line when `windowed`). `margin` is how far its
   * assertions look outside a match (RegexFacts.margin).
   */
  span?: { pre: number; post: number; margin: number };
  /** RegexFacts.runStart: the rule runs only at the places a match can start (see PlannedRule). */
  runStart?: RunStart[];
}

/**
 * A rule to run on a fragment: on the whole text, or only on these windows. `windows` holds
 * [start, end) pairs: the rule's matches that lie inside a pair are exactly its matches there in
 * the whole text. `slices`, when set, holds the text each window is matched against (a window with
 * `margin` characters of context on each side, within its line for a line-local rule): matches that
 * start or end outside their window are not reported.
 */
export interface PlannedRule<R> {
  rule: R;
  windows?: number[];
  slices?: number[];
  /**
   * Instead of windows, for a rule with RegexFacts.runStart: the only positions (increasing) where
   * one of its matches can start; see matchesAt.
   */
  starts?: number[];
}

/** How a group's windows are cut around a keyword occurrence (KeywordPrefilter.plan). */
const GROUP_SPAN_LINE = 1; // [at - pre, at + post] within the line
const GROUP_SPAN = 2; // [at - pre, at + post] within the text
const GROUP_LINE = 3; // the line
const GROUP_WHOLE = 4; // the whole text
const GROUP_STARTS = 5; // where the run of class characters ending at the keyword starts

/**
 * The keyword prefilter: one pass of an Aho-Corasick automaton over the fragment finds every place
 * where any keyword occurs (ASCII case-insensitively, overlapping occurrences included), which gives
 * the rules to run and, for windowed rules, where to run them. A hand-written automaton scans about
 * 4x faster than one combined regex, and reports overlapping occurrences without restarting.
 */
export class KeywordPrefilter<R> {
  /**
   * Rules with the same keywords and the same kind of window share one collector (a group), with
   * the longest match and margin of its members: a window wider than a rule needs finds the same
   * matches, and the scan does one group's work per keyword occurrence instead of one rule's.
   */
  private readonly groups: Array<{ windowed: boolean; span?: { pre: number; post: number; margin: number }; runStart?: RunStart[] }> = [];
  private readonly groupOf: number[] = [];
  /**
   * What the automaton looks for (a keyword or its prefix), by id, in flat arrays for plan()'s inner
   * loop (objects and nested arrays there cost it about as much again as the automaton): the
   * groups keyword id k triggers are groupList[groupStart[k] .. groupStart[k + 1]), its length
   * keywordLength[k]; per group, its kind (GROUP_*) and how far its window reaches.
   */
  private readonly groupStart: Int32Array;
  private readonly groupList: Int32Array;
  private readonly keywordLength: Int32Array;
  private readonly groupKind: Uint8Array;
  private readonly groupPre: Int32Array;
  private readonly groupPost: Int32Array;
  /**
   * For GROUP_STARTS groups, their run classes: uses classStart[g] .. classStart[g + 1], each the
   * distinct class classOf[use] stepped back over at most classPre[use] characters. Per distinct
   * class: class * 128 + ASCII code -> 1 when the character is in it; whether non-ASCII
   * characters are (RunStart.wide); the furthest any use steps back.
   */
  private readonly classStart: Int32Array;
  private readonly classOf: Int32Array;
  private readonly classPre: Int32Array;
  private readonly runClass: Uint8Array;
  private readonly classWide: Uint8Array;
  private readonly distinctPre: Int32Array;
  private readonly always: number[] = [];
  /**
   * Transition table: state * 128 + ASCII code (letters folded to lower case) -> next state << 2,
   * | 2 when keywords end in the next state, | 1 when the character is in the base64 alphabet. One
   * load per character: this loop is most of the prefilter's time.
   */
  private readonly trans: Int32Array;
  /** For each state, the keyword ids ending there: outStart[s]..outStart[s+1] in outList. */
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;

  constructor(private readonly entries: Array<PrefilterEntry<R>>) {
    // Keyword -> the groups it triggers.
    const byKeyword = new Map<string, number[]>();
    const groupIds = new Map<string, number>();
    entries.forEach((e, i) => {
      const kws = [...new Set(e.keywords)].sort();
      const key = `${e.windowed ? 'w' : '-'}${e.span ? 's' : '-'}${e.runStart ? JSON.stringify(e.runStart) : '-'}\0${kws.join('\0')}`;
      let g = groupIds.get(key);
      if (g === undefined) {
        g = this.groups.length;
        groupIds.set(key, g);
        this.groups.push({ windowed: e.windowed, span: e.span ? { ...e.span } : undefined, runStart: e.runStart });
        for (const k of kws) {
          const list = byKeyword.get(k) ?? [];
          list.push(g);
          byKeyword.set(k, list);
        }
      } else if (e.span) {
        const span = this.groups[g].span!;
        span.pre = Math.max(span.pre, e.span.pre);
        span.post = Math.max(span.post, e.span.post);
        span.margin = Math.max(span.margin, e.span.margin);
      }
      this.groupOf.push(g);
      if (e.keywords.length === 0) this.always.push(i);
    });
    // The automaton looks for a windowed rule's keyword by its first TRIE_DEPTH characters: fewer
    // states (so less to build at start-up, on the pre-commit path), and more occurrences, never
    // fewer; windows are measured from where a keyword starts, which is where its prefix starts.
    // ASCII only: any other character resets the automaton, and a non-ASCII keyword could match
    // other spellings, so such keywords make their rules run always.
    const prefixIds = new Map<string, number>();
    // By keyword id: the groups it triggers, its length.
    const rulesOf: number[][] = [];
    const kwLen: number[] = [];
    for (const [k, groups] of byKeyword) {
      if (!/^[\x00-\x7f]+$/.test(k)) {
        entries.forEach((_, i) => {
          if (groups.includes(this.groupOf[i]) && !this.always.includes(i)) this.always.push(i);
        });
        continue;
      }
      // A rule that is not windowed runs on the whole text when one of its keywords occurs: there
      // the keyword decides whether it runs at all (it may not be in every match), so it is looked
      // for in full.
      const exact = groups.some((g) => !this.groups[g].windowed && !this.groups[g].span && !this.groups[g].runStart);
      const p = exact ? k : k.slice(0, TRIE_DEPTH);
      let pid = prefixIds.get(p);
      if (pid === undefined) {
        pid = rulesOf.length;
        prefixIds.set(p, pid);
        rulesOf.push([]);
        kwLen.push(p.length);
      }
      for (const g of groups) if (!rulesOf[pid].includes(g)) rulesOf[pid].push(g);
    }
    this.always.sort((a, b) => a - b);
    for (const list of rulesOf) list.sort((a, b) => a - b);
    this.groupStart = new Int32Array(rulesOf.length + 1);
    const flat: number[] = [];
    rulesOf.forEach((list, id) => {
      this.groupStart[id] = flat.length;
      flat.push(...list);
    });
    this.groupStart[rulesOf.length] = flat.length;
    this.groupList = Int32Array.from(flat);
    this.keywordLength = Int32Array.from(kwLen);
    const G = this.groups.length;
    this.groupKind = new Uint8Array(G);
    this.groupPre = new Int32Array(G);
    this.groupPost = new Int32Array(G);
    // Groups' run classes point into a list of distinct classes (several rules step back over the
    // same one, e.g. ^'s), each stepped over once per keyword occurrence, as far as its user that
    // reaches furthest needs.
    this.classStart = new Int32Array(G + 1);
    const uses: number[] = [];
    const usePre: number[] = [];
    const distinct: RunStart[] = [];
    this.groups.forEach((g, i) => {
      this.classStart[i] = uses.length;
      for (const c of g.runStart ?? []) {
        let u = distinct.findIndex((d) => d.cls === c.cls && d.wide === c.wide);
        if (u < 0) u = distinct.push({ ...c }) - 1;
        distinct[u].pre = Math.max(distinct[u].pre, c.pre);
        uses.push(u);
        usePre.push(c.pre);
      }
    });
    this.classStart[G] = uses.length;
    this.classOf = Int32Array.from(uses);
    this.classPre = Int32Array.from(usePre);
    this.runClass = new Uint8Array(distinct.length * 128);
    this.classWide = Uint8Array.from(distinct, (c) => (c.wide ? 1 : 0));
    this.distinctPre = Int32Array.from(distinct, (c) => c.pre);
    distinct.forEach((c, k) => {
      for (let j = 0; j < c.cls.length; j++) this.runClass[k * 128 + c.cls.charCodeAt(j)] = 1;
    });
    this.groups.forEach((g, i) => {
      if (g.runStart) {
        this.groupKind[i] = GROUP_STARTS;
        return;
      }
      this.groupKind[i] = g.span ? (g.windowed ? GROUP_SPAN_LINE : GROUP_SPAN) : g.windowed ? GROUP_LINE : GROUP_WHOLE;
      // Spans are finite (the analysis gives a span only to bounded rules); clamp anyway.
      this.groupPre[i] = g.span ? Math.min(g.span.pre, 0x3fffffff) : 0;
      this.groupPost[i] = g.span ? Math.min(g.span.post, 0x3fffffff) : 0;
    });
    // The trie: edges per state (lower-case characters), and the keyword prefixes ending at each.
    const edges: number[][] = [[]];
    const edgeTo: number[][] = [[]];
    const ends: number[][] = [[]];
    for (const [p, pid] of prefixIds) {
      let st = 0;
      for (let j = 0; j < p.length; j++) {
        const c = p.charCodeAt(j);
        const e = edges[st].indexOf(c);
        if (e >= 0) st = edgeTo[st][e];
        else {
          const t = edges.length;
          edges.push([]);
          edgeTo.push([]);
          ends.push([]);
          edges[st].push(c);
          edgeTo[st].push(t);
          st = t;
        }
      }
      ends[st].push(pid);
    }
    // The full transition table, breadth-first: a state's row is its failure state's row (already
    // final, one native copy) with its own edges written over it. Entries are packed as
    // next << 2 | 2 when keywords end in next | 1 when the character is in the base64 alphabet;
    // upper-case letters move like lower-case ones.
    const n = edges.length;
    const trans = new Int32Array(n * 128);
    const fail = new Int32Array(n);
    const hasOut = new Uint8Array(n);
    const pack = (t: number, c: number): number => (t << 2) | (hasOut[t] ? 2 : 0) | BASE64_ALPHABET[c];
    const setEdge = (row: number, c: number, t: number): void => {
      trans[row + c] = pack(t, c);
      if (c >= 97 && c <= 122) trans[row + c - 32] = pack(t, c - 32);
    };
    for (let c = 0; c < 128; c++) trans[c] = BASE64_ALPHABET[c];
    const order: number[] = [];
    for (let e = 0; e < edges[0].length; e++) {
      const t = edgeTo[0][e];
      hasOut[t] = ends[t].length > 0 ? 1 : 0;
      setEdge(0, edges[0][e], t);
      order.push(t);
    }
    for (let q = 0; q < order.length; q++) {
      const st = order[q];
      const row = st * 128;
      const frow = fail[st] * 128;
      if (ends[fail[st]].length) ends[st].push(...ends[fail[st]]);
      trans.copyWithin(row, frow, frow + 128);
      for (let e = 0; e < edges[st].length; e++) {
        const c = edges[st][e];
        const t = edgeTo[st][e];
        fail[t] = trans[frow + c] >> 2;
        hasOut[t] = ends[t].length > 0 || hasOut[fail[t]] ? 1 : 0;
        setEdge(row, c, t);
        order.push(t);
      }
    }
    this.outStart = new Int32Array(n + 1);
    const list: number[] = [];
    for (let st = 0; st < n; st++) {
      this.outStart[st] = list.length;
      for (const e of ends[st]) list.push(e);
    }
    this.outStart[n] = list.length;
    this.outList = Int32Array.from(list);
    this.trans = trans;
  }

  /**
   * The rules to run on `text` and where. With `runs`, the same pass also collects the maximal runs
   * of at least 10 characters of the base64 alphabet (A-Za-z0-9+/) that may be a base64 candidate
   * (all those candidateFromRun can accept), as [start, end) pairs, for the base64 pass
   * (src/detect/encoded.ts): one loop over the text instead of two.
   */
  plan(text: string, runs?: number[]): Array<PlannedRule<R>> {
    const G = this.groups.length;
    const { trans, outStart, outList, groupStart, groupList, keywordLength, groupKind, groupPre, groupPost, classStart, classOf, classPre, runClass, classWide, distinctPre } = this;
    // Per distinct class: the occurrence it was last stepped back from, and where its run starts
    // (-1: further back than any use looks).
    const steppedAt = new Int32Array(distinctPre.length).fill(-1);
    const runStartAt = new Int32Array(distinctPre.length);
    // Per group: 1 once it runs on the whole text; its windows, and for line-clipped kinds the
    // [lineStart, lineEnd] of each window (created on its first keyword occurrence).
    const whole = new Uint8Array(G);
    const wins: Array<number[] | undefined> = new Array<number[] | undefined>(G).fill(undefined);
    const lines: Array<number[] | undefined> = new Array<number[] | undefined>(G).fill(undefined);
    const len = text.length;
    let lineStart = 0;
    let lineEnd = -1;
    cursor[0] = 0;
    cursor[1] = 0;
    for (let pos = advance(trans, text, 0, runs); pos < len; pos = advance(trans, text, pos + 1, runs)) {
      const s = cursor[0];
      const oEnd = outStart[s + 1];
      for (let k = outStart[s]; k < oEnd; k++) {
        const id = outList[k];
        const at = pos + 1 - keywordLength[id];
        if (at >= lineEnd) {
          lineStart = text.lastIndexOf('\n', at) + 1;
          lineEnd = text.indexOf('\n', at);
          if (lineEnd === -1) lineEnd = len;
        }
        const gEnd = groupStart[id + 1];
        for (let j = groupStart[id]; j < gEnd; j++) {
          const g = groupList[j];
          if (whole[g] !== 0) continue;
          const kind = groupKind[g];
          let from: number;
          let to: number;
          if (kind === GROUP_STARTS) {
            let w = wins[g];
            if (w === undefined) wins[g] = w = [];
            const cEnd = classStart[g + 1];
            for (let use = classStart[g]; use < cEnd; use++) {
              // Step back over the run class, at most pre characters: a run reaching further back
              // starts a match only at a keyword nearer its start (which has its own occurrence).
              const k = classOf[use];
              let p: number;
              if (steppedAt[k] === at) p = runStartAt[k];
              else {
                const base = k << 7;
                const wide = classWide[k] === 1;
                const limit = at - distinctPre[k];
                p = at;
                while (p > 0) {
                  const b = text.charCodeAt(p - 1);
                  if (b < 128 ? runClass[base + b] === 0 : !wide || b === 0x2028 || b === 0x2029) break;
                  p--;
                  if (p < limit) break;
                }
                if (p < limit) p = -1;
                steppedAt[k] = at;
                runStartAt[k] = p;
              }
              if (p < 0 || at - p > classPre[use]) continue;
              // Nearly always in increasing order (sorted at the end when not).
              if (w.length === 0 || w[w.length - 1] !== p) w.push(p);
            }
            continue;
          }
          if (kind === GROUP_SPAN_LINE) {
            from = at - groupPre[g];
            to = at + groupPost[g];
            if (from < lineStart) from = lineStart;
            if (to > lineEnd) to = lineEnd;
          } else if (kind === GROUP_SPAN) {
            from = at - groupPre[g];
            to = at + groupPost[g];
            if (from < 0) from = 0;
            if (to > len) to = len;
          } else if (kind === GROUP_LINE) {
            from = lineStart;
            to = lineEnd;
          } else {
            whole[g] = 1;
            continue;
          }
          const lineClipped = kind !== GROUP_SPAN;
          let w = wins[g];
          if (w === undefined) {
            wins[g] = w = [];
            if (lineClipped) lines[g] = [];
          }
          const last = w.length - 2;
          // Occurrences come in (nearly) increasing order: merge with the last window when they touch.
          if (last >= 0 && from <= w[last + 1] && (!lineClipped || lines[g]![last] === lineStart)) {
            if (to > w[last + 1]) w[last + 1] = to;
            if (from < w[last]) w[last] = from;
          } else {
            w.push(from, to);
            if (lineClipped) lines[g]!.push(lineStart, lineEnd);
          }
        }
      }
    }
    const runLen = cursor[1];
    if (runs !== undefined && runLen >= 10 && (runLen & 3) === 0) runs.push(len - runLen, len);
    const entries = this.entries;
    const out: Array<PlannedRule<R>> = [];
    const slices: Array<number[] | undefined> = new Array(G);
    const always = this.always;
    let a = 0;
    for (let i = 0; i < entries.length; i++) {
      while (a < always.length && always[a] < i) a++;
      if (always[a] === i) {
        out.push({ rule: entries[i].rule, windows: undefined });
        continue;
      }
      const g = this.groupOf[i];
      if (whole[g] !== 0) {
        out.push({ rule: entries[i].rule, windows: undefined });
        continue;
      }
      const w = wins[g];
      if (w === undefined) continue;
      if (groupKind[g] === GROUP_STARTS) {
        out.push({ rule: entries[i].rule, starts: increasing(w) });
        continue;
      }
      const span = this.groups[g].span;
      if (!span) out.push({ rule: entries[i].rule, windows: w });
      else out.push({ rule: entries[i].rule, windows: w, slices: (slices[g] ??= contextSlices(w, lines[g], span.margin, len)) });
    }
    return out;
  }
}

/** Keywords are looked for by their first this-many characters (KeywordPrefilter). */
const TRIE_DEPTH = 6;

/** 1 for the characters of the standard base64 alphabet (A-Za-z0-9+/). */
const BASE64_ALPHABET = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (/[A-Za-z0-9+/]/.test(String.fromCharCode(c))) BASE64_ALPHABET[c] = 1;

/** The automaton's state and the length of the current base64 run, between advance() calls. */
const cursor = new Int32Array(2);

/**
 * Runs the automaton (its state in cursor[0]) over `text` from `from` up to the first position
 * where keywords end, or the text's end, and returns that position; collects base64 runs on the way
 * (the current one's length in cursor[1]). Its own small function: inside plan(), with the hit
 * handling around it, V8 compiled this loop into code about 70% slower.
 */
function advance(trans: Int32Array, text: string, from: number, runs: number[] | undefined): number {
  let s = cursor[0];
  let runLen = cursor[1];
  const len = text.length;
  let pos = from;
  for (; pos < len; pos++) {
    const c = text.charCodeAt(pos);
    // Any other character resets the automaton (keywords are ASCII) and ends a base64 run.
    const v = c < 128 ? trans[(s << 7) | c] : 0;
    s = v >> 2;
    // Without a branch on the character: whether it is in the alphabet is as good as random to the
    // branch predictor, and mispredicting it cost a third of this loop's time.
    const inAlphabet = v & 1;
    // A run followed by '=' may be padded; otherwise its length must be a multiple of 4 and it
    // may not run on into '_' or '-' (candidateFromRun's tests, the cheap ones first: most runs
    // are long identifiers).
    if (runLen >= 10 && inAlphabet === 0 && runs !== undefined && (c === 61 || ((runLen & 3) === 0 && c !== 95 && c !== 45))) runs.push(pos - runLen, pos);
    runLen = (runLen + 1) & -inAlphabet;
    if ((v & 2) !== 0) break;
  }
  cursor[0] = s;
  cursor[1] = runLen;
  return pos;
}

/** `a` sorted without duplicates (in place; usually it already is). */
function increasing(a: number[]): number[] {
  for (let i = 1; i < a.length; i++) {
    if (a[i] <= a[i - 1]) {
      const sorted = [...new Set(a)].sort((x, y) => x - y);
      a.length = sorted.length;
      for (let j = 0; j < sorted.length; j++) a[j] = sorted[j];
      break;
    }
  }
  return a;
}

/** Each window widened by `margin` characters, within its line (when `lines` is given) or the text. */
function contextSlices(w: number[], lines: number[] | undefined, margin: number, len: number): number[] {
  const out = new Array<number>(w.length);
  for (let j = 0; j < w.length; j += 2) {
    const lo = lines ? lines[j] : 0;
    const hi = lines ? lines[j + 1] : len;
    out[j] = Math.max(lo, w[j] - margin);
    out[j + 1] = Math.min(hi, w[j + 1] + margin);
  }
  return out;
}

/**
 * The non-empty matches of global regex `re` in `text`, or only inside the given [start, end)
 * windows (each matched against its slice of context, see PlannedRule); match offsets (index,
 * indices) are those in `text` either way.
 */
export function* matchesIn(re: RegExp, text: string, windows?: number[], slices?: number[]): Generator<RegExpExecArray> {
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
    const base = slices ? slices[w] : windows[w];
    const end = slices ? slices[w + 1] : windows[w + 1];
    // Matches must start and end inside the window (relative to the slice).
    const lo = windows[w] - base;
    const hi = windows[w + 1] - base;
    const sub = base === 0 && end === text.length ? text : text.slice(base, end);
    re.lastIndex = lo;
    let m: RegExpExecArray | null;
    while ((m = re.exec(sub)) !== null) {
      const mEnd = m.index + m[0].length;
      if (m[0].length === 0 || mEnd > hi) {
        // Empty, or running past the window (where the slice's end may have decided it): a match
        // that is real in the whole text lies inside some window, so look again one further on.
        if (m.index >= hi) break;
        re.lastIndex = m.index + 1;
        continue;
      }
      if (base > 0) shift(m, base);
      yield m;
    }
  }
}

/**
 * The matches of `sticky` (a rule's regex with the y and g flags) that start at `starts`
 * (increasing), skipping starts inside the previous match: when every match of the regex starts at
 * one of them, the same matches a global scan of the whole text finds.
 */
export function* matchesAt(sticky: RegExp, text: string, starts: number[]): Generator<RegExpExecArray> {
  let next = 0;
  for (const s of starts) {
    if (s < next) continue;
    sticky.lastIndex = s;
    const m = sticky.exec(text);
    if (m === null || m[0].length === 0) continue;
    next = s + m[0].length;
    yield m;
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
