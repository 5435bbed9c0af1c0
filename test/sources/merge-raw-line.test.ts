// The combined `--raw` lines of merges (git log --merges -c --raw --no-abbrev), parsed.
import { describe, expect, it } from 'vitest';
import { packMergeFiles, parseCombinedRawLine, unpackMergeFiles } from '../../src/sources/history/merges.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const M = 'd'.repeat(40);
const Z = '0'.repeat(40);
const line = (s: string) => Buffer.from(s, 'utf8');

describe('parseCombinedRawLine', () => {
  it('a file both parents had, changed by the merge', () => {
    expect(parseCombinedRawLine(line(`::100644 100644 100644 ${A} ${B} ${M} MM\tsrc/app.ini`))).toEqual({ path: 'src/app.ini', blob: M, parentBlobs: [A, B] });
  });

  it('an octopus merge: one mode, blob and status per parent', () => {
    expect(parseCombinedRawLine(line(`:::100644 100644 100644 100755 ${A} ${B} ${C} ${M} MMM\tbin/run`))).toEqual({ path: 'bin/run', blob: M, parentBlobs: [A, B, C] });
  });

  it('a file one parent lacked: that parent has no blob', () => {
    expect(parseCombinedRawLine(line(`::000000 100644 100644 ${Z} ${B} ${M} AM\tnew.env`))).toEqual({ path: 'new.env', blob: M, parentBlobs: ['', B] });
  });

  it('a deletion, a symlink and a submodule leave no file to scan', () => {
    expect(parseCombinedRawLine(line(`::100644 100644 000000 ${A} ${B} ${Z} DD\tgone.txt`))).toBeUndefined();
    expect(parseCombinedRawLine(line(`::120000 120000 120000 ${A} ${B} ${M} MM\tlink`))).toBeUndefined();
    expect(parseCombinedRawLine(line(`::160000 160000 160000 ${A} ${B} ${M} MM\tvendor/lib`))).toBeUndefined();
  });

  it("a parent's blob with another mode is that parent's content: nothing new to scan", () => {
    expect(parseCombinedRawLine(line(`::100644 100644 100755 ${A} ${B} ${A} MM\tbin/tool`))).toBeUndefined();
  });

  it('a quoted path is unquoted; a path with spaces is kept whole', () => {
    expect(parseCombinedRawLine(line(`::100644 100644 100644 ${A} ${B} ${M} MM\t"caf\\303\\251\\tx.txt"`))?.path).toBe('café\tx.txt');
    expect(parseCombinedRawLine(line(`::100644 100644 100644 ${A} ${B} ${M} MM\tmy dir/a b.txt`))?.path).toBe('my dir/a b.txt');
  });

  it('lines that are not combined raw lines are not taken for one', () => {
    expect(parseCombinedRawLine(line(`:100644 100644 ${A} ${M} M\tone-parent.txt`))).toBeUndefined();
    expect(parseCombinedRawLine(line(`::100644 100644 ${A} ${M} MM\tshort.txt`))).toBeUndefined();
    expect(parseCombinedRawLine(line('diff --git a/x b/x'))).toBeUndefined();
    expect(parseCombinedRawLine(line(''))).toBeUndefined();
  });
});

describe('packMergeFiles / unpackMergeFiles (the jobs the parallel history scan holds and sends)', () => {
  it('round-trips files of several merges, names in any script, and leaves out paths with a line break', () => {
    const a = { sha: 'a'.repeat(40), author: 'Zoë Ångström', email: 'z@example.com', date: '2024-01-02T03:04:05+01:00', message: 'Merge branch "x"' };
    const b = { sha: 'b'.repeat(40), author: '', email: '', date: '', message: '' };
    const files = [
      { commit: a, path: 'src/配置.yml', blob: '1'.repeat(40), parentBlobs: ['2'.repeat(40), ''] },
      { commit: a, path: 'dir with space/f.txt', blob: '3'.repeat(40), parentBlobs: ['', '4'.repeat(40)] },
      { commit: b, path: 'odd\nname', blob: '5'.repeat(40), parentBlobs: ['6'.repeat(40), '7'.repeat(40)] },
      { commit: b, path: 'three.txt', blob: '8'.repeat(40), parentBlobs: ['9'.repeat(40), 'a'.repeat(40), ''] },
    ];
    const back = unpackMergeFiles(packMergeFiles(files));
    expect(back).toEqual([files[0], files[1], files[3]]);
    expect(back[0]!.commit).toBe(back[1]!.commit);
    expect(unpackMergeFiles(packMergeFiles([]))).toEqual([]);
  });
});
