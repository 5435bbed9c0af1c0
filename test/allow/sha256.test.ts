// src/util/sha256.ts against node:crypto: the fingerprints (and so baselines) must not change.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256hex } from '../../src/util/sha256.js';
import { fingerprint } from '../../src/allow/fingerprint.js';

const ref = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256hex', () => {
  it('is node:crypto sha256 on every padding boundary and on random strings (non-ASCII, lone surrogates included)', () => {
    for (let n = 0; n < 200; n++) {
      const s = 'a'.repeat(n);
      expect(sha256hex(s), `length ${n}`).toBe(ref(s));
    }
    expect(sha256hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 })), (s) => sha256hex(s) === ref(s)), { numRuns: 2000 });
    expect(sha256hex('x'.repeat(100_000) + '\ud800')).toBe(ref('x'.repeat(100_000) + '\ud800'));
  });

  it('gives the fingerprints node:crypto gave', () => {
    const f = { ruleId: 'aws-access-key-id', path: './a/b\\c.txt', secret: 'v\u00e9rit\u00e9-0123' };
    expect(fingerprint(f)).toBe(ref(`aws-access-key-id\0a/b/c.txt\0${ref(f.secret)}`));
  });
});
