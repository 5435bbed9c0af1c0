// The keyword prefilter may run a rule on keyword lines only when that cannot change what the rule
// matches. analyzeRegex decides when; these tests check its answers on hand-picked regexes, and
// check the equivalence itself on random text for every built-in rule it marks windowed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtinRules } from '../../src/config/builtin.js';
import { compileRegex } from '../../src/config/regex.js';
import { analyzeRegex, KeywordPrefilter, matchesAt, matchesIn } from '../../src/detect/prefilter.js';
import { TRIE_DEPTH } from '../../src/detect/prefilter/automaton.js';

const facts = (src: string, flags: string, kws: string[]) => analyzeRegex(src, flags, kws);

describe('analyzeRegex', () => {
  it('knows which regexes stay inside one line', () => {
    expect(facts('key[ \\t]*=[ \\t]*(\\w+)', 'gd', ['key']).lineLocal).toBe(true);
    expect(facts('key=[^"\\r\\n]+', 'gd', ['key']).lineLocal).toBe(true);
    expect(facts('key=.+', 'gd', ['key']).lineLocal).toBe(true);
    expect(facts('key=.+', 'gds', ['key']).lineLocal).toBe(false);
    expect(facts('key\\s*=', 'gd', ['key']).lineLocal).toBe(false);
    expect(facts('key[^"]*', 'gd', ['key']).lineLocal).toBe(false);
    expect(facts('key[\\s\\S]', 'gd', ['key']).lineLocal).toBe(false);
    expect(facts('key\\W', 'gd', ['key']).lineLocal).toBe(false);
    expect(facts('key\\x0a', 'gd', ['key']).lineLocal).toBe(false);
    expect(facts('(?<=\\n)key', 'gd', ['key']).lineLocal).toBe(false);
    expect(facts('^key', 'gd', ['key']).lineLocal).toBe(false);
    expect(facts('^key$', 'gdm', ['key']).lineLocal).toBe(true);
    expect(facts('(?<q>["\'])x\\k<q>', 'gd', ['x']).lineLocal).toBe(true);
    expect(facts('(a|\\n)\\1', 'gd', ['a']).lineLocal).toBe(false);
    expect(facts('key[^]', 'gd', ['key']).lineLocal).toBe(false);
  });

  it('knows which regexes always match a keyword', () => {
    const kws = ['secret', 'token', 'key'];
    expect(facts('(?:secret|token)s?=\\w+', 'gdi', kws).anchored).toBe(true);
    expect(facts('[\\w.]*(?:api[_.-]?key|secret)[\\w.]*=', 'gdi', kws).anchored).toBe(true);
    expect(facts('(?:secret|tok)=', 'gdi', kws).anchored).toBe(false);
    expect(facts('(?:key)?=\\w+', 'gdi', kws).anchored).toBe(false);
    expect(facts('k(?:e)y', 'gd', kws).anchored).toBe(true);
    expect(facts('KEY', 'gd', kws).anchored).toBe(true);
    expect(facts('k.y', 'gd', kws).anchored).toBe(false);
    expect(facts('[kK][eE][yY]', 'gd', kws).anchored).toBe(true);
    expect(facts('(?:key){2,}', 'gd', kws).anchored).toBe(true);
    expect(facts('\\w{40}', 'gd', kws).anchored).toBe(false);
    expect(facts('(?=key)\\w+', 'gd', kws).anchored).toBe(false);
    expect(facts('key', 'gd', []).anchored).toBe(false);
    expect(facts('clé', 'gdi', ['clé']).anchored).toBe(false);
  });

  it('sees a keyword that runs from the end of a group into what follows it', () => {
    // a name group that ends in Key or Secret, then its "(": every match holds key( or secret(
    const setter = facts('set(?<key>[A-Z]\\w{0,40}?(?:Key|Secret))\\([ \\t]{0,8}"(?<secret>[^"\\r\\n]{1,64})"', 'gd', ['key(', 'secret(']);
    expect(setter).toMatchObject({ lineLocal: true, anchored: true });
    expect(Number.isFinite(setter.pre) && Number.isFinite(setter.post)).toBe(true);
    expect(facts('(?<key>[\\w.]{0,40}(?:password|pwd)(?:%5D|\\])?)=', 'gdi', ['password=', 'pwd=', ']=', '%5d=']).anchored).toBe(true);
    // an optional ending, or one alternative that ends in no keyword, anchors nothing
    expect(facts('(?<key>\\w{0,40}(?:Key|Secret)?)\\(', 'gd', ['key(', 'secret(']).anchored).toBe(false);
    expect(facts('(?:\\w{1,9}key|\\w{1,9}tok)=', 'gd', ['key=']).anchored).toBe(false);
    expect(facts('(?:\\w{1,9}key|\\w{1,9})=', 'gd', ['key=']).anchored).toBe(false);
  });

  it('says no to syntax it does not model', () => {
    expect(facts('a\\c1', 'gd', ['a'])).toMatchObject({ lineLocal: false, anchored: false });
    expect(facts('(', 'gd', ['a'])).toMatchObject({ lineLocal: false, anchored: false });
    expect(facts('[\\12]key', 'gd', ['key'])).toMatchObject({ lineLocal: false, anchored: false });
  });
});

