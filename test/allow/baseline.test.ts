// Baselines: write/read round trip, no secrets stored, old findings suppressed and new ones kept —
// in-process and through the built CLI in a real git repository.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { applyBaseline, createBaseline, makeSuppressor, parseBaseline, readBaseline, writeBaseline } from '../../src/allow/baseline.js';
import { fingerprint } from '../../src/allow/fingerprint.js';
import { parseIgnoreText } from '../../src/allow/ignore-file.js';
import type { Finding } from '../../src/types.js';
import { cleanupTemp, fakeAwsKeyId, makeRepo, run, tempDir } from '../helpers/git.js';

afterAll(cleanupTemp);

const BIN = resolve(__dirname, '../../bin/leakguard.js');
const lg = (args: string[], cwd: string) => run(process.execPath, [BIN, ...args], { cwd });

function mk(ruleId: string, path: string, secret: string, line: number): Finding {
  const f = {
    ruleId, description: ruleId, kind: 'generic-secret', path, line, column: 1, endLine: line, endColumn: 2,
    secret, match: secret, lineText: secret, entropy: 4, fingerprint: '',
  } as Finding;
  f.fingerprint = fingerprint(f);
  return f;
}

describe('baseline file', () => {
  it('round-trips, holds no secret, and keeps only new findings', () => {
    const dir = tempDir();
    const s1 = 'old-' + randomBytes(10).toString('hex');
    const s2 = 'new-' + randomBytes(10).toString('hex');
    const old = [mk('r', 'a.env', s1, 3), mk('r', 'a.env', s1, 9), { ...mk('r', 'b.env', s1, 1), commit: { sha: 'c'.repeat(40), author: 'x', email: 'y', date: 'z' } }];
    const file = join(dir, 'baseline.json');
    writeBaseline(file, createBaseline(old, new Date('2024-05-06T07:08:09Z')));
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(s1);
    const b = readBaseline(file);
    expect(b.version).toBe(1);
    expect(b.generated).toBe('2024-05-06T07:08:09.000Z');
    // Same rule, path and secret on two lines: one entry.
    expect(b.entries).toHaveLength(2);
    expect(b.entries[0]).toEqual({ fingerprint: old[0].fingerprint, ruleId: 'r', path: 'a.env', line: 3 });
    expect(b.entries[1].commit).toBe('c'.repeat(40));
    // The old finding moved down 20 lines is still old; a new secret is new.
    const later = [mk('r', 'a.env', s1, 23), mk('r', 'a.env', s2, 24), mk('r', 'c.env', s1, 1)];
    expect(applyBaseline(later, b).map((f) => [f.path, f.line])).toEqual([
      ['a.env', 24],
      ['c.env', 1],
    ]);
    expect(readdirSync(dir)).toEqual(['baseline.json']);
  });

  it('rejects bad files with one-line user errors', () => {
    const dir = tempDir();
    expect(() => readBaseline(join(dir, 'missing.json'))).toThrow(/baseline file not found/);
    expect(() => parseBaseline('{', 'x.json')).toThrow(/x\.json is not valid JSON/);
    expect(() => parseBaseline('{"entries": []}', 'x.json')).toThrow(/not a leakguard baseline/);
    expect(() => parseBaseline('{"version": 1, "entries": [{"fingerprint": "zz"}]}', 'x.json')).toThrow(/entry 1 has no valid fingerprint/);
    expect(() => parseBaseline('{"version": 99, "entries": []}', 'x.json')).toThrow(/version 99/);
    expect(() => writeBaseline(join(dir, 'no/such/dir/b.json'), createBaseline([]))).toThrow(/cannot write baseline/);
  });

  it('accepts a gitleaks JSON report as a baseline', () => {
    const s = 'gl-' + randomBytes(10).toString('hex');
    const report = JSON.stringify([{ RuleID: 'r', File: 'x/y.env', Secret: s, StartLine: 4, Commit: 'd'.repeat(40) }]);
    const b = parseBaseline(report, 'gitleaks-report.json');
    expect(b.entries).toHaveLength(1);
    expect(JSON.stringify(b)).not.toContain(s);
    expect(applyBaseline([mk('r', 'x/y.env', s, 10)], b)).toEqual([]);
  });

  it('makeSuppressor says baseline or ignored', () => {
    const s = 'x-' + randomBytes(8).toString('hex');
    const t = 'y-' + randomBytes(8).toString('hex');
    const inBase = mk('r', 'a', s, 1);
    const ignored = mk('r', 'b', t, 2);
    const sup = makeSuppressor({ baseline: createBaseline([inBase]), ignore: parseIgnoreText(`${ignored.fingerprint}\nc:r:7\n`, 'i') });
    expect(sup(inBase)).toBe('baseline');
    expect(sup(ignored)).toBe('ignored');
    expect(sup(mk('r', 'c', t, 7))).toBe('ignored');
    expect(sup(mk('r', 'c', t, 8))).toBeUndefined();
  });
});

