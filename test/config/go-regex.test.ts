import { describe, expect, it } from 'vitest';
import { translateGoRegex, looksLikeGoRegex, GoRegexError } from '../../src/regex/go-translate.js';
import { compileRegex } from '../../src/config/regex.js';

function re(go: string): RegExp {
  return compileRegex(translateGoRegex(go), 'test');
}

describe('translateGoRegex', () => {
  it('keeps a leading (?i) as the i flag', () => {
    expect(translateGoRegex('(?i)abc')).toBe('(?i)abc');
    expect(re('(?i)abc').flags).toContain('i');
    expect(re('(?i)abc').test('xABCx')).toBe(true);
  });

  it('expands a mid-pattern (?i) into case classes up to the end of its group', () => {
    const r = re('key(?i)Name');
    expect(r.test('keyNAME')).toBe(true);
    expect(r.test('keyname')).toBe(true);
    expect(r.test('KEYname')).toBe(false);
    const g = re('(a(?i)b)c');
    expect(g.test('aBc')).toBe(true);
    expect(g.test('aBC')).toBe(false);
  });

  it('translates (?i:...) groups and (?-i) inside a case-insensitive pattern', () => {
    const r = re('x(?i:token)y');
    expect(r.test('xTOKENy')).toBe(true);
    expect(r.test('xTOKENY')).toBe(false);
    const off = re('(?i)api(?-i:KEY)');
    expect(off.test('APIKEY')).toBe(true);
    expect(off.test('apiKEY')).toBe(true);
    expect(off.test('apikey')).toBe(false);
  });

  it('case-expands character classes and ranges', () => {
    const r = re('id(?i)[a-c]{3}[^x]');
    expect(r.test('idABcY')).toBe(true);
    expect(r.test('idABdY')).toBe(false);
    expect(r.test('idABcz')).toBe(true);
    expect(r.test('idABcX')).toBe(false);
  });

  it('translates \\z, \\A, (?P<name>), POSIX classes and \\Q...\\E', () => {
    expect(re('abc\\z').test('xabc')).toBe(true);
    expect(re('abc\\z').test('abc\n')).toBe(false);
    expect(re('\\Aabc').test('abc')).toBe(true);
    expect(re('\\Aabc').test('x\nabc')).toBe(false);
    const named = re('(?P<secret>[[:alnum:]]+)-[[:punct:]]');
    expect(named.exec('ab12-!')?.groups?.secret).toBe('ab12');
    expect(re('^[[:xdigit:]]+$').test('deadBEEF')).toBe(true);
    expect(re('^[[:xdigit:]]+$').test('xyz')).toBe(false);
    expect(re('^[[:^digit:]]+$').test('abc')).toBe(true);
    expect(re('^[[:^digit:]]+$').test('a1')).toBe(false);
    expect(re('\\Qa.b*c\\E').test('a.b*c')).toBe(true);
    expect(re('\\Qa.b*c\\E').test('axbbc')).toBe(false);
  });

  it('handles (?s), (?m) and dot semantics', () => {
    expect(re('a.b').test('a\nb')).toBe(false);
    expect(re('a.b').test('a\rb')).toBe(false); // JavaScript's dot: a value never swallows a CR
    expect(re('(?s)a.b').test('a\nb')).toBe(true);
    expect(re('x(?s:a.b)').test('xa\nb')).toBe(true);
    expect(re('(?m)^b$').test('a\nb\nc')).toBe(true);
    expect(re('^b$').test('a\nb\nc')).toBe(false);
    expect(re('x|(?m:^b$)').test('a\nb\nc')).toBe(true);
  });

  it('treats ] first in a class as a literal, and translates octal and \\x{..} escapes', () => {
    expect(re('[]a]+').exec('x]a]')?.[0]).toBe(']a]');
    expect(re('\\x{41}\\101').test('AA')).toBe(true);
  });

  it('keeps secretGroup numbering (no extra capture groups)', () => {
    const r = re('(?i)(key)\\s*=\\s*(?i:"([a-z0-9]{8})")');
    const m = r.exec('KEY = "ABCD1234"');
    expect(m?.[2]).toBe('ABCD1234');
  });

  it('errors clearly on what it cannot translate', () => {
    expect(() => translateGoRegex('\\p{Greek}+')).toThrow(GoRegexError);
    expect(() => translateGoRegex('\\pL')).toThrow(/Unicode class \\pL/);
    expect(() => translateGoRegex('(?U)a+')).toThrow(/ungreedy/);
    expect(() => translateGoRegex('a\\C')).toThrow(/\\C/);
    expect(() => translateGoRegex('[a[:^alpha:]]')).toThrow(/negated POSIX/);
    expect(() => translateGoRegex('(abc')).toThrow(/missing/);
  });

  it('passes JavaScript-only syntax through and recognises Go-only syntax', () => {
    expect(re('(?<![a-z])(?<s>x)(?=y)').exec('-xy')?.groups?.s).toBe('x');
    expect(looksLikeGoRegex('(?P<x>a)')).toBe(true);
    expect(looksLikeGoRegex('abc(?i)def')).toBe(true);
    expect(looksLikeGoRegex('(?i:abc)')).toBe(true);
    expect(looksLikeGoRegex('(?i)abc')).toBe(false);
    expect(looksLikeGoRegex('(?<![A-Z])abc\\z')).toBe(false);
  });

  it('translates the shape of typical gitleaks default rules', () => {
    const generic = re(
      `(?i)[\\w.-]{0,50}?(?:access|auth|(?-i:[Aa]pi|API)|credential|creds|key|passw(?:or)?d|secret|token)(?:[ \\t\\w.-]{0,20})[\\s'"]{0,3}(?:=|>|:{1,3}=|\\|\\||:|=>|\\?=|,)[\\x60'"\\s=]{0,5}([\\w.=-]{10,150})(?:[\\x60'"\\s;]|\\\\[nr]|$)`,
    );
    const value = ['s3cr3t', 'Passw0rd', 'Value'].join(''); // assembled at run time (self-scan stays clean)
    const m = generic.exec(`db_password = "${value}"`);
    expect(m?.[1]).toBe(value);
    expect(generic.test('APIKEY = "abcdefghijkl"')).toBe(true);
    expect(generic.test('aPI = "abcdefghijkl"')).toBe(false);
    const aws = re('\\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\\b');
    expect(aws.test('AKIA' + 'Q3EGRJ5XVZ7LMN2P')).toBe(true);
  });
});
