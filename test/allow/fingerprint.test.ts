// Fingerprints: keyed on rule, path and a hash of the secret; never on the line; never holding the secret.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { fingerprint, gitleaksFingerprint, isFingerprint, parseGitleaksFingerprint } from '../../src/allow/fingerprint.js';

const secret = () => 'pw-' + randomBytes(12).toString('hex');

describe('fingerprint', () => {
  it('is 64 hex, deterministic, and does not contain the secret', () => {
    const s = secret();
    const a = fingerprint({ ruleId: 'password-assignment', path: 'app/settings.py', secret: s });
    expect(isFingerprint(a)).toBe(true);
    expect(a).toBe(fingerprint({ ruleId: 'password-assignment', path: 'app/settings.py', secret: s }));
    expect(a).not.toContain(s);
    expect(a).not.toContain(Buffer.from(s).toString('hex'));
  });

  it('ignores the line, column and commit (stable across edits above the line and rebases)', () => {
    const s = secret();
    const base = { ruleId: 'r', path: 'a/b.env', secret: s };
    const moved = { ...base, line: 40, column: 3, commit: { sha: 'f'.repeat(40) } };
    expect(fingerprint(moved)).toBe(fingerprint({ ...base, line: 2, column: 9 } as typeof base));
  });

  it('differs for a different rule, path or secret', () => {
    const s = secret();
    const a = fingerprint({ ruleId: 'r1', path: 'p', secret: s });
    expect(fingerprint({ ruleId: 'r2', path: 'p', secret: s })).not.toBe(a);
    expect(fingerprint({ ruleId: 'r1', path: 'q', secret: s })).not.toBe(a);
    expect(fingerprint({ ruleId: 'r1', path: 'p', secret: s + 'x' })).not.toBe(a);
    // No ambiguity from joining fields.
    expect(fingerprint({ ruleId: 'a', path: 'bc', secret: s })).not.toBe(fingerprint({ ruleId: 'ab', path: 'c', secret: s }));
  });

  it('treats ./x and x and Windows separators as the same path', () => {
    const s = secret();
    const a = fingerprint({ ruleId: 'r', path: 'dir/x.txt', secret: s });
    expect(fingerprint({ ruleId: 'r', path: './dir/x.txt', secret: s })).toBe(a);
    expect(fingerprint({ ruleId: 'r', path: 'dir\\x.txt', secret: s })).toBe(a);
  });
});

describe('gitleaks fingerprints', () => {
  it('parses commit:path:rule:line and path:rule:line', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    expect(parseGitleaksFingerprint(`${sha}:config/app.yml:aws-access-token:12`)).toEqual({ commit: sha, path: 'config/app.yml', ruleId: 'aws-access-token', line: 12 });
    expect(parseGitleaksFingerprint('config/app.yml:generic-api-key:3')).toEqual({ commit: undefined, path: 'config/app.yml', ruleId: 'generic-api-key', line: 3 });
  });

  it('keeps colons inside the path', () => {
    expect(parseGitleaksFingerprint('abcdef1:dir/we:ird.txt:rule:7')).toEqual({ commit: 'abcdef1', path: 'dir/we:ird.txt', ruleId: 'rule', line: 7 });
    expect(parseGitleaksFingerprint('C:/x.txt:rule:1')).toEqual({ commit: undefined, path: 'C:/x.txt', ruleId: 'rule', line: 1 });
  });

  it('rejects text of neither form', () => {
    for (const bad of ['', 'nocolons', 'a:b', 'path:rule:notanumber', ':rule:3', 'path::3']) {
      expect(parseGitleaksFingerprint(bad), bad).toBeUndefined();
    }
  });

  it('round-trips what gitleaksFingerprint prints', () => {
    const f = { ruleId: 'r', path: 'a/b', line: 5, commit: { sha: 'c'.repeat(40) } };
    expect(parseGitleaksFingerprint(gitleaksFingerprint(f))).toEqual({ commit: 'c'.repeat(40), path: 'a/b', ruleId: 'r', line: 5 });
    expect(gitleaksFingerprint({ ruleId: 'r', path: './a/b', line: 5 })).toBe('a/b:r:5');
  });
});
