import { describe, expect, it } from 'vitest';
import { parseDiffText, unquoteC } from '../../src/sources/diff-parse.js';
import type { SourceEvent } from '../../src/sources/types.js';

function frags(events: SourceEvent[]) {
  return events.flatMap((e) => (e.type === 'fragment' ? [{ path: e.fragment.path, text: e.fragment.text, lines: e.fragment.lineNumbers, sha: e.fragment.commit?.sha }] : []));
}

describe('diff-parse', () => {
  it('reports added lines with their new-file line numbers', async () => {
    const diff = [
      'diff --git a/src/app.py b/src/app.py',
      'index 1111111..2222222 100644',
      '--- a/src/app.py',
      '+++ b/src/app.py',
      '@@ -3 +3 @@ def f():',
      '-    old = 1',
      '+    new = 2',
      '@@ -10,0 +11,2 @@',
      '+line eleven',
      '+line twelve',
      '@@ -20,2 +21,0 @@',
      '-gone',
      '-gone too',
    ].join('\n');
    expect(frags(await parseDiffText(diff))).toEqual([
      { path: 'src/app.py', text: '    new = 2\nline eleven\nline twelve', lines: [3, 11, 12], sha: undefined },
    ]);
  });

  it('treats added lines that look like diff headers as content', async () => {
    const diff = [
      'diff --git a/x.txt b/x.txt',
      'new file mode 100644',
      'index 0000000..2222222',
      '--- /dev/null',
      '+++ b/x.txt',
      '@@ -0,0 +1,4 @@',
      '+++ b/evil',
      '+diff --git a/y b/y',
      '+@@ -1 +1 @@',
      '+-- not removed',
    ].join('\n');
    expect(frags(await parseDiffText(diff))).toEqual([
      { path: 'x.txt', text: '++ b/evil\ndiff --git a/y b/y\n@@ -1 +1 @@\n-- not removed', lines: [1, 2, 3, 4], sha: undefined },
    ]);
  });

  it('handles "\\ No newline at end of file" on either side', async () => {
    const diff = [
      'diff --git a/n.txt b/n.txt',
      'index 1..2 100644',
      '--- a/n.txt',
      '+++ b/n.txt',
      '@@ -2 +2,2 @@',
      '-last',
      '\\ No newline at end of file',
      '+last',
      '+appended',
      '\\ No newline at end of file',
      'diff --git a/m.txt b/m.txt',
      'index 1..2 100644',
      '--- a/m.txt',
      '+++ b/m.txt',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    ].join('\n');
    expect(frags(await parseDiffText(diff))).toEqual([
      { path: 'n.txt', text: 'last\nappended', lines: [2, 3], sha: undefined },
      { path: 'm.txt', text: 'b', lines: [1], sha: undefined },
    ]);
  });

  it('decodes C-quoted names (octal UTF-8, escapes) and strips the tab git adds after names with spaces', async () => {
    const diff = [
      'diff --git "a/sp\\303\\251cial \\"q\\"\\nname" "b/sp\\303\\251cial \\"q\\"\\nname"',
      'new file mode 100644',
      'index 0000000..1',
      '--- /dev/null',
      '+++ "b/sp\\303\\251cial \\"q\\"\\nname"',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/with space.txt b/with space.txt',
      'index 1..2 100644',
      '--- a/with space.txt\t',
      '+++ b/with space.txt\t',
      '@@ -1 +1 @@',
      '-a',
      '+y',
    ].join('\n');
    expect(frags(await parseDiffText(diff)).map((f) => f.path)).toEqual(['spécial "q"\nname', 'with space.txt']);
    expect(unquoteC(Buffer.from('"a\\tb\\\\c\\001"'), 0)).toEqual({ value: 'a\tb\\c\u0001', end: 13 });
  });

  it('uses the new name of a renamed file; mode-only changes and pure renames yield nothing', async () => {
    const diff = [
      'diff --git a/old name.txt b/new name.txt',
      'similarity index 90%',
      'rename from old name.txt',
      'rename to new name.txt',
      'index 1..2 100644',
      '--- a/old name.txt\t',
      '+++ b/new name.txt\t',
      '@@ -5 +5 @@',
      '-x',
      '+z',
      'diff --git a/a b/b',
      'similarity index 100%',
      'rename from a',
      'rename to b',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
    ].join('\n');
    expect(frags(await parseDiffText(diff))).toEqual([{ path: 'new name.txt', text: 'z', lines: [5], sha: undefined }]);
  });

  it('reports binary files as skips (not deletions), ignores submodules and deleted files', async () => {
    const diff = [
      'diff --git a/img 1.png b/img 1.png',
      'new file mode 100644',
      'index 0000000..1',
      'Binary files /dev/null and b/img 1.png differ',
      'diff --git a/gone.bin b/gone.bin',
      'deleted file mode 100644',
      'index 1..0000000',
      'Binary files a/gone.bin and /dev/null differ',
      'diff --git a/sub b/sub',
      'new file mode 160000',
      'index 0000000..abc',
      '--- /dev/null',
      '+++ b/sub',
      '@@ -0,0 +1 @@',
      '+Subproject commit 0123456789abcdef0123456789abcdef01234567',
      'diff --git a/del.txt b/del.txt',
      'deleted file mode 100644',
      'index 1..0000000',
      '--- a/del.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-password=x',
    ].join('\n');
    const events = await parseDiffText(diff);
    expect(events).toEqual([{ type: 'skip', path: 'img 1.png', reason: 'binary', detail: undefined }]);
  });

  it('recognises git-lfs pointer files', async () => {
    const diff = [
      'diff --git a/big.bin b/big.bin',
      'new file mode 100644',
      'index 0000000..1',
      '--- /dev/null',
      '+++ b/big.bin',
      '@@ -0,0 +1,3 @@',
      '+version https://git-lfs.github.com/spec/v1',
      '+oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393',
      '+size 12345',
    ].join('\n');
    expect(await parseDiffText(diff)).toEqual([{ type: 'skip', path: 'big.bin', reason: 'lfsPointer', detail: undefined }]);
  });

  it('attaches commit info from COMMIT_FORMAT header lines and emits a commit event per commit', async () => {
    const sha1 = 'a'.repeat(40);
    const sha2 = 'b'.repeat(40);
    const diff = [
      `\x00${sha1}\x00Ann Author\x00ann@example.test\x002024-01-02T03:04:05+00:00\x00first`,
      '',
      'diff --git a/f b/f',
      'index 1..2 100644',
      '--- a/f',
      '+++ b/f',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      `\x00${sha2}\x00Bob\x00bob@example.test\x002024-01-03T00:00:00+00:00\x00merge`,
      `\x00${'c'.repeat(40)}\x00Cy\x00cy@example.test\x002024-01-04T00:00:00+00:00\x00third`,
      '',
      'diff --git a/g b/g',
      'new file mode 100644',
      'index 0..2',
      '--- /dev/null',
      '+++ b/g',
      '@@ -0,0 +1 @@',
      '+c',
    ].join('\n');
    const events = await parseDiffText(diff);
    expect(events.filter((e) => e.type === 'commit').map((e) => (e as { sha: string }).sha)).toEqual([sha1, sha2, 'c'.repeat(40)]);
    const f = events.filter((e) => e.type === 'fragment').map((e) => (e as { fragment: { path: string; commit?: { sha: string; author: string; email: string } } }).fragment);
    expect(f.map((x) => [x.path, x.commit?.sha, x.commit?.author, x.commit?.email])).toEqual([
      ['f', sha1, 'Ann Author', 'ann@example.test'],
      ['g', 'c'.repeat(40), 'Cy', 'cy@example.test'],
    ]);
  });

  it('strips a CR before the line end (CRLF files) and survives invalid UTF-8', async () => {
    const diff = Buffer.concat([
      Buffer.from('diff --git a/w.txt b/w.txt\nindex 1..2 100644\n--- a/w.txt\n+++ b/w.txt\n@@ -1 +1,2 @@\n-a\n+crlf line\r\n+bad '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' bytes\n'),
    ]);
    expect(frags(await parseDiffText(diff))).toEqual([{ path: 'w.txt', text: 'crlf line\nbad \ufffd\ufffd bytes', lines: [1, 2], sha: undefined }]);
  });
});
