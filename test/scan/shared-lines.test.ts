// shared-lines.ts: a scan worker's result (a directory job's, a history batch's) sends each long line its findings are on once
// (structured clone, which postMessage uses, copies a string once per reference), and the main
// thread gives every finding its line back. Checked through v8's serializer, the one postMessage uses.
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { restoreLines, shareLines } from '../../src/scan/shared-lines.js';
import type { BatchResult, FileJobResult } from '../../src/scan/parallel-protocol.js';
import type { Finding } from '../../src/types.js';

function finding(path: string, line: number, lineText: string, secret: string): Finding {
  const column = Math.max(1, lineText.indexOf(secret) + 1);
  return { ruleId: 'r', description: 'd', kind: 'password', path, line, column, endLine: line, endColumn: column + secret.length, secret, match: secret, lineText, entropy: 3, fingerprint: '' } as Finding;
}

function result(): FileJobResult {
  const minified = 'var a=1;'.repeat(20_000);
  const other = 'b();'.repeat(10_000);
  const onOne = Array.from({ length: 50 }, (_, i) => finding('dist/app.min.js', 1, minified, `s${i}`));
  return {
    id: 7,
    kind: 'files',
    inline: 0,
    allowlist: 0,
    files: [
      { path: 'small.env', size: 20, findings: [finding('small.env', 2, 'PASSWORD=short-line', 'short-line')] },
      { path: 'dist/app.min.js', size: minified.length, findings: [...onOne, finding('dist/app.min.js', 3, other, 'b()')] },
      { path: 'skipped.png', skip: 'binary' },
      // the same line number in another file is another line
      { path: 'vendor/lib.min.js', size: other.length, findings: [finding('vendor/lib.min.js', 1, other + 'x', 'x'), finding('vendor/lib.min.js', 1, other + 'x', 'b()')] },
    ],
  };
}

describe('shareLines / restoreLines', () => {
  it('sends each long line once and gives every finding its own line back', () => {
    const original = result();
    const sent = result();
    shareLines(sent);
    expect(sent.lines).toHaveLength(3);
    expect(sent.lineRefs).toEqual([-1, ...Array(50).fill(0), 1, 2, 2]);
    const wire = serialize(sent);
    // the lines once, where each finding carried its own copy before
    expect(wire.length).toBeLessThan(serialize(original).length / 20);
    const received = deserialize(wire) as FileJobResult;
    restoreLines(received);
    expect(received).toEqual(original);
  });

  it('leaves a result whose lines are all short as it is', () => {
    const r: FileJobResult = { id: 1, kind: 'files', inline: 0, allowlist: 0, files: [{ path: 'a.env', size: 9, findings: [finding('a.env', 1, 'KEY=value', 'value')] }] };
    const before = structuredClone(r);
    shareLines(r);
    expect(r).toEqual(before);
    restoreLines(r);
    expect(r).toEqual(before);
  });

  it('keeps findings after the last long line, empty groups and two texts on one line number in order (history groups too)', () => {
    const long = (c: string) => c.repeat(5000);
    const groups = (): Finding[][] => [
      [],
      [finding('a.js', 4, long('a'), 'aaa'), finding('a.js', 4, long('b'), 'bbb'), finding('a.js', 5, 'short one', 'one')],
      [],
      [finding('b.txt', 1, 'x = 1', '1'), finding('b.txt', 2, 'y = 2', '2')],
    ];
    const original = groups();
    const found = groups().map((findings, i) => ({ path: `p${i}`, findings }));
    const r: BatchResult = { id: 3, commits: 4, scanned: 4, bytes: 0, skipped: {}, notes: [], found, inline: 0, allowlist: 0 };
    shareLines(r);
    // two lines: one line number, two texts; the findings after the last long one have no entry
    expect(r.lines).toHaveLength(2);
    expect(r.lineRefs).toEqual([0, 1]);
    const received = deserialize(serialize(r)) as BatchResult;
    restoreLines(received);
    expect(received.found.map((f) => f.findings)).toEqual(original);
    expect(received.lines).toBeUndefined();
  });
});
