// The keyword automaton's character classes (src/detect/prefilter/automaton.ts charClasses): the
// table's columns merged into the distinct ones must change no plan. Checked against a naive
// search for the keywords and a naive collection of base64 runs, on random texts that mix the
// keywords' characters in both cases, other base64 characters, punctuation and non-ASCII.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { charClasses } from '../../src/detect/prefilter/automaton.js';
import { KeywordPrefilter } from '../../src/detect/prefilter.js';

describe('charClasses', () => {
  it('gives each keyword character one column with its upper case, the rest two by base64 membership', () => {
    const { charClass, width, base64 } = charClasses([[...'pk_'].map((c) => c.charCodeAt(0)), ['a'.charCodeAt(0)]]);
    const col = (c: string) => charClass[c.charCodeAt(0)];
    expect(width).toBe(2 + 4);
    expect(col('p')).toBe(col('P'));
    expect(col('k')).toBe(col('K'));
    expect(col('a')).toBe(col('A'));
    expect(new Set([col('p'), col('k'), col('_'), col('a')]).size).toBe(4);
    // not in a keyword: base64 characters share column 1, the others column 0 with all of non-ASCII
    for (const c of 'bZ09+/') expect(col(c)).toBe(1);
    for (const c of ' =-."\n') expect(col(c)).toBe(0);
    for (const c of ['é', 'ж', '\u2028', '\uffff']) expect(col(c)).toBe(0);
    expect(base64[col('p')]).toBe(1);
    expect(base64[col('_')]).toBe(0);
    expect(base64[0]).toBe(0);
    expect(base64[1]).toBe(1);
  });
});

/** Keyword starts found by lower-casing ASCII and searching (overlaps included). */
function naiveHits(text: string, keyword: string): number[] {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out: number[] = [];
  for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1)) out.push(at);
  return out;
}

/** The base64 runs advance() collects (KeywordPrefilter.plan's `runs`), by their definition. */
function naiveRuns(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9+/]+/g)) {
    const end = m.index + m[0].length;
    const next = text[end];
    if (m[0].length < 10) continue;
    if (next === '=' || (m[0].length % 4 === 0 && next !== '_' && next !== '-')) out.push(m.index, end);
  }
  return out;
}

describe('the automaton over character classes', () => {
  const keywords = ['pass', 'secret', 'api_key', 'sk_', 'token=', 'aws'];
  const pre = new KeywordPrefilter(keywords.map((k) => ({ rule: k, keywords: [k], windowed: true })));
  const alphabet = fc.constantFrom(...'pasSECRTtokenKYWwi_=-+/.: "\n9Zq'.split(''), 'é', 'ß', '\u2028', 'İ');
  it('finds every keyword occurrence and base64 run a naive search finds', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(alphabet, fc.constantFrom(...keywords, 'PASS', 'Secret', 'SK_', 'AWS', 'QUJDREVGR0hJSktM')), { maxLength: 120 }), (parts) => {
        const text = parts.join('');
        const runs: number[] = [];
        const plans = pre.plan(text, runs);
        expect(runs).toEqual(naiveRuns(text));
        for (const k of keywords) {
          const hits = naiveHits(text, k);
          const plan = plans.find((p) => p.rule === k);
          expect(plan !== undefined).toBe(hits.length > 0);
          // every occurrence lies on a planned line window
          for (const at of hits) expect(plan!.windows!.some((_, i) => i % 2 === 0 && plan!.windows![i] <= at && at + k.length <= plan!.windows![i + 1])).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
