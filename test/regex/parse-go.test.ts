// Go RE2 syntax read into the one syntax tree (src/regex/parse-go.ts), already in JavaScript's
// meaning, and printed (the Go translation's two steps; its behaviour is in test/config/go-regex.test.ts).
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/regex/ast.js';
import { GoRegexError, RetryWithoutBaseI, parseGoRegex } from '../../src/regex/parse-go.js';
import { parseRegex } from '../../src/regex/parse.js';
import { printRegex } from '../../src/regex/print.js';
import { translateGoRegex } from '../../src/regex/go-translate.js';

const NONE = { i: false, s: false, m: false };
const go = (src: string, flags = NONE, baseI = false): Node => parseGoRegex(src, 0, flags, baseI);
const items = (n: Node): Node[] => (n as { items: Node[] }).items;

describe('parseGoRegex', () => {
  it('turns \\A and \\z into lookarounds on any character', () => {
    const [a, , z] = items(go('\\Ax\\z'));
    expect(a).toEqual({ t: 'look', behind: true, negative: true, body: expect.objectContaining({ t: 'class', negated: false }) });
    expect(z).toMatchObject({ t: 'look', behind: false, negative: true });
    expect(printRegex(go('\\Ax\\z'))).toBe('(?<![\\s\\S])x(?![\\s\\S])');
  });

  it('expands letters under a mid-pattern (?i) to the end of its group, across branches', () => {
    expect(printRegex(go('a(?i)b|c'))).toBe('a[bB]|[cC]');
    expect(printRegex(go('(x(?i)y)z'))).toBe('(x[yY])z');
    expect(printRegex(go('(?i:k)[a-c]'))).toBe('(?:[kK])[a-c]');
    expect(printRegex(go('(?i:[a-c_])'))).toBe('(?:[a-c_A-C])');
    // A character without a single other case stays itself.
    expect(printRegex(go('(?i:1ß)'))).toBe('(?:1\\u00df)');
  });

  it('under a JavaScript i flag (baseI) leaves letters alone, and asks for a retry where (?-i) matters', () => {
    const I = { ...NONE, i: true };
    expect(printRegex(go('ab', I, true))).toBe('ab');
    expect(() => go('a(?-i)b', I, true)).toThrow(RetryWithoutBaseI);
    // Case-insensitivity off over a part without letters or classes needs no retry.
    expect(printRegex(go('a(?-i:\\d+)', I, true))).toBe('a(?:\\d+)');
    expect(translateGoRegex('(?i)a(?-i)b')).toBe('[aA]b');
  });

  it('reads (?P<name>), POSIX classes, \\Q...\\E and Go escapes', () => {
    expect(go('(?P<tok>x)')).toEqual({ t: 'seq', items: [{ t: 'group', capture: true, name: 'tok', body: { t: 'seq', items: [{ t: 'char', code: 120 }] } }] });
    expect(printRegex(go('[[:alpha:]_]'))).toBe('[A-Za-z_]');
    expect(printRegex(go('[[:^digit:]]'))).toBe('[^0-9]');
    expect(printRegex(go('\\Qa.b*\\E+'))).toBe('a\\.b\\*+');
    expect(printRegex(go('\\x{41}\\101\\a[]x]'))).toBe('AA\\u0007[\\]x]');
  });

  it('settles (?s) and (?m) while reading: [\\s\\S] and line-boundary lookarounds', () => {
    expect(printRegex(go('(?s:.).'))).toBe('(?:[\\s\\S]).');
    expect(printRegex(go('(?m)^a$'))).toBe('(?<![^\\n])a(?![^\\n])');
  });

  it('takes a quantifier after whatever precedes it, as a text rewrite would, and leaves judging it to RegExp', () => {
    expect(printRegex(go('a(?i)*'))).toBe('a*');
    expect(printRegex(go('*a{2}?'))).toBe('*a{2}?');
    expect(printRegex(go('a{x'))).toBe('a\\{x');
  });

  it('throws GoRegexError naming the first untranslatable construct in the text', () => {
    const msg = (src: string): string => {
      try {
        translateGoRegex(src);
        return '';
      } catch (e) {
        expect(e).toBeInstanceOf(GoRegexError);
        return (e as Error).message;
      }
    };
    expect(msg('\\x{1F600}\\pL')).toMatch(/U\+1F600 above U\+FFFF/);
    expect(msg('\\pL\\x{1F600}')).toMatch(/Unicode class \\pL/);
    // In a class, what ends the class wins over a code point it holds.
    expect(msg('[\\x{1F600}')).toMatch(/unterminated character class at offset 0/);
    expect(msg('[a-\\x{10000}]')).toMatch(/U\+10000/);
    expect(msg('a)')).toBe("unmatched ')' at offset 1");
    expect(msg('(a')).toBe("missing ')'");
    expect(msg('(?x)a')).toBe("unknown flag 'x' at offset 0");
    expect(msg('(?#c)')).toBe('unsupported group syntax at offset 0');
    expect(msg('[\\b]')).toBe('\\b inside a character class');
  });

  it('gives a tree the JavaScript parser reads back the same from its print', () => {
    for (const src of ['(?i)key\\s*=\\s*([[:alnum:]]{16})\\z', 'x(?i:token)(?P<v>[a-f0-9]{8})', '(?s)a.b(?m:^c$)']) {
      const printed = translateGoRegex(src).replace(/^\(\?i\)/, '');
      expect(printRegex(parseRegex(printed)), src).toBe(printed);
    }
  });
});
