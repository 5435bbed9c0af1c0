// --min-confidence through the built CLI: what is reported, what fails the scan and the hook, and
// how each report format carries the level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsKeyId, expectUserError, humanPassword, lg, requireBuild } from '../hardening/cli.js';
import { cleanupTemp, makeRepo, tempDir } from '../helpers/git.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let dir: string;
beforeAll(() => {
  requireBuild();
  dir = tempDir('lg-minconf-');
  mkdirSync(join(dir, 'tests'), { recursive: true });
  // A weak dummy in a test: low. Nothing else in the tree.
  writeFileSync(join(dir, 'tests', 'test_login.py'), 'def test_login(client):\n    client.login(username="bob", password="testpass")\n');
});
afterAll(() => cleanupTemp());

describe('--min-confidence', () => {
  it('default (medium): a low finding is not reported, does not fail, and is counted', () => {
    const r = lg(['scan', '.', '--no-gitignore', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.findings).toEqual([]);
    expect(doc.summary.suppressed.belowConfidence).toBe(1);
    const t = lg(['scan', '.', '--no-gitignore'], dir);
    expect(t.out).toMatch(/no secrets found.*1 below --min-confidence/);
  });

  it('low: reported with its level and reasons, and fails the scan', () => {
    const r = lg(['scan', '.', '--no-gitignore', '--format', 'json', '--min-confidence', 'low'], dir);
    expect(r.code).toBe(1);
    const [f] = JSON.parse(r.out).findings;
    expect(f.confidence).toBe('low');
    expect(f.reasons.join('; ')).toMatch(/test or fixture file/);
    expect(typeof f.score).toBe('number');
  });

  it('high: only what the shape proves fails', () => {
    const d = tempDir('lg-minconf-high-');
    writeFileSync(join(d, 'settings.py'), `DB_PASSWORD = "${humanPassword()}"\nAWS_KEY = "${awsKeyId()}"\n`);
    const med = JSON.parse(lg(['scan', '.', '--no-gitignore', '--format', 'json'], d).out);
    expect(med.findings.map((f: { confidence: string }) => f.confidence).sort()).toEqual(['high', 'medium']);
    const high = lg(['scan', '.', '--no-gitignore', '--format', 'json', '--min-confidence', 'high'], d);
    expect(high.code).toBe(1);
    expect(JSON.parse(high.out).findings.map((f: { kind: string }) => f.kind)).toEqual(['aws-access-key-id']);
  });

  it('a bad level is one line and exit 2', () => {
    const r = lg(['scan', '.', '--min-confidence', 'sure'], dir);
    expect(r.code).toBe(2);
    expectUserError(r, '--min-confidence sure', 3);
  });

  it('SARIF levels and GitHub annotations follow the confidence', () => {
    const d = tempDir('lg-minconf-fmt-');
    writeFileSync(join(d, 'settings.py'), `DB_PASSWORD = "${humanPassword()}"\nAWS_KEY = "${awsKeyId()}"\n`);
    writeFileSync(join(d, 'test_x.py'), 'password = "testpass"\n');
    const sarif = JSON.parse(lg(['scan', '.', '--no-gitignore', '--format', 'sarif', '--min-confidence', 'low'], d).out);
    const levels = sarif.runs[0].results.map((r: { level: string; properties: { confidence: string } }) => [r.properties.confidence, r.level]);
    expect(levels.sort()).toEqual([['high', 'error'], ['low', 'note'], ['medium', 'warning']]);
    const gh = lg(['scan', '.', '--no-gitignore', '--format', 'github', '--min-confidence', 'low'], d).out;
    expect(gh.match(/^::(error|warning|notice) /gm)?.sort()).toEqual(['::error ', '::notice ', '::warning ']);
  });

  it('the pre-commit hook path refuses a medium finding and lets a low one through', () => {
    const repo = makeRepo();
    repo.write('tests/test_a.py', 'password = "testpass"\n');
    repo.git('add', '.');
    expect(lg(['scan', '--staged'], repo.dir).code).toBe(0);
    repo.write('app/settings.py', `DB_PASSWORD = "${humanPassword()}"\n`);
    repo.git('add', '.');
    const r = lg(['scan', '--staged'], repo.dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\[medium\]/);
  });
});
