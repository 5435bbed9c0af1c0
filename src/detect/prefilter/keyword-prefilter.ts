// The keyword prefilter: one automaton over the text finds every rule's keywords (and base64
// runs), and plans where each rule's regex must run (lines, windows, run starts) from the facts
// of src/regex/facts.ts.
import { analyzeRegex, type RegexFacts, type RunStart } from '../../regex/facts.js';
import { advance, charClasses, cursor, TRIE_DEPTH } from './automaton.js';
import { contextSlices, increasing } from './matches.js';

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
   * Transition table over character classes (charClasses): row + charClass[code] -> next row << 2,
   * | 2 when keywords end in the next state, | 1 when the character is in the base64 alphabet. A
   * row is a state's offset (state * rowWidth), so the loop neither shifts nor multiplies; one
   * load of the class and one of the table per character: this loop is most of the prefilter's time.
   */
  private readonly trans: Int32Array;
  /** Every UTF-16 code unit -> its column in `trans` (one class for all of non-ASCII: back to the root). */
  private readonly charClass: Uint8Array;
  /** Columns per row of `trans`: the state of row r is r / rowWidth. */
  private readonly rowWidth: number;
  /** For each state, the keyword ids ending there: outStart[s]..outStart[s+1] in outList. */
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  /** plan()'s per-call state, kept between calls and reset at each (allocating it cost a tenth of plan on many small files). */
  private scratch?: { steppedAt: Int32Array; runStartAt: Int32Array; whole: Uint8Array; wins: Array<number[] | undefined>; lines: Array<number[] | undefined> };

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
    // The transition table, breadth-first: a state's row is its failure state's row (already
    // final, one native copy) with its own edges written over it. Columns are character classes
    // (charClasses); entries are packed as next row << 2 | 2 when keywords end in next | 1 when
    // the character is in the base64 alphabet.
    const n = edges.length;
    const { charClass, width, base64 } = charClasses(edges);
    const trans = new Int32Array(n * width);
    const fail = new Int32Array(n);
    const hasOut = new Uint8Array(n);
    const pack = (t: number, k: number): number => ((t * width) << 2) | (hasOut[t] ? 2 : 0) | base64[k];
    for (let k = 0; k < width; k++) trans[k] = base64[k];
    const order: number[] = [];
    for (let e = 0; e < edges[0].length; e++) {
      const k = charClass[edges[0][e]];
      const t = edgeTo[0][e];
      hasOut[t] = ends[t].length > 0 ? 1 : 0;
      trans[k] = pack(t, k);
      order.push(t);
    }
    for (let q = 0; q < order.length; q++) {
      const st = order[q];
      const row = st * width;
      const frow = fail[st] * width;
      if (ends[fail[st]].length) ends[st].push(...ends[fail[st]]);
      trans.copyWithin(row, frow, frow + width);
      for (let e = 0; e < edges[st].length; e++) {
        const k = charClass[edges[st][e]];
        const t = edgeTo[st][e];
        fail[t] = (trans[frow + k] >> 2) / width;
        hasOut[t] = ends[t].length > 0 || hasOut[fail[t]] ? 1 : 0;
        trans[row + k] = pack(t, k);
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
    this.charClass = charClass;
    this.rowWidth = width;
  }

  /**
   * The rules to run on `text` and where. With `runs`, the same pass also collects the maximal runs
   * of at least 10 characters of the base64 alphabet (A-Za-z0-9+/) that may be a base64 candidate
   * (all those candidateFromRun can accept), as [start, end) pairs, for the base64 pass
   * (src/detect/encoded.ts): one loop over the text instead of two.
   */
  plan(text: string, runs?: number[]): Array<PlannedRule<R>> {
    const G = this.groups.length;
    const { trans, charClass, rowWidth, outStart, outList, groupStart, groupList, keywordLength, groupKind, groupPre, groupPost, classStart, classOf, classPre, runClass, classWide, distinctPre } = this;
    // Per distinct class: the occurrence it was last stepped back from, and where its run starts
    // (-1: further back than any use looks).
    // Per group: 1 once it runs on the whole text; its windows, and for line-clipped kinds the
    // [lineStart, lineEnd] of each window (created on its first keyword occurrence).
    const sc = (this.scratch ??= {
      steppedAt: new Int32Array(distinctPre.length),
      runStartAt: new Int32Array(distinctPre.length),
      whole: new Uint8Array(G),
      wins: new Array<number[] | undefined>(G),
      lines: new Array<number[] | undefined>(G),
    });
    const { steppedAt, runStartAt, whole, wins, lines } = sc;
    steppedAt.fill(-1);
    whole.fill(0);
    wins.fill(undefined);
    lines.fill(undefined);
    const len = text.length;
    let lineStart = 0;
    let lineEnd = -1;
    cursor[0] = 0;
    cursor[1] = 0;
    for (let pos = advance(trans, charClass, text, 0, runs); pos < len; pos = advance(trans, charClass, text, pos + 1, runs)) {
      const s = cursor[0] / rowWidth;
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

