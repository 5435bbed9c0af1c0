// The generic rules' randomness checks (src/detect/checks/randomness.ts), on values made at run time.
import { describe, expect, it } from 'vitest';
import { keyMaterial, notPublicKeyName, randomCaseLetters, randomChars } from '../../src/detect/checks/randomness.js';
import { rng } from './planted/values.js';

const r = rng(0xc0ffee);
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B64 = LETTERS + '0123456789+/';
const HEX = '0123456789abcdef';

describe('randomCaseLetters', () => {
  it('accepts nearly all random mixed-case letters (a few random draws read like names)', () => {
    let accepted = 0;
    for (let i = 0; i < 400; i++) if (randomCaseLetters(pick(LETTERS, 24 + (i % 20)))) accepted++;
    expect(accepted).toBeGreaterThanOrEqual(390);
  });
  it('rejects names, one case, short values and anything with digits', () => {
    for (const v of ['ThisIsMyVeryLongSecretKeyName', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWX', 'aBcDeFgHiJ', pick(LETTERS, 30) + '1']) {
      expect(randomCaseLetters(v), v).toBe(false);
    }
  });
  it('randomChars keeps what mixed-chars accepted', () => {
    expect(randomChars('abc123def456ghi789', { line: '' })).toBe(true);
    expect(randomChars('plainlowercaseword', { line: '' })).toBe(false);
  });
  it('randomChars takes letters alone in a source file only when quoted', () => {
    const v = pick(LETTERS, 24);
    expect(randomChars(v, { line: `x = "${v}"`, path: 'a/b.go' })).toBe(randomCaseLetters(v));
    expect(randomChars('errFmtOIDCClientOption', { line: 'X = errFmtOIDCClientOption + "is "', path: 'a/const.go' })).toBe(false);
    expect(randomChars(v, { line: `secret: ${v}`, path: 'config.yml' })).toBe(randomCaseLetters(v));
  });
});

describe('keyMaterial', () => {
  const ctx = (key: string, line = `${key}: value`) => ({ key, line });
  it('accepts base64 key material under key names', () => {
    for (const key of ['key', 'aes_key', 'secretKey', 'kubeadm_certificate_key', 'ENCRYPTION_KEY']) {
      expect(keyMaterial(pick(B64, 43) + 'A1a=', ctx(key)), key).toBe(true);
    }
  });
  it('accepts hex only under names that say encryption or authentication', () => {
    const hex = pick(HEX, 64);
    expect(keyMaterial(hex, ctx('kubeadm_certificate_key'))).toBe(true);
    expect(keyMaterial(hex, ctx('aesKey'))).toBe(true);
    expect(keyMaterial(hex, ctx('key'))).toBe(false);
    expect(keyMaterial(hex, ctx('etag_key'))).toBe(false);
  });
  it('rejects public keys, identifiers and lookup keys, by name or by the line', () => {
    const v = pick(B64, 43) + 'A1a=';
    for (const key of ['public_key', 'publicKey', 'cacheKey', 'primary_key', 'repokey', 'keyId', 'encrypted_key', 'sort_key']) {
      expect(keyMaterial(v, ctx(key)), key).toBe(false);
    }
    expect(keyMaterial(v, ctx('key', `PublicKey(key_id="1", key="${v}")`))).toBe(false);
    // base64 of a PEM block: the encoded-value pass looks inside it
    expect(keyMaterial(Buffer.from('-----BEGIN PRIVATE KEY-----\n').toString('base64'), ctx('tls.key'))).toBe(false);
  });
  it('rejects words, paths and short values', () => {
    expect(keyMaterial('translation.key.name.that.goes.on', ctx('key'))).toBe(false);
    expect(keyMaterial('Ab1' + pick(LETTERS, 10), ctx('key'))).toBe(false);
  });
  it('notPublicKeyName splits camelCase setter names', () => {
    expect(notPublicKeyName('x', { key: 'PublicKey', line: '' })).toBe(false);
    expect(notPublicKeyName('x', { key: 'CacheKey', line: '' })).toBe(false);
    expect(notPublicKeyName('x', { key: 'JwtSecretKey', line: '' })).toBe(true);
  });
});
