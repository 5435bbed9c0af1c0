// requiredLiterals (src/regex/required-literals.ts): strings one of which every match contains.
// The detector skips a rule's regex on text holding none of them, so a wrong answer loses
// findings: hand-picked regexes here, and on random text for every built-in rule that has them,
// the matches with the check are the matches without it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtinRules } from '../../src/config/builtin.js';
import { compileRegex } from '../../src/config/regex.js';
import { matchesIn } from '../../src/detect/prefilter.js';
import { requiredLiterals } from '../../src/regex/required-literals.js';

describe('requiredLiterals', () => {
  it('finds the literal runs every match passes through', () => {
    expect(requiredLiterals('password[ \\t]*(?:===?|!==?)[ \\t]*"x"', 'gd')).toEqual(['password']);
    expect(requiredLiterals('(?:"\\w+")[ \\t]*(?:===?|!==?)', 'gd')).toEqual(['!=', '==']);
    expect(requiredLiterals('[a-z]+:\\/\\/\\w+', 'gd')).toEqual(['://']);
    expect(requiredLiterals('-D\\w+=', 'gd')).toEqual(['-D']);
    expect(requiredLiterals('(?:AKIA|ASIA)[A-Z0-9]{16}', 'gd')).toEqual(['AKIA', 'ASIA']);
    expect(requiredLiterals('x(?:ab){2}y', 'gd')).toEqual(['xababy']);
    expect(requiredLiterals('<(\\w+)>[^<]+<\\/\\1>', 'gd')).toEqual(['</']);
  });

  it('drops letters under the i flag, which match either case', () => {
    expect(requiredLiterals('password\\s*=="\\w+"', 'gdi')).toEqual(['=="']);
    expect(requiredLiterals('AKIA[A-Z0-9]{16}', 'gdi')).toBeUndefined();
  });

  it('requires nothing of optional parts, lookarounds, backreferences or a branch without a literal', () => {
    expect(requiredLiterals('(?:ab)?\\w+', 'gd')).toBeUndefined();
    expect(requiredLiterals('(?:ab)*cd?', 'gd')).toBeUndefined();
    expect(requiredLiterals('(?=ab)\\w+', 'gd')).toBeUndefined();
    expect(requiredLiterals('(?<q>["\'])\\w+\\k<q>', 'gd')).toBeUndefined();
    expect(requiredLiterals('(?:ab|\\w+)=', 'gd')).toBeUndefined();
    expect(requiredLiterals('(?:ab|cd)|e', 'gd')).toBeUndefined();
    expect(requiredLiterals('\\w{40}', 'gd')).toBeUndefined();
  });

  it('answers nothing for syntax it cannot read', () => {
    expect(requiredLiterals('(', 'gd')).toBeUndefined();
  });
});

const rules = builtinRules()
  .rules.map((r) => {
    const re = compileRegex(r.regex!, r.id, 'gd');
    return { id: r.id, re, literals: requiredLiterals(re.source, re.flags) };
  })
  .filter((r) => r.literals);

describe('a rule skipped where none of its literals occurs finds what it finds everywhere', () => {
  it('gives most built-in rules literals', () => {
    expect(rules.length).toBeGreaterThan(60);
  });
  const literalTokens = [...new Set(rules.flatMap((r) => r.literals!))];
  const tokens = fc.oneof(
    fc.constantFrom(...literalTokens),
    fc.constantFrom(...literalTokens).map((l) => l.slice(0, -1)),
    fc.constantFrom('=', ':', ' = ', '"', "'", ' ', '\n', '_', '-', '/', '<', '>', '(', ')', '\\', 'password', 'secret', 'key', 'token', 'set', 'Password'),
    fc.stringMatching(/^[A-Za-z0-9+/_-]{8,44}$/),
  );
  const texts = fc.array(tokens, { minLength: 1, maxLength: 40 }).map((t) => t.join(''));
  const spans = (it: Iterable<RegExpExecArray>) => [...it].map((m) => [m.index, m[0]]);
  for (const r of rules) {
    it(r.id, () => {
      fc.assert(
        fc.property(texts, (text) => {
          expect(spans(matchesIn(r.re, text, undefined, undefined, r.literals))).toEqual(spans(matchesIn(r.re, text)));
        }),
        { numRuns: 200 },
      );
    });
  }
});
