// Property test (issue 5 item 6): for random changes made in a real git repo (new, modified,
// deleted, renamed, chmod-ed and binary files; names with spaces, quotes, backslashes, tabs,
// newlines, unicode and a leading dash; files with and without a final newline; lines that look
// like diff headers), every added line is reported exactly once, with the right path and line
// number, by both the staged source (git diff --cached) and the history source (git log -p).
import { chmodSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stagedSource } from '../../src/sources/git-staged.js';
import { historySource } from '../../src/sources/git-history.js';
import type { SourceEvent } from '../../src/sources/types.js';
import { cleanupTemp, makeRepo } from '../helpers/git.js';

afterAll(cleanupTemp);

type Kind = 'modify' | 'new' | 'delete' | 'rename' | 'chmod' | 'binary';

interface FileCase {
  kind: Kind;
  name: string;
  newName: string;
  tricks: string[];
  oldCount: number;
  keep: boolean[];
  inserts: number[];
  oldEol: boolean;
  newEol: boolean;
}

const nameChar = fc.constantFrom('a', 'b', 'z', ' ', '"', '\\', 'é', '日', '\t', '\n', '-', '.', "'", '$', '*', '?', 'b/', ' b/', 'a/');
const nameArb = fc
  .array(nameChar, { minLength: 1, maxLength: 8 })
  .map((cs) => cs.join(''))
  .filter((n) => !n.includes('/') || !n.endsWith('/'));
const trickArb = fc.constantFrom('', '+', '++ b/x', '-', '-- a/x', 'diff --git a/q b/q', '@@ -1 +1 @@', '\\ No newline at end of file', ' ', 'é日本 ', '"q" ', '\t', 'Binary files a and b differ ');

const fileArb: fc.Arbitrary<FileCase> = fc.record({
  kind: fc.constantFrom<Kind>('modify', 'modify', 'new', 'delete', 'rename', 'chmod', 'binary'),
  name: nameArb,
  newName: nameArb,
  tricks: fc.array(trickArb, { minLength: 12, maxLength: 12 }),
  oldCount: fc.integer({ min: 0, max: 6 }),
  keep: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  inserts: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 7, maxLength: 7 }),
  oldEol: fc.boolean(),
  newEol: fc.boolean(),
});

interface Line {
  text: string;
  eol: boolean;
}

function render(lines: Line[]): string {
  return lines.map((l) => l.text + (l.eol ? '\n' : '')).join('');
}

function withEol(texts: string[], finalEol: boolean): Line[] {
  return texts.map((t, i) => ({ text: t, eol: i < texts.length - 1 || finalEol }));
}

interface Planned {
  oldPath?: string;
  newPath?: string;
  oldLines?: Line[];
  newLines?: Line[];
  binary: boolean;
  chmod: boolean;
}

function plan(cases: FileCase[]): Planned[] {
  const used = new Set<string>();
  const uniq = (n: string, i: number, side: string) => {
    let p = `${n}_${side}${i}`;
    if (p.startsWith('a/') || p.startsWith('b/')) p = `x${p}`;
    used.add(p);
    return p;
  };
  return cases.map((c, i) => {
    let counter = 0;
    const tok = (side: string) => `${c.tricks[counter % c.tricks.length]}f${i}${side}${counter++}`;
    const oldTexts = Array.from({ length: c.oldCount }, () => tok('o'));
    const newTexts: string[] = [];
    for (let k = 0; k <= c.oldCount; k++) {
      for (let j = 0; j < c.inserts[k]!; j++) newTexts.push(tok('n'));
      if (k < c.oldCount && (c.keep[k] || c.kind === 'rename')) newTexts.push(oldTexts[k]!);
    }
    const oldLines = withEol(oldTexts, c.oldEol);
    const newLines = withEol(newTexts, c.newEol);
    const oldPath = uniq(c.name, i, 'o');
    switch (c.kind) {
      case 'new':
        return { newPath: oldPath, newLines, binary: false, chmod: false };
      case 'delete':
        return { oldPath, oldLines, binary: false, chmod: false };
      case 'rename':
        return { oldPath, newPath: uniq(c.newName, i, 'r'), oldLines, newLines, binary: false, chmod: false };
      case 'binary':
        return { oldPath, newPath: oldPath, oldLines, newLines, binary: true, chmod: false };
      case 'chmod':
        return { oldPath, newPath: oldPath, oldLines, newLines, binary: false, chmod: true };
      default:
        return { oldPath, newPath: oldPath, oldLines, newLines, binary: false, chmod: false };
    }
  });
}