const rules = builtinRules().rules.map((r) => {
  const re = compileRegex(r.regex!, r.id, 'gd');
  const keywords = (r.keywords ?? []).map((k) => k.toLowerCase());
  return { id: r.id, re, keywords, facts: analyzeRegex(re.source, re.flags, keywords) };
});

const keywordTokens = [...new Set(rules.flatMap((r) => r.keywords))];
const tokens = fc.oneof(
  fc.constantFrom(...keywordTokens),
  fc.constantFrom(...keywordTokens).map((k) => k.toUpperCase()),
  fc.constantFrom('=', ':', ' = ', ': ', '"', "'", '`', ' ', '\t', '\n', '\n', '\r\n', '_', '.', '-', '/', '@', ';', '(', ')', ',', '#', '<', '>', '$'),
  fc.constantFrom('password', 'db_password', 'API_KEY', 'aws_secret_access_key', 'user:pw@host', 'https://', 'jdbc:mysql://', '-----BEGIN RSA PRIVATE KEY-----', 'AKIA', 'ghp_', 'xoxb-', 'eyJhbGciOiJIUzI1NiJ9', 'mysql -u root -p'),
  fc.stringMatching(/^[A-Za-z0-9+/]{8,44}$/),
  fc.stringMatching(/^[A-Z2-7]{16}$/),
  // Identifier runs about as long as a run-start rule steps back (and longer).
  fc.stringMatching(/^[a-z_.]{60,90}$/),
);
const texts = fc.array(tokens, { minLength: 1, maxLength: 60 }).map((t) => t.join(''));

const spans = (it: Iterable<RegExpExecArray>) => [...it].map((m) => [m.index, m[0], JSON.stringify(m.indices)]);

// Long lines (minified code) where keyword windows are a small part of the line.
const longLines = fc
  .array(fc.oneof(tokens, fc.stringMatching(/^[a-z(){};,. ]{20,300}$/)), { minLength: 1, maxLength: 120 })
  .map((t) => t.join('').replace(/\n/g, (nl) => (Math.random() < 0.8 ? ' ' : nl)));

function entryFor(r: (typeof rules)[number]) {
  const { facts } = r;
  const bounded = facts.anchored && Number.isFinite(facts.pre) && Number.isFinite(facts.post) && Number.isFinite(facts.margin);
  return { rule: r.id, keywords: r.keywords, windowed: facts.lineLocal && facts.anchored, span: bounded ? { pre: facts.pre!, post: facts.post!, margin: facts.margin! } : undefined, runStart: facts.runStart };
}

/** A planned rule's matches, as the engine runs them (windows, or starts with a sticky regex). */
function plannedMatches(re: RegExp, text: string, p: { windows?: number[]; slices?: number[]; starts?: number[] }, literals?: string[]) {
  return p.starts ? matchesAt(new RegExp(re.source, re.flags + 'y'), text, p.starts) : matchesIn(re, text, p.windows, p.slices, literals);
}