describe('leakguard baseline (CLI, real git repo)', () => {
  beforeAll(() => {
    if (!existsSync(resolve(__dirname, '../../dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
  });

  it('records today\'s findings; scan --baseline then reports only new ones, also after edits above the line', () => {
    const repo = makeRepo();
    const oldKey = fakeAwsKeyId();
    repo.write('app/settings.py', `import os\nAWS_ACCESS_KEY_ID = "${oldKey}"\n`);
    repo.commitAll('legacy');
    const r = lg(['baseline'], repo.dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/recorded 1 finding/);
    const file = join(repo.dir, '.leakguard-baseline.json');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(oldKey);
    expect(JSON.parse(text).entries[0]).toMatchObject({ ruleId: expect.any(String), path: 'app/settings.py', line: 2 });
    // The baseline file itself is clean.
    expect(lg(['scan', '.leakguard-baseline.json'], repo.dir).status).toBe(0);

    expect(lg(['scan', '.'], repo.dir).status).toBe(1);
    let s = lg(['scan', '--baseline', '.leakguard-baseline.json', '.'], repo.dir);
    expect(s.status, s.stdout).toBe(0);
    expect(s.stdout).toMatch(/suppressed 1 baseline/);

    // Lines added above the old key: still suppressed. A new key: reported.
    const newKey = fakeAwsKeyId();
    repo.write('app/settings.py', `import os\nimport sys\n\n# creds\nAWS_ACCESS_KEY_ID = "${oldKey}"\nOTHER_KEY_ID = "${newKey}"\n`);
    s = lg(['scan', '--baseline', '.leakguard-baseline.json', '--format', 'json', '.'], repo.dir);
    expect(s.status).toBe(1);
    const doc = JSON.parse(s.stdout);
    expect(doc.findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual(['app/settings.py:6']);
    expect(s.stdout).not.toContain(newKey);

    // The new finding's fingerprint in .leakguardignore suppresses it too.
    writeFileSync(join(repo.dir, '.leakguardignore'), `# reviewed\n${doc.findings[0].fingerprint}\n`);
    s = lg(['scan', '--baseline', '.leakguard-baseline.json', '.'], repo.dir);
    expect(s.status, s.stdout).toBe(0);
    expect(s.stdout).toMatch(/suppressed 1 baseline, 1 ignore file/);
  });

  it('writes -o FILE, records history with --history, and fails cleanly on bad input', () => {
    const repo = makeRepo();
    const gone = fakeAwsKeyId();
    repo.write('old.env', `AWS_ACCESS_KEY_ID=${gone}\n`);
    repo.commitAll('add');
    repo.git('rm', '-q', 'old.env');
    repo.commitAll('remove');
    let r = lg(['baseline', '-o', 'tree.json'], repo.dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(repo.dir, 'tree.json'), 'utf8')).entries).toEqual([]);
    r = lg(['baseline', '--history', '-o', 'hist.json'], repo.dir);
    expect(r.status, r.stderr).toBe(0);
    const hist = readFileSync(join(repo.dir, 'hist.json'), 'utf8');
    expect(hist).not.toContain(gone);
    expect(JSON.parse(hist).entries).toHaveLength(1);
    const s = lg(['scan', '--history', '--baseline', 'hist.json'], repo.dir);
    expect(s.status, s.stdout + s.stderr).toBe(0);

    r = lg(['baseline', '--bogus'], repo.dir);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    r = lg(['baseline', '-o', 'no/such/dir/b.json'], repo.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^leakguard: cannot write baseline/);
    r = lg(['baseline', '--config', 'missing.toml'], repo.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
