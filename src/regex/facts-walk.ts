// The walk over a regex's syntax tree (ast.ts) behind analyzeRegex (facts.ts): what each part can
// match (newlines, keywords, lengths, where runs start), composed bottom-up in source order.
import type { Node, NodeOf } from './ast.js';
import { LINE_TERMINATORS } from './atoms.js';
import { type Ranges, MAX, normalize, complement, foldCase, union } from './char-ranges.js';
import { classSet } from './lex.js';
import { type Lead, type RunStartRanges, alternativesRunStart, branchRunStart } from './run-start.js';

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
export interface Info {
  /** Can consume a '\n' (or a lookaround inside can look at one). */
  nl: boolean;
  /** Every match contains a keyword. */
  anchored: boolean;
  /** The finite set of strings it matches (lower-cased), when small; else undefined. */
  exact?: string[];
  /**
   * When it is not exact: a small set of strings (lower-cased) one of which every match ends with,
   * as `[\w]{0,40}(?:key|secret)` ends with key or secret; a keyword may run from it into what
   * follows (a name group, then its `=`).
   */
  tail?: string[];
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
  /** RegexFacts.runStart, as ranges (run-start.ts). */
  runStart?: RunStartRanges[];
}

// Enough for `api[_.-]?key`-style spellings; beyond it the analysis gives up (conservatively).
const LIMIT = 64;

