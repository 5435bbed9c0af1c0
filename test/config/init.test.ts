// `leakguard init` on real repositories: starter config (never overwritten) and hooks installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanupTemp, gitEnv, tempDir } from '../helpers/git.js';

const BIN = resolve(__dirname, '../../bin/leakguard.js');
const keyId = () => 'AKIA' + 'Q3EGRJ5XVZ7LMN2P';

function lg(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: gitEnv() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function git(dir: string, ...args: string[]) {
  return spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: gitEnv() });
}

function repo(): string {
  const dir = tempDir('lg-init-');
  git(dir, 'init', '-q');
  return dir;
}

beforeAll(() => {
  if (!existsSync(resolve(__dirname, '../../dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
});
afterAll(() => cleanupTemp());

describe('leakguard init', () => {
  it('writes a starter .leakguard.toml with a #:schema line and installs hooks that block a key', () => {
    const dir = repo();
    const r = lg(['init'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('wrote .leakguard.toml');
    const cfg = readFileSync(join(dir, '.leakguard.toml'), 'utf8');
    expect(cfg.split('\n')[0]).toMatch(/^#:schema https:\/\/unpkg\.com\/leakguard@[\d.]+\/schema\/leakguard\.schema\.json$/);
    expect(cfg).toContain('# [[rules]]');
    expect(cfg).toContain('# disabledRules');
    expect(cfg).toContain('globs = ');
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-push'))).toBe(true);
    // The starter config loads: a clean scan passes, and the hook refuses a key.
    writeFileSync(join(dir, 'ok.txt'), 'hello\n');
    git(dir, 'add', 'ok.txt', '.leakguard.toml');
    expect(git(dir, 'commit', '-q', '-m', 'clean').status).toBe(0);
    writeFileSync(join(dir, 'leak.env'), `AWS_ACCESS_KEY_ID=${keyId()}\n`);
    git(dir, 'add', 'leak.env');
    const refused = git(dir, 'commit', '-q', '-m', 'leak');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).not.toContain(keyId());
  });

  it('never overwrites an existing config (its own, or a gitleaks one) and is safe to run twice', () => {
    const dir = repo();
    writeFileSync(join(dir, '.leakguard.toml'), '# mine\n');
    const r = lg(['init', '--no-hooks'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('kept the existing config');
    expect(readFileSync(join(dir, '.leakguard.toml'), 'utf8')).toBe('# mine\n');

    const gl = repo();
    writeFileSync(join(gl, '.gitleaks.toml'), '[extend]\nuseDefault = true\n');
    expect(lg(['init'], gl).code).toBe(0);
    expect(existsSync(join(gl, '.leakguard.toml'))).toBe(false);
    expect(lg(['init'], gl).code).toBe(0);
  });

  it('points #:schema at the installed package when there is one', () => {
    const dir = repo();
    mkdirSync(join(dir, 'node_modules', 'leakguard', 'schema'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'leakguard', 'schema', 'leakguard.schema.json'), '{}');
    expect(lg(['init', '--no-hooks', '-q'], dir)).toMatchObject({ code: 0, out: '' });
    expect(readFileSync(join(dir, '.leakguard.toml'), 'utf8').split('\n')[0]).toBe('#:schema ./node_modules/leakguard/schema/leakguard.schema.json');
  });

  it('outside a repository: one-line error (exit 2) unless --no-hooks', () => {
    const dir = tempDir('lg-init-norepo-');
    const r = lg(['init'], dir);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/not a git repository/);
    expect(existsSync(join(dir, '.leakguard.toml'))).toBe(false);
    expect(lg(['init', '--no-hooks'], dir).code).toBe(0);
    expect(existsSync(join(dir, '.leakguard.toml'))).toBe(true);
  });
});
