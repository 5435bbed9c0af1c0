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
// makes the answer "no", never a wrong "yes". Regexes are JavaScript syntax without the u flag.
//
// The walk over the syntax tree (parse.ts) that finds these facts is in facts-walk.ts, the
// run-start plan in run-start.ts.
import { walkFacts } from './facts-walk.js';
import { parseRegex } from './parse.js';
import { planRunStart } from './run-start.js';
import { requiredLiterals } from './required-literals.js';

export type { RegexFacts, RunStart } from './facts-types.js';
import type { RegexFacts, RunStart } from './facts-types.js';

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
    const literals = known[7] ? { literals: JSON.parse(known[7]) as string[] } : {};
    return { lineLocal: known[0] === 1, anchored: known[1] === 1, maxLen: n(known[2]), margin: n(known[3]), pre: n(known[4]), post: n(known[5]), ...runStart, ...literals };
  }
  return computeFacts(source, flags, keywords);
}

declare const __LEAKGUARD_REGEX_FACTS__: Record<string, FactsTuple> | undefined;

/**
 * RegexFacts as the build stores them: [lineLocal, anchored, maxLen, margin, pre, post] (-1 for
 * Infinity), then runStart and literals as JSON ('' for none).
 */
export type FactsTuple = [number, number, number, number, number, number, string, string];

export function factsTuple(f: RegexFacts): FactsTuple {
  const n = (v: number | undefined): number => (v === undefined || !Number.isFinite(v) ? -1 : v);
  return [f.lineLocal ? 1 : 0, f.anchored ? 1 : 0, n(f.maxLen), n(f.margin), n(f.pre), n(f.post), f.runStart ? JSON.stringify(f.runStart) : '', f.literals ? JSON.stringify(f.literals) : ''];
}

export function factsKey(source: string, flags: string, keywords: string[]): string {
  return `${flags}\0${keywords.join('\0')}\0${source}`;
}

function computeFacts(source: string, flags: string, keywords: string[]): RegexFacts {
  const kws = keywords.filter((k) => k.length > 0);
  // Keywords are matched ASCII-case-insensitively; a non-ASCII keyword could also match other
  // spellings, so it cannot vouch for a match.
  const usable = kws.every((k) => /^[\x20-\x7e]+$/.test(k));
  const containsKeyword = (s: string): boolean => usable && kws.some((k) => s.includes(k));
  const keywordIndex = (s: string): number => Math.min(...kws.map((k) => s.indexOf(k)).filter((i) => i >= 0));
  try {
    const info = walkFacts(parseRegex(source), { ignoreCase: flags.includes('i'), multiline: flags.includes('m'), dotAll: flags.includes('s'), containsKeyword, keywordIndex });
    const anchored = usable && kws.length > 0 && info.anchored;
    const runStart = planRunStart(anchored ? info.runStart : undefined);
    const literals = requiredLiterals(source, flags);
    return {
      ...(runStart ? { runStart } : {}),
      ...(literals ? { literals } : {}),
      lineLocal: !info.nl,
      anchored,
      maxLen: info.max,
      margin: Math.max(1, info.reach),
      pre: Math.min(info.pre ?? Infinity, info.max),
      post: Math.min(info.post ?? Infinity, info.max),
    };
  } catch {
    const literals = requiredLiterals(source, flags);
    return { lineLocal: false, anchored: false, ...(literals ? { literals } : {}) };
  }
}