describe("^ and $ without the m flag (the text's start and end)", () => {
  it('need one character of context, not the whole text, and no window cut to a line', () => {
    expect(facts('key=\\w{1,20}$', 'gd', ['key'])).toMatchObject({ lineLocal: false, anchored: true, margin: 1 });
    expect(facts('^key=\\w{1,20}', 'gd', ['key'])).toMatchObject({ lineLocal: false, anchored: true, margin: 1 });
    expect(facts('key=\\w{1,20}$', 'gdm', ['key'])).toMatchObject({ lineLocal: true, anchored: true });
  });
  it('match in keyword windows exactly what they match in the whole text', () => {
    const text = fc.array(fc.constantFrom('key=', 'KEY=', 'abc', '12', ' ', '\n', '\r\n', '='), { maxLength: 40 }).map((t) => t.join(''));
    for (const src of ['key=\\w{1,20}$', '^key=\\w{1,20}', '(?:^|;)key=(?<v>\\w{1,8})(?=;|$)']) {
      const re = new RegExp(src, 'gdi');
      const f = facts(re.source, re.flags, ['key=']);
      const pre = new KeywordPrefilter([{ rule: src, keywords: ['key='], windowed: f.lineLocal && f.anchored, span: { pre: f.pre!, post: f.post!, margin: f.margin! } }]);
      fc.assert(
        fc.property(text, (t) => {
          const whole = spans(matchesIn(re, t));
          const plan = pre.plan(t);
          expect(plan.length === 0 ? [] : spans(plannedMatches(re, t, plan[0]))).toEqual(whole);
        }),
        { numRuns: 500 },
      );
    }
  });
});