function binaryContent(lines: Line[] | undefined, salt: string): Buffer {
  return Buffer.concat([Buffer.from(`\0\x01bin${salt}\0`), Buffer.from(render(lines ?? []))]);
}

type Got = Map<string, { path: string; line: number; text: string }[]>;

async function collect(events: AsyncIterable<SourceEvent>, sha?: string): Promise<{ added: Got; skips: string[] }> {
  const added: Got = new Map();
  const skips: string[] = [];
  for await (const e of events) {
    if (e.type === 'skip') skips.push(e.path);
    if (e.type !== 'fragment') continue;
    const f = e.fragment;
    if (sha !== undefined && f.commit?.sha !== sha) continue;
    const texts = f.text.split('\n');
    expect(texts.length).toBe(f.lineNumbers!.length);
    const list = added.get(f.path) ?? [];
    texts.forEach((t, i) => list.push({ path: f.path, line: f.lineNumbers![i]!, text: t }));
    added.set(f.path, list);
  }
  return { added, skips };
}

describe('diff parsing on real git output (property)', () => {
  it('reports every added line exactly once with its path and line number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fileArb, { minLength: 1, maxLength: 4 }), async (cases) => {
        const planned = plan(cases);
        const repo = makeRepo();
        for (const p of planned) {
          if (!p.oldPath || !p.oldLines) continue;
          repo.write(p.oldPath, p.binary ? binaryContent(p.oldLines, 'old') : render(p.oldLines), 0o644);
        }
        const base = repo.commitAll('base');
        for (const p of planned) {
          if (p.oldPath && p.newPath && p.oldPath !== p.newPath) mkdirSync(dirname(join(repo.dir, p.newPath)), { recursive: true });
          if (p.oldPath && p.newPath && p.oldPath !== p.newPath) renameSync(join(repo.dir, p.oldPath), join(repo.dir, p.newPath));
          if (p.oldPath && !p.newPath) rmSync(join(repo.dir, p.oldPath));
          if (p.newPath && p.newLines) repo.write(p.newPath, p.binary ? binaryContent(p.newLines, 'new') : render(p.newLines));
          if (p.chmod && p.newPath) chmodSync(join(repo.dir, p.newPath), 0o755);
        }
        repo.git('add', '-A');

        // Oracle for rename pairing: git's own name-status.
        const renames = new Map<string, string>();
        const ns = repo.git('diff', '--cached', '-M', '--name-status', '-z', 'HEAD').split('\0');
        for (let i = 0; i < ns.length; i++) {
          if (ns[i]!.startsWith('R')) {
            renames.set(ns[i + 2]!, ns[i + 1]!);
            i += 2;
          } else if (/^[ACDMTUX]/.test(ns[i]!)) i += 1;
        }

        const expected: Got = new Map();
        const expectedSkips: string[] = [];
        const oldByPath = new Map(planned.filter((p) => p.oldPath).map((p) => [p.oldPath!, p]));
        for (const p of planned) {
          if (!p.newPath || !p.newLines) continue;
          if (p.binary) {
            expectedSkips.push(p.newPath);
            continue;
          }
          const from = renames.get(p.newPath) ?? (p.oldPath === p.newPath ? p.oldPath : undefined);
          const baseLines = from ? (oldByPath.get(from)?.oldLines ?? []) : [];
          const have = new Set(baseLines.map((l) => `${l.eol ? 1 : 0}${l.text}`));
          const list = p.newLines
            .map((l, i) => ({ l, i }))
            .filter(({ l }) => !have.has(`${l.eol ? 1 : 0}${l.text}`))
            .map(({ l, i }) => ({ path: p.newPath!, line: i + 1, text: l.text }));
          if (list.length) expected.set(p.newPath, list);
        }

        const staged = await collect(stagedSource(repo.dir));
        expect(staged.added).toEqual(expected);
        expect(staged.skips.sort()).toEqual(expectedSkips.sort());

        const head = repo.commitAll('change');
        const hist = await collect(historySource(repo.dir, { range: `${base}..${head}` }), head);
        expect(hist.added).toEqual(expected);
        expect(hist.skips.sort()).toEqual(expectedSkips.sort());
      }),
      { numRuns: 60 },
    );
  });
});
