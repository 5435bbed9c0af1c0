// Reading one file for a directory scan (src/sources/files.ts readFileEvent): every byte of files
// smaller and larger than the read buffer, in any order, and the size limit on both paths.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileEvent } from '../../src/sources/files.js';

const dir = mkdtempSync(join(tmpdir(), 'leakguard-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const textOf = (ev: ReturnType<typeof readFileEvent>) => (ev.type === 'fragment' ? ev.fragment.text : ev);

describe('readFileEvent', () => {
  it('reads small and large files whole, one after the other through the same buffer', () => {
    const big = 'b'.repeat(3 * 1024 * 1024 + 17) + 'END';
    const exact = 'e'.repeat(1024 * 1024);
    const small = 'small file\n';
    expect(textOf(readFileEvent(file('small1', small), 'small1', 50 << 20))).toBe(small);
    expect(textOf(readFileEvent(file('big', big), 'big', 50 << 20))).toBe(big);
    expect(textOf(readFileEvent(file('small2', 'x'), 'small2', 50 << 20))).toBe('x');
    expect(textOf(readFileEvent(file('exact', exact), 'exact', 50 << 20))).toBe(exact);
    expect(textOf(readFileEvent(file('empty', ''), 'empty', 50 << 20))).toBe('');
  });
  it('skips a file over the limit, small or large, with its size', () => {
    expect(readFileEvent(file('over-small', 'y'.repeat(2001)), 'over-small', 2000)).toEqual({ type: 'skip', path: 'over-small', reason: 'tooLarge', detail: '2001 bytes' });
    expect(readFileEvent(file('over-big', 'z'.repeat(2 * 1024 * 1024)), 'over-big', 1024 * 1024)).toEqual({ type: 'skip', path: 'over-big', reason: 'tooLarge', detail: `${2 * 1024 * 1024} bytes` });
    expect(textOf(readFileEvent(file('at-limit', 'w'.repeat(2000)), 'at-limit', 2000))).toBe('w'.repeat(2000));
  });
});
