// FastDiffParser (the bulk-history parser) must yield exactly parseDiff's events, whatever the
// chunking of git's output: tricky hand-written patches, and real `git log -p` output of a repo
// with renames, binaries, quoted names, CRLF, missing final newlines and invalid UTF-8.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseDiffText } from '../../src/sources/diff-parse.js';
import { FastDiffParser } from '../../src/sources/history/fast-parse.js';
import { batchLogArgs } from '../../src/sources/history/batch-log.js';
import type { SourceEvent } from '../../src/sources/types.js';
import { cleanupTemp, fakeAwsKeyId, gitEnv, makeRepo } from '../helpers/git.js';

afterAll(cleanupTemp);

function fastEvents(buf: Buffer, chunkSizes: () => number): SourceEvent[] {
  const out: SourceEvent[] = [];
  const p = new FastDiffParser((e) => out.push(e));
  for (let o = 0; o < buf.length; ) {
    const n = Math.max(1, chunkSizes());
    p.push(buf.subarray(o, o + n));
    o += n;
  }
  p.end();
  return out;
}

async function expectSame(buf: Buffer): Promise<SourceEvent[]> {
  const ref = await parseDiffText(buf);
  expect(fastEvents(buf, () => buf.length)).toEqual(ref);
  expect(fastEvents(buf, () => 1)).toEqual(ref);
  expect(fastEvents(buf, () => 1 + Math.floor(Math.random() * 97))).toEqual(ref);
  return ref;
}

const C = '\0' + 'a'.repeat(40) + '\0Ann\0ann@example.test\x002024-01-02T03:04:05+00:00\0subject';

describe('FastDiffParser', () => {
  it('matches parseDiff on tricky patches', async () => {
    const text = [
      C,
      'diff --git a/x.txt b/x.txt',
      'index 1111111..2222222 100644',
      '--- a/x.txt',
      '+++ b/x.txt',
      '@@ -1,2 +1,4 @@',
      '-old',
      '+diff --git a/fake b/fake',
      '++++ b/not-a-header',
      ' ',
      '+crlf line\r',
      '\\ No newline at end of file',
      '@@ -10 +12 @@',
      '+\r',
      'diff --git "a/sp\\303\\251cial \\"q\\"" "b/sp\\303\\251cial \\"q\\""',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/sp\\303\\251cial \\"q\\""',
      '@@ -0,0 +1,2 @@',
      '+note = "abc\xff\xfe"',
      '+',
      'diff --git a/bin.dat b/bin.dat',
      'new file mode 100644',
      'Binary files /dev/null and b/bin.dat differ',
      'diff --git a/gone.dat b/gone.dat',
      'deleted file mode 100644',
      'Binary files a/gone.dat and /dev/null differ',
      'diff --git a/old name.txt b/new name.txt',
      'similarity index 90%',
      'rename from old name.txt',
      'rename to new name.txt',
      '--- a/old name.txt\t',
      '+++ b/new name.txt\t',
      '@@ -3,0 +4 @@',
      '+token = "t"',
      'diff --git a/sub b/sub',
      'new file mode 160000',
      'index 0000000..abcdef0',
      '--- /dev/null',
      '+++ b/sub',
      '@@ -0,0 +1 @@',
      '+Subproject commit abcdef0',
      'diff --git a/lfs.bin b/lfs.bin',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/lfs.bin',
      '@@ -0,0 +1,3 @@',
      '+version https://git-lfs.github.com/spec/v1',
      '+oid sha256:' + 'b'.repeat(64),
      '+size 12',
      C.replace('a'.repeat(40), 'c'.repeat(40)),
      '',
      'diff --git a/m.txt b/m.txt',
      '--- a/m.txt',
      '+++ b/m.txt',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'garbage after the hunk',
      '@@ -5,3 +5,1 @@',
      '+short count',
      '+extra line beyond the count',
    ].join('\n');
    const buf = Buffer.from(text, 'latin1');
    // Re-encode the UTF-8 parts: everything above is ASCII except the deliberate \xff\xfe bytes.
    const ref = await expectSame(buf);
    expect(ref.filter((e) => e.type === 'fragment').length).toBeGreaterThan(3);
    expect(ref.some((e) => e.type === 'skip' && e.reason === 'binary')).toBe(true);
    expect(ref.some((e) => e.type === 'skip' && e.reason === 'lfsPointer')).toBe(true);
  });

  it('matches parseDiff on real git log output, in any chunking', async () => {
    const repo = makeRepo();
    for (let i = 0; i < 12; i++) {
      repo.write(`dir ${i % 3}/f${i}.env`, `A=1\nKEY=${fakeAwsKeyId()}\r\nB=${i}\n`);
      repo.write(`bin${i % 2}.dat`, randomBytes(40));
      repo.write('grow.txt', 'line\n'.repeat(i * 5) + (i % 2 ? 'no final newline' : 'final\n'));
      repo.write('bad-utf8.txt', Buffer.concat([Buffer.from('pw = "'), randomBytes(8), Buffer.from('"\n')]));
      if (i === 6) repo.git('mv', 'dir 0/f0.env', 'renamed é.env');
      repo.commitAll(`c${i}`);
    }
    const shas = repo.git('rev-list', 'HEAD').trim().split('\n');
    const out = execFileSync('git', batchLogArgs(shas), { cwd: repo.dir, env: gitEnv(), maxBuffer: 1 << 30 });
    const ref = await expectSame(out);
    expect(ref.filter((e) => e.type === 'commit')).toHaveLength(12);
    expect(ref.filter((e) => e.type === 'fragment').length).toBeGreaterThan(30);
  });
});
