// The one syntax tree (src/regex/ast.ts) from JavaScript syntax (parse.ts), printed back
// (print.ts), and read by every analysis.
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/regex/ast.js';
import { parseRegex } from '../../src/regex/parse.js';
import { printRegex } from '../../src/regex/print.js';
import { atomSet } from '../../src/regex/atoms.js';
import { parseBuiltinRules } from '../../src/config/builtin.js';
import { compileRegex } from '../../src/config/regex.js';

const seq = (...items: Node[]): Node => ({ t: 'seq', items });
const ch = (c: string): Node => ({ t: 'char', code: c.charCodeAt(0) });

describe('parseRegex', () => {
  it('reads branches as seqs, an alternation only when there are two or more', () => {
    expect(parseRegex('ab')).toEqual(seq(ch('a'), ch('b')));
    expect(parseRegex('a|')).toEqual({ t: 'alt', items: [seq(ch('a')), seq()] });
    expect(parseRegex('')).toEqual(seq());
  });

  it('reads quantifiers with their bounds, laziness and text', () => {
    const [star, range, lazy, open] = (parseRegex('a*b{2,5}c+?d{3,}') as { items: Node[] }).items;
    expect(star).toMatchObject({ t: 'rep', min: 0, max: Infinity, lazy: false, text: '*' });
    expect(range).toMatchObject({ t: 'rep', min: 2, max: 5, text: '{2,5}' });
    expect(lazy).toMatchObject({ t: 'rep', min: 1, max: Infinity, lazy: true, text: '+?' });
    expect(open).toMatchObject({ t: 'rep', min: 3, max: Infinity, text: '{3,}' });
    // Not a quantifier: a literal brace (JavaScript without u).
    expect(parseRegex('a{,2}')).toEqual(seq(ch('a'), ch('{'), ch(','), ch('2'), ch('}')));
  });

  it('reads groups, lookarounds, assertions and backreferences', () => {
    expect(parseRegex('(?<k>x)\\k<k>(y)\\2')).toEqual(
      seq({ t: 'group', capture: true, name: 'k', body: seq(ch('x')) }, { t: 'backref', ref: 'k' }, { t: 'group', capture: true, body: seq(ch('y')) }, { t: 'backref', ref: '2' }),
    );
    expect(parseRegex('(?<![a-z])^\\b(?=x)*$')).toEqual(
      seq(
        { t: 'look', behind: true, negative: true, body: seq({ t: 'class', negated: false, items: [{ lo: 97, hi: 122 }] }) },
        { t: 'assert', kind: '^' },
        { t: 'assert', kind: '\\b' },
        { t: 'rep', body: { t: 'look', behind: false, negative: false, body: seq(ch('x')) }, min: 0, max: Infinity, lazy: false, text: '*' },
        { t: 'assert', kind: '$' },
      ),
    );
  });

  it('reads escapes and classes as JavaScript does without the u flag', () => {
    const [d, nl, x, u, dash] = (parseRegex('\\d\\n\\x41\\u{1}\\-') as { items: Node[] }).items;
    expect(d).toMatchObject({ t: 'escape', name: 'd', set: [[48, 57]] });
    expect(nl).toEqual({ t: 'char', code: 10 });
    expect(x).toEqual({ t: 'char', code: 0x41 });
    expect(u).toMatchObject({ t: 'rep', body: ch('u'), text: '{1}' }); // \u without 4 hex digits is 'u'
    expect(dash).toEqual({ t: 'char', code: 45 });
    // [\w-x]: a class escape at a range's end is the escape, '-' and x.
    expect(parseRegex('[^\\w-x]')).toMatchObject(seq({ t: 'class', negated: true, items: [{ escape: 'w', set: [[48, 57], [65, 90], [95, 95], [97, 122]] }, { lo: 45, hi: 45 }, { lo: 120, hi: 120 }] }));
    // Octal escapes and \c without a letter are kept as written, for each analysis to judge.
    expect(parseRegex('[\\1]\\0')).toEqual(seq({ t: 'class', negated: false, items: [{ unknown: '\\1' }] }, { t: 'char', code: 0 }));
    expect(parseRegex('\\01\\c')).toEqual(seq({ t: 'unknown', text: '\\0' }, ch('1'), { t: 'unknown', text: '\\c' }));
  });

  it('throws on syntax it cannot read', () => {
    for (const bad of ['(a', 'a)', '*a', 'a|+', '[z-a]', '[ab', '(?i)x', 'a\\', '(?<n', '\\k<n']) expect(() => parseRegex(bad), bad).toThrow();
  });

  it('what a one-character node matches follows the i and s flags', () => {
    expect(atomSet(ch('a'), true, false)).toEqual([[65, 65], [97, 97]]);
    expect(atomSet({ t: 'dot' }, false, false)).toEqual([[0, 9], [11, 12], [14, 0x2027], [0x202a, 0xffff]]);
    expect(atomSet({ t: 'dot' }, false, true)).toEqual([[0, 0xffff]]);
    // [^b-z] with i: neither case of b..z ('A' and 'a' stay).
    expect(atomSet({ t: 'class', negated: true, items: [{ lo: 98, hi: 122 }] }, true, false)).toEqual([[0, 65], [91, 97], [123, 0xffff]]);
    expect(atomSet(seq(), false, false)).toBeUndefined();
  });
});

describe('printRegex round trip', () => {
  // Every built-in rule's regex: printed from its tree, it reads back to the same tree and
  // compiles to a regex that matches the same texts (samples: the rule's own source and keywords).
  const rules = parseBuiltinRules().rules.filter((r) => r.regex);
  it.each(rules.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    const re = compileRegex(r.regex!, r.id);
    const tree = parseRegex(re.source);
    const printed = printRegex(tree);
    expect(parseRegex(printed)).toEqual(tree);
    const again = new RegExp(printed, re.flags);
    for (const text of [re.source, ...(r.keywords ?? []).map((k) => `${k} = "${'x7Q'.repeat(8)}"`)]) {
      expect(again.exec(text)?.[0], text).toBe(re.exec(text)?.[0]);
    }
  });

  it('prints characters a class or the pattern would misread as escapes', () => {
    const tree: Node = seq(ch('/'), ch('.'), { t: 'char', code: 0xe9 }, { t: 'class', negated: false, items: [{ lo: 93, hi: 93 }, { lo: 45, hi: 45 }, { lo: 0, hi: 31 }] });
    expect(printRegex(tree)).toBe('\\/\\.\\u00e9[\\]\\-\\u0000-\\u001f]');
    expect(parseRegex(printRegex(tree))).toEqual(tree);
  });
});