describe('windowed rules match in their keyword windows exactly what they match on the whole text', () => {
  const windowed = rules.filter((r) => r.facts.anchored && (r.facts.lineLocal || Number.isFinite(r.facts.maxLen) || r.facts.runStart));
  it('marks most built-in rules windowed', () => {
    expect(windowed.length).toBeGreaterThan(rules.length * 0.75);
  });
  it('bounds the match length of most rules (windows shorter than a minified line)', () => {
    expect(windowed.filter((r) => Number.isFinite(r.facts.pre) && Number.isFinite(r.facts.post) && Number.isFinite(r.facts.margin)).length).toBeGreaterThan(windowed.length * 0.8);
  });
  for (const r of windowed) {
    it(r.id, () => {
      const pre = new KeywordPrefilter([entryFor(r)]);
      fc.assert(
        fc.property(fc.oneof(texts, longLines), (text) => {
          const whole = spans(matchesIn(r.re, text));
          const plan = pre.plan(text);
          if (plan.length === 0) return whole.length === 0;
          expect(spans(plannedMatches(r.re, text, plan[0]))).toEqual(whole);
          // The same windows with the rule's required literals looked for first.
          expect(spans(plannedMatches(r.re, text, plan[0], r.facts.literals))).toEqual(whole);
          return true;
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('keywords looked for by prefix', () => {
  it('still decide in full whether a rule that is not windowed runs at all', () => {
    const stem = 'passwordhash';
    expect(stem.length).toBeGreaterThanOrEqual(TRIE_DEPTH);
    const pre = new KeywordPrefilter([
      { rule: 'whole', keywords: [`${stem}=`], windowed: false },
      { rule: 'lines', keywords: [`${stem}:`], windowed: true },
    ]);
    // 'passwordhash =' holds the first TRIE_DEPTH characters of both keywords but neither keyword:
    // the windowed rule may run on the line (it finds nothing there), the other must not run.
    expect(pre.plan(`x\n${stem} = 1\n`).map((p) => p.rule)).toEqual(['lines']);
    expect(pre.plan(`x\n${stem.toUpperCase()}=1\n`)).toEqual([
      { rule: 'whole', windows: undefined },
      { rule: 'lines', windows: [2, 16] },
    ]);
  });
});

describe('keyword windows inside a long line', () => {
  it('give a lookbehind its context beyond the window', () => {
    const src = '(?<!forbidden-)key=\\d';
    const re = new RegExp(src, 'gd');
    const f = facts(src, 'gd', ['key']);
    expect(f).toMatchObject({ lineLocal: true, anchored: true, maxLen: 5, margin: 10 });
    const pre = new KeywordPrefilter([{ rule: 'r', keywords: ['key'], windowed: true, span: { pre: f.pre!, post: f.post!, margin: f.margin! } }]);
    const text = 'x'.repeat(100) + ' forbidden-key=1 allowed-key=2 ' + 'y'.repeat(100);
    const [plan] = pre.plan(text);
    // Two windows far shorter than the line, each matched against a slice with 10 more characters a side.
    expect(plan.windows!.length).toBe(4);
    expect(plan.windows![1] - plan.windows![0]).toBeLessThan(40);
    const got = spans(matchesIn(re, text, plan.windows, plan.slices));
    expect(got).toEqual(spans(matchesIn(re, text)));
    expect(got.map((m) => m[1])).toEqual(['key=2']);
  });
});

describe('analyzeRegex bounds', () => {
  it('knows the longest match and how far assertions look', () => {
    expect(facts('(?<q>["\'])x{1,5}\\k<q>', 'gd', ['x'])).toMatchObject({ maxLen: 7, margin: 1 });
    expect(facts('(?<![a-z]{3})key=\\w{1,10}(?=;)', 'gd', ['key'])).toMatchObject({ maxLen: 14, margin: 3 });
    expect(facts('key=\\w+', 'gd', ['key']).maxLen).toBe(Infinity);
    expect(facts('(a)b\\1', 'gd', ['b']).maxLen).toBe(3);
    expect(facts('\\1(a)', 'gd', ['a']).maxLen).toBe(Infinity);
    // ^ without the m flag is the text's start: one character of context before a window shows it (not a line's)
    expect(facts('^key', 'gd', ['key'])).toMatchObject({ margin: 1, lineLocal: false });
    expect(facts('^key', 'gdm', ['key']).margin).toBe(1);
  });

  it('knows where the keyword sits in a match', () => {
    // Up to 10 characters, then the keyword, then up to 3 characters (bounds are counted from the
    // fixed text holding the keyword, 'key=': a little wider than exact, never narrower).
    expect(facts('\\w{0,10}key=\\d{1,3}', 'gd', ['key'])).toMatchObject({ pre: 14, post: 7, maxLen: 17 });
    // The keyword after a long quoted value: windows reach far back and little forward.
    expect(facts('"[^"]{1,200}"[ ]{0,2}==[ ]{0,2}secret\\w{0,5}', 'gd', ['secret'])).toMatchObject({ pre: 214, post: 18 });
    // Alternatives: the widest of their bounds.
    expect(facts('(?:a{0,4}key|key\\d{0,9})', 'gd', ['key'])).toMatchObject({ pre: 7, post: 12 });
    // A repeated anchored group: the first repetition holds the keyword.
    expect(facts('(?:key;){1,3}', 'gd', ['key'])).toMatchObject({ pre: 4, post: 12 });
    expect(facts('(?:key;)+', 'gd', ['key']).post).toBe(Infinity);
  });
});

describe('KeywordPrefilter', () => {
  it('finds overlapping and differently cased keywords', () => {
    const pre = new KeywordPrefilter([
      { rule: 'a', keywords: ['pwd'], windowed: false },
      { rule: 'b', keywords: ['dx'], windowed: true },
      { rule: 'c', keywords: ['zzz'], windowed: false },
      { rule: 'd', keywords: [], windowed: false },
    ]);
    expect(pre.plan('line one\nPWDX here\nthird')).toEqual([
      { rule: 'a', windows: undefined },
      { rule: 'b', windows: [9, 18] },
      { rule: 'd', windows: undefined },
    ]);
    expect(pre.plan('nothing')).toEqual([{ rule: 'd', windows: undefined }]);
  });
});

describe('match starts (runStart)', () => {
  const ident = '-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
  it('are known when a one-character look-behind closes the run that reaches the keyword', () => {
    expect(facts('(?<![\\w.-])[\\w.-]{0,64}?secret[ \\t]{0,4}=\\w{1,9}', 'gd', ['secret']).runStart).toEqual([{ cls: ident, wide: false, pre: 64 }]);
    // Under the i flag the look-behind forbids both cases; the keyword's own text before it counts.
    expect(facts('(?<![a-z_])[a-z_]{0,8}?api_key=\\d', 'gdi', ['key']).runStart).toEqual([{ cls: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz', wide: false, pre: 12 }]);
    // ^ with the m flag: the run of anything but line terminators (ASCII and, wide, the rest).
    const notLT = [...Array(128).keys()].filter((c) => c !== 10 && c !== 13).map((c) => String.fromCharCode(c)).join('');
    expect(facts('^[ \\t]{0,8}password=\\S{1,9}', 'gdm', ['password']).runStart).toEqual([{ cls: notLT, wide: true, pre: 8 }]);
    expect(facts('^[ \\t]{0,8}password=\\S{1,9}', 'gd', ['password']).runStart).toBeUndefined();
    // One class per alternative, also inside a group that is the whole regex.
    expect(facts('(?:(?<![a-z])[a-z]{0,3}key=\\d|(?<![0-9])AKIA\\d{4})', 'gdi', ['key', 'akia']).runStart).toEqual([
      { cls: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', wide: false, pre: 3 },
      { cls: '0123456789', wide: false, pre: 0 },
    ]);
  });
  it('are not claimed when a match could start elsewhere', () => {
    // No look-behind: a match may start anywhere in the run.
    expect(facts('[\\w.-]{0,64}?secret=\\w', 'gd', ['secret']).runStart).toBeUndefined();
    // The look-behind forbids lower case only (no i flag); the run before the keyword may hold upper case.
    expect(facts('(?<![a-z])[A-Za-z]{0,5}key', 'gd', ['key']).runStart).toBeUndefined();
    // One alternative without a known start.
    expect(facts('(?:(?<![a-z])[a-z]{0,3}key=\\d|[a-z]{0,3}key:\\d)', 'gd', ['key']).runStart).toBeUndefined();
    // An optional group first: a match may start after it.
    expect(facts('(?:(?<![a-z])[a-z]{0,3}key)?=\\d{1,5}key', 'gd', ['key']).runStart).toBeUndefined();
    // Something consumed before the look-behind: it does not stand at the match's start.
    expect(facts('=(?<![\\w])\\w{0,5}key', 'gd', ['key']).runStart).toBeUndefined();
    // Unbounded distance to the keyword.
    expect(facts('(?<![\\w])\\w*key', 'gd', ['key']).runStart).toBeUndefined();
    // A non-ASCII class.
    expect(facts('(?<![^\\s])\\S{0,5}key', 'gd', ['key']).runStart).toBeUndefined();
  });
  it('give the matches of a scan of the whole text, stepping back at most pre characters', () => {
    const src = '(?<![\\w.-])[\\w.-]{0,20}?secret=(?<v>\\w{1,9})';
    const re = new RegExp(src, 'gd');
    const f = facts(src, 'gd', ['secret']);
    expect(f.runStart).toEqual([{ cls: ident, wide: false, pre: 20 }]);
    const pre = new KeywordPrefilter([{ rule: 'r', keywords: ['secret'], windowed: true, runStart: f.runStart }]);
    // 20 characters before the keyword match; 21 cannot (the keyword is too far from the run's
    // start); a second keyword in the same run gives the same start once.
    const text = `a ${'x'.repeat(20)}secret=1 ${'y'.repeat(21)}secret=2 my.secret_secret=3 -secret=4`;
    const [plan] = pre.plan(text);
    expect(plan.windows).toBeUndefined();
    expect(plan.starts).toEqual([2, text.indexOf('my.'), text.indexOf('-secret')]);
    const got = spans(matchesAt(new RegExp(src, 'gdy'), text, plan.starts!));
    expect(got).toEqual(spans(matchesIn(re, text)));
    expect(got.map((m) => m[1])).toEqual([`${'x'.repeat(20)}secret=1`, 'my.secret_secret=3', '-secret=4']);
  });
});

describe('match starts after line terminators (^ with the m flag)', () => {
  it('step back over non-ASCII text and stop at every line terminator', () => {
    const src = '^[ \\t\\u00e9]{0,8}password=\\w{1,9}';
    const f = facts(src, 'gdm', ['password']);
    expect(f.runStart?.[0].wide).toBe(true);
    const pre = new KeywordPrefilter([{ rule: 'r', keywords: ['password'], windowed: true, runStart: f.runStart }]);
    const text = `x\n\u00e9 password=1\u2028password=2\r password=3\n${'\u00e9'.repeat(9)}password=4 y password=5`;
    const [plan] = pre.plan(text);
    const got = spans(matchesAt(new RegExp(src, 'gdmy'), text, plan.starts!));
    expect(got).toEqual(spans(matchesIn(new RegExp(src, 'gdm'), text)));
    expect(got.map((m) => m[1])).toEqual(['\u00e9 password=1', 'password=2', ' password=3']);
  });
});
