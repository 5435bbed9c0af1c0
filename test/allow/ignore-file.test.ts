// .leakguardignore and .gitleaksignore: comments, blank lines, both fingerprint forms, files at the root.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fingerprint } from '../../src/allow/fingerprint.js';
import { loadIgnoreFiles, parseIgnoreText } from '../../src/allow/ignore-file.js';
import { cleanupTemp, fakeAwsKeyId, makeRepo, run, tempDir } from '../helpers/git.js';

afterAll(cleanupTemp);

const fp1 = fingerprint({ ruleId: 'r', path: 'a.txt', secret: 'one-' + Math.random() });
const fp2 = fingerprint({ ruleId: 'r', path: 'b.txt', secret: 'two-' + Math.random() });
const sha = '89abcdef0123456789abcdef0123456789abcdef';

describe('parseIgnoreText', () => {
  it('reads fingerprints, skipping comments and blank lines, and reports bad lines', () => {
    const text = [
      '# reviewed 2024-05-01',
      '',
      `${fp1}   # test fixture, not a key`,
      `   ${fp2.toUpperCase()}  `,
      '\t',
      `${sha}:deploy/main.tf:aws-access-key-id:14`,
      'config/app.yml:password-assignment:3',
      'not a fingerprint',
    ].join('\r\n');
    const list = parseIgnoreText(text, '.leakguardignore');
    expect([...list.fingerprints].sort()).toEqual([fp1, fp2].sort());
    expect(list.gitleaks.size).toBe(2);
    expect(list.invalid).toEqual(['.leakguardignore:8: not a fingerprint']);
  });

  it('matches findings by leakguard fingerprint or by gitleaks form (global or per commit, full or short sha)', () => {
    const list = parseIgnoreText(
      [fp1, `${sha}:deploy/main.tf:aws-access-key-id:14`, 'config/app.yml:password-assignment:3', '1234567:x.env:r:2'].join('\n'),
      'f',
    );
    const f = (o: Partial<{ ruleId: string; path: string; line: number; fingerprint: string; commit: { sha: string } }>) => ({ ruleId: 'r', path: 'p', line: 1, fingerprint: fp2, ...o });
    expect(list.has(f({ fingerprint: fp1 }))).toBe(true);
    expect(list.has(f({}))).toBe(false);
    expect(list.has(f({ ruleId: 'aws-access-key-id', path: 'deploy/main.tf', line: 14, commit: { sha } }))).toBe(true);
    expect(list.has(f({ ruleId: 'aws-access-key-id', path: 'deploy/main.tf', line: 14, commit: { sha: 'f'.repeat(40) } }))).toBe(false);
    expect(list.has(f({ ruleId: 'aws-access-key-id', path: 'deploy/main.tf', line: 14 }))).toBe(false);
    expect(list.has(f({ ruleId: 'aws-access-key-id', path: 'deploy/main.tf', line: 15, commit: { sha } }))).toBe(false);
    expect(list.has(f({ ruleId: 'password-assignment', path: 'config/app.yml', line: 3 }))).toBe(true);
    expect(list.has(f({ ruleId: 'password-assignment', path: './config/app.yml', line: 3, commit: { sha } }))).toBe(true);
    expect(list.has(f({ ruleId: 'r', path: 'x.env', line: 2, commit: { sha: '1234567' + 'a'.repeat(33) } }))).toBe(true);
    expect(list.has(f({ ruleId: 'other-rule', path: 'config/app.yml', line: 3 }))).toBe(false);
  });

  it("maps gitleaks' default rule ids to leakguard's, still pinned to path and line", () => {
    const list = parseIgnoreText(['deploy/main.tf:aws-access-token:4', 'a.py:generic-api-key:2', 'k:github-pat:1'].join('\n'), 'f');
    const f = (ruleId: string, path: string, line: number) => ({ ruleId, path, line, fingerprint: '' });
    expect(list.has(f('aws-access-key-id', 'deploy/main.tf', 4))).toBe(true);
    expect(list.has(f('aws-access-key-id', 'deploy/main.tf', 5))).toBe(false);
    expect(list.has(f('password-assignment', 'a.py', 2))).toBe(true);
    expect(list.has(f('aws-access-key-id', 'a.py', 2))).toBe(false);
    expect(list.has(f('github-token', 'k', 1))).toBe(true);
    expect(list.has(f('slack-token', 'k', 1))).toBe(false);
  });
});

describe('loadIgnoreFiles', () => {
  it('reads .leakguardignore and .gitleaksignore at the root, each accepting both forms', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.leakguardignore'), `# ours\n${fp1}\nsrc/a.js:generic-api-key:9\n`);
    writeFileSync(join(dir, '.gitleaksignore'), `${sha}:src/b.js:generic-api-key:4\n${fp2}\n`);
    const list = loadIgnoreFiles(dir);
    expect(list.files.map((p) => p.slice(dir.length + 1)).sort()).toEqual(['.gitleaksignore', '.leakguardignore']);
    expect(list.fingerprints).toEqual(new Set([fp1, fp2]));
    expect(list.has({ ruleId: 'generic-api-key', path: 'src/a.js', line: 9, fingerprint: '' })).toBe(true);
    expect(list.has({ ruleId: 'generic-api-key', path: 'src/b.js', line: 4, fingerprint: '', commit: { sha } })).toBe(true);
  });

  it('is empty without files, and a missing extra file is a user error', () => {
    const dir = tempDir();
    const list = loadIgnoreFiles(dir);
    expect(list.files).toEqual([]);
    expect(list.fingerprints.size).toBe(0);
    expect(() => loadIgnoreFiles(dir, [join(dir, 'nope')])).toThrow(/cannot read ignore file .*nope \(ENOENT\)/);
  });
});

describe('ignore files through the CLI (real git repo)', () => {
  const BIN = resolve(__dirname, '../../bin/leakguard.js');
  const lg = (args: string[], cwd: string) => run(process.execPath, [BIN, ...args], { cwd });

  it('honours a gitleaks commit entry in history and a leakguard fingerprint in the tree', () => {
    if (!existsSync(resolve(__dirname, '../../dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
    const repo = makeRepo();
    const key = fakeAwsKeyId();
    repo.write('k.env', `AWS_ACCESS_KEY_ID=${key}\n`);
    const sha = repo.commitAll('add key');
    expect(lg(['scan', '--history'], repo.dir).status).toBe(1);
    writeFileSync(join(repo.dir, '.gitleaksignore'), `${sha}:k.env:aws-access-token:1\n`);
    const h = lg(['scan', '--history'], repo.dir);
    expect(h.status, h.stdout + h.stderr).toBe(0);
    expect(h.stdout).toMatch(/suppressed 1 ignore file/);
    // The commit entry does not cover the working tree; the finding's own fingerprint does.
    const t = lg(['scan', '--format', 'json', '.'], repo.dir);
    expect(t.status).toBe(1);
    const fp = JSON.parse(t.stdout).findings[0].fingerprint;
    writeFileSync(join(repo.dir, '.leakguardignore'), `${fp}\n`);
    expect(lg(['scan', '.'], repo.dir).status).toBe(0);
  });
});
