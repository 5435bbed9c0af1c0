// redact(), maskLine(), maskSpan() and the Masker used for free text.
import { describe, expect, it } from 'vitest';
import { Masker, maskLine, maskSpan, redact } from '../../src/report/redact.js';

describe('redact', () => {
  it('keeps at most a 4-character prefix, fewer for short secrets, none under 8', () => {
    expect(redact('abcdefghijklmnopqrstuvwxyz')).toBe('abcd****');
    expect(redact('abcdefghijkl')).toBe('abc****');
    expect(redact('abcdefgh')).toBe('ab****');
    expect(redact('abcdefg')).toBe('****');
    expect(redact('')).toBe('****');
  });

  it('never shows a line break or half a surrogate pair', () => {
    expect(redact('a\nbcdefghijklmnop')).toBe('a****');
    expect(redact('ab\u{1F600}cdefghijklmnop')).toBe('ab\u{1F600}****');
    expect(redact('abc\u{1F600}defghijklmnop')).toBe('abc****');
  });
});

describe('maskLine / maskSpan', () => {
  it('masks every occurrence', () => {
    const s = 'pw' + Math.random().toString(36).slice(2, 12);
    expect(maskLine(`a=${s}; b=${s}`, s)).toBe(`a=${redact(s)}; b=${redact(s)}`);
  });

  it('masks each long line of a multi-line secret', () => {
    const body = 'MIIB' + 'x'.repeat(40);
    const pem = `-----BEGIN ${'PRIVATE'} KEY-----\n${body}\n-----END ${'PRIVATE'} KEY-----`;
    expect(maskLine(`  ${body}`, pem)).not.toContain(body);
  });

  it('masks the span when the secret is not in the line as such (decoded base64), merging overlaps', () => {
    const secret = 'decoded-' + Math.random().toString(36).slice(2);
    const b64 = Buffer.from(secret).toString('base64');
    const line = `  password: ${b64}`;
    const m = maskSpan(line, secret, 12, 12 + b64.length);
    expect(m.text).toBe(`  password: ${redact(secret)}`);
    expect(m.focus).toBe(12);
    // Span and occurrence overlap: one mask.
    const line2 = `x = "${secret}"`;
    expect(maskSpan(line2, secret, 4, 6 + secret.length).text).toBe(`x = ${redact(secret)}`);
  });
});

describe('Masker', () => {
  it('hides every secret (and its base64 form) in free text; longest first', () => {
    const a = 'Secret' + Math.random().toString(36).slice(2, 10);
    const b = a + 'Longer';
    const m = new Masker([a, b]);
    expect(m.text(`msg: ${b} and ${a}`)).toBe(`msg: ${redact(b)} and ${redact(a)}`);
    expect(m.text(`enc ${Buffer.from(a).toString('base64')}`)).not.toContain(Buffer.from(a).toString('base64').replace(/=+$/, ''));
    expect(m.text(undefined)).toBeUndefined();
    expect(new Masker([a], false).text(a)).toBe(a);
  });
});