function product(a: string[], b: string[]): string[] | undefined {
  if (a.length * b.length > LIMIT) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

/** Whether a set of strings says anything about the text: not only empty strings. */
const holdsText = (set: string[]): boolean => set.some((x) => x.length > 0);

/** The strings one of which every match of `t` ends with, when few and not all empty. */
function tailOf(t: Info): string[] | undefined {
  const set = t.exact ?? t.tail;
  return set && holdsText(set) ? set : undefined;
}

export interface WalkOptions {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  containsKeyword: (s: string) => boolean;
  /** Where the first keyword occurrence in `s` starts (asked only of strings that hold one). */
  keywordIndex: (s: string) => number;
}

/** The facts of a whole regex's tree; throws on a node the analysis does not model. */
export function walkFacts(tree: Node, o: WalkOptions): Info {
  const w = new Walk(o);
  const info = w.node(tree);
  // A backreference repeats a group's text: it can hold a '\n' only if some group can.
  if (w.hasBackref && w.groupNl) info.nl = true;
  return info;
}

class Walk {
  groupNl = false;
  hasBackref = false;
  /** Longest text of each capturing group seen so far, by number and by name (for backreferences). */
  private groupMax = new Map<string, number>();
  private groupCount = 0;
  constructor(private readonly o: WalkOptions) {}

  /** A group's body, a lookaround's, or the whole regex: alternatives or one branch. */
  node(n: Node): Info {
    if (n.t === 'alt') return this.alternatives(n.items.map((b) => this.node(b)));
    if (n.t === 'seq') return this.branch(n.items);
    return this.branch([n]);
  }

  /** One character (or a class of them): exactly those of `r`. */
  private fromExact(exact: string[] | undefined, nl: boolean, r: Ranges): Info {
    const anchored = exact !== undefined && exact.every(this.o.containsKeyword);
    return { nl, anchored, exact, max: 1, reach: 0, chars: foldCase(normalize(r)), oneChar: normalize(r), ...(anchored ? { pre: 0, post: 1, lead: { chars: [], pre: 0 } } : {}) };
  }

  private alternatives(alts: Info[]): Info {
    const nl = alts.some((a) => a.nl);
    let exact: string[] | undefined = [];
    for (const a of alts) {
      if (!a.exact || !exact) {
        exact = undefined;
        continue;
      }
      exact = [...new Set([...exact, ...a.exact])];
      if (exact.length > LIMIT) exact = undefined;
    }
    let tail: string[] | undefined;
    if (!exact) {
      const tails = alts.map(tailOf);
      if (tails.every((x) => x !== undefined)) tail = [...new Set(tails.flat())];
      if (tail && tail.length > LIMIT) tail = undefined;
    }
    const anchored = alts.every((a) => a.anchored);
    const bounds = anchored ? { pre: Math.max(...alts.map((a) => a.pre ?? Infinity)), post: Math.max(...alts.map((a) => a.post ?? Infinity)) } : {};
    const chars = alts.reduce<Ranges>((u, a) => union(u, a.chars), []);
    const oneChar = alts.every((a) => a.oneChar) ? alts.reduce<Ranges>((u, a) => union(u, a.oneChar!), []) : undefined;
    const lead = anchored && alts.every((a) => a.lead) ? { chars: alts.reduce<Ranges>((u, a) => union(u, a.lead!.chars), []), pre: Math.max(...alts.map((a) => a.lead!.pre)) } : undefined;
    const runStart = alternativesRunStart(alts.map((a) => a.runStart));
    return { nl, anchored, exact, tail, max: Math.max(...alts.map((a) => a.max)), reach: Math.max(...alts.map((a) => a.reach)), chars, oneChar, lead, runStart, ...bounds };
  }

  private branch(items: Node[]): Info {
    const { containsKeyword, keywordIndex } = this.o;
    let nl = false;
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
    let innerStart: RunStartRanges[] | undefined;
    const leads: Lead[] = [];
    // The current run began with a term's tail: its keyword's lead characters are not known.
    let runFromTail = false;
    const closeRun = (): void => {
      if (run.length && run.every(containsKeyword)) {
        anchored = true;
        anchors.push({ pre: runBefore + runMax, before: runBefore, extra: 0 });
        if (runFromTail) return;
        let lead = runChars;
        let at = 0;
        for (const str of run) {
          const k = keywordIndex(str);
          lead = union(lead, charsOf(str.slice(0, k)));
          at = Math.max(at, k);
        }
        leads.push({ at: runBefore, chars: lead, pre: runBefore + at });
      }
    };
    let lastOneChar: Ranges | undefined;
    for (const item of items) {
      const t = this.term(item);
      const before = max;
      lastOneChar = t.oneChar;
      if (t.notBehind && !consumed) notBehind = union(notBehind ?? [], t.notBehind);
      // A group that is the first thing to consume, like the whole of `(?:a|b)`: where its
      // matches start, this branch's do.
      if (t.max > 0 && !consumed) innerStart = t.runStart;
      if (t.max > 0) consumed = true;
      if (t.anchored && t.lead) leads.push({ at: before, chars: union(chars, t.lead.chars), pre: before + t.lead.pre });
      if (t.anchored) anchors.push({ pre: before + (t.pre ?? Infinity), before: before + t.max, extra: t.post ?? Infinity });
      max += t.max;
      reach = Math.max(reach, t.reach);
      nl ||= t.nl;
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
          runFromTail = false;
        }
        chars = union(chars, t.chars);
      } else {
        closeRun();
        chars = union(chars, t.chars);
        const tail = tailOf(t);
        if (tail) {
          // A new run starts with the strings this term ends with: it begins at most the tail's
          // length before the term's end.
          const tailMax = Math.max(...tail.map((x) => x.length));
          run = tail;
          runMax = tailMax;
          runBefore = max - tailMax;
          runFromTail = true;
        } else {
          run = [''];
          runBefore = max;
          runMax = 0;
          runFromTail = false;
        }
        runChars = chars;
        all = undefined;
      }
    }
    closeRun();
    leads.sort((a, b) => a.at - b.at);
    const lead = leads.length ? { chars: leads[0].chars, pre: leads[0].pre } : undefined;
    const runStart = branchRunStart(notBehind, leads, innerStart);
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
    const oneChar = items.length === 1 ? lastOneChar : undefined;
    // What every match ends with: the run since the last term that was not exact.
    const tail = !all && holdsText(run) ? run : undefined;
    return { nl, anchored, exact: all, tail, max, reach, chars, oneChar, lead, runStart, ...(anchored ? { pre: pre ?? Infinity, post: post ?? Infinity } : {}) };
  }

  private term(n: Node): Info {
    if (n.t === 'assert') {
      if (n.kind === '\\b' || n.kind === '\\B') return { nl: false, anchored: false, exact: [''], max: 0, reach: 1, chars: [] };
      // ^ with the m flag: the character before is a line terminator (or there is none), as if
      // (?<![^\n\r\u2028\u2029]).
      const notBehind = n.kind === '^' && this.o.multiline ? complement(LINE_TERMINATORS) : undefined;
      // Without it, ^ and $ are the text's start and end, (?<![\s\S]) and (?![\s\S]): they look at
      // one character of any kind, so a window with a character of context each side sees them as
      // the whole text does, and one cut to a line (whose ends are not the text's) does not.
      return { nl: !this.o.multiline, anchored: false, exact: [''], max: 0, reach: 1, chars: [], notBehind };
    }
    if (n.t === 'look') return this.look(n, false);
    if (n.t === 'rep' && n.body.t === 'look') return this.look(n.body, true);
    if (n.t !== 'rep') return this.atom(n);
    const atom = this.atom(n.body);
    const { min, max } = n;
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
    return { nl: atom.nl, anchored, exact, max: Number.isFinite(longest) ? longest : Infinity, reach: atom.reach, chars: atom.chars, oneChar, lead, ...bounds };
  }

  /** A lookaround: consumes nothing; a quantifier on it is legal (lookaheads, without u) but pointless. */
  private look(n: NodeOf<'look'>, quantified: boolean): Info {
    const body = this.node(n.body);
    // It looks at up to body.max characters beyond where it stands (and whatever its own
    // assertions look at).
    const reach = body.max + body.reach;
    if (quantified) return { nl: body.nl, anchored: false, exact: undefined, max: 0, reach, chars: [] };
    const notBehind = n.behind && n.negative && body.oneChar ? body.oneChar : undefined;
    return { nl: body.nl, anchored: false, exact: [''], max: 0, reach, chars: [], notBehind };
  }

  private atom(n: Node): Info {
    const { ignoreCase } = this.o;
    switch (n.t) {
      case 'group': {
        const names = n.capture ? [String(++this.groupCount), ...(n.name === undefined ? [] : [n.name])] : [];
        const body = this.node(n.body);
        if (body.nl) this.groupNl = true;
        for (const name of names) this.groupMax.set(name, body.max);
        return body;
      }
      case 'dot': {
        const r: Ranges = this.o.dotAll ? [[0, MAX]] : complement(LINE_TERMINATORS);
        return this.fromExact(undefined, hasNewline(r), r);
      }
      case 'class': {
        if (n.items.some((it) => 'unknown' in it)) throw new Error('escape not modelled in a class');
        // With the i flag a letter in a class also matches its other case (ASCII is enough for the
        // newline test and for the small-set test, which lower-cases anyway; non-ASCII letters make
        // smallCharSet give up).
        const raw = classSet(n.items, []);
        let set = ignoreCase ? foldCase(raw) : raw;
        if (n.negated) set = complement(set);
        return this.fromExact(smallCharSet(set, ignoreCase), hasNewline(set), set);
      }
      case 'backref':
        this.hasBackref = true;
        // As long as the group it repeats (a group not yet closed, or unknown: unbounded).
        return { nl: false, anchored: false, exact: undefined, max: this.groupMax.get(n.ref) ?? Infinity, reach: 0, chars: [[0, MAX]] };
      case 'char':
        return this.fromRanges([[n.code, n.code]]);
      case 'escape':
        return this.fromRanges(n.set);
      default:
        throw new Error(`not modelled: ${n.t}`);
    }
  }

  private fromRanges(r: Ranges): Info {
    // With the i flag an ASCII letter also matches its other case (and only that, without u).
    return this.fromExact(smallCharSet(normalize(r), this.o.ignoreCase), hasNewline(r), this.o.ignoreCase ? foldCase(normalize(r)) : r);
  }
}
