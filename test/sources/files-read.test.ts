// Reading one file for a directory scan (src/sources/files.ts readFileEvent): every byte of files
// smaller and larger than the read buffer, in any order, and the size limit on both paths.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileEvent } from '../../src/sources/files.js';

const dir = mkdtempSync(join(tmpdir(), 'leakguard-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Buffer): string {
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
  it('skips a file bigger than one first read (1 MB) when that read says binary, and reads the others whole, whatever was read before', () => {
    const nulAt = (at: number, size: number) => {
      const b = Buffer.alloc(size, 'a');
      b[at] = 0;
      return b;
    };
    expect(readFileEvent(file('bin-big', nulAt(100, 3 << 20)), 'bin-big', 50 << 20)).toEqual({ type: 'skip', path: 'bin-big', reason: 'binary' });
    // a NUL past the first 8,000 bytes is text (git's test), in a big file as in a small one
    expect(textOf(readFileEvent(file('late-nul', nulAt(9000, 3 << 20)), 'late-nul', 50 << 20))).toHaveLength(3 << 20);
    expect(textOf(readFileEvent(file('late-nul-small', nulAt(9000, 20000)), 'late-nul-small', 50 << 20))).toHaveLength(20000);
    // UTF-16 with its byte-order mark: NULs in every other byte, and text
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('k'.repeat(1 << 20) + 'END', 'utf16le')]);
    expect(textOf(readFileEvent(file('utf16', utf16), 'utf16', 50 << 20))).toBe('k'.repeat(1 << 20) + 'END');
    // the size limit still comes first
    expect(readFileEvent(file('bin-over', nulAt(0, 2 << 20)), 'bin-over', 1 << 20)).toEqual({ type: 'skip', path: 'bin-over', reason: 'tooLarge', detail: `${2 << 20} bytes` });
  });
  it.runIf(existsSync('/dev/zero'))('stops after the first read of an endless binary stream (its size says nothing)', () => {
    // fstat gives /dev/zero no size: read on, it would only end at the limit (tooLarge)
    expect(readFileEvent('/dev/zero', 'zero', 64 << 20)).toEqual({ type: 'skip', path: 'zero', reason: 'binary' });
  });
});
