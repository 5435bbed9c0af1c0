// .pre-commit-hooks.yaml with the real pre-commit tool (PyPI): pre-commit installs this repository
// at its current commit (language: node) and runs the hooks on commit and push in a temp repo.
// Without pre-commit (and no way to pip-install it): in CI (CI=true) the test fails; elsewhere it
// says plainly that it was skipped, like the moto-based tests.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTemp, fakeAwsKeyId, gitEnv, makeRepo, run, tempDir } from '../helpers/git.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
afterAll(cleanupTemp);

/** Like run(), but without blocking the worker (pre-commit's first install takes a minute or more). */
function runAsync(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => resolve({ status: 127, stdout, stderr: stderr + String(e) }));
    child.on('close', (code) => resolve({ status: code ?? 128, stdout, stderr }));
  });
}

async function preCommitAvailable(): Promise<boolean> {
  const has = async () => (await runAsync('pre-commit', ['--version'], { cwd: ROOT, env: process.env })).status === 0;
  if (await has()) return true;
  await runAsync('python3', ['-m', 'pip', 'install', '--quiet', 'pre-commit'], { cwd: ROOT, env: process.env });
  if (await has()) return true;
  const msg = 'the pre-commit tool is not installed and `python3 -m pip install pre-commit` failed';
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${msg} — failing because CI=true`);
  process.stderr.write(`\nSKIPPED: ${msg}. The pre-commit framework test was skipped on this machine; it runs in CI.\n\n`);
  return false;
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares the leakguard (staged) and leakguard-pre-push hooks', () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    const byId = new Map(hooks.map((h) => [h.id, h]));
    expect(byId.get('leakguard')).toMatchObject({ entry: 'leakguard scan --staged', pass_filenames: false, language: 'node' });
    expect(byId.get('leakguard-pre-push')).toMatchObject({ entry: 'leakguard scan --pre-push', stages: ['pre-push'], pass_filenames: false });
  });

  it(
    'works with the real pre-commit tool: a commit and a push holding an AWS key are refused, clean ones pass',
    async () => {
      if (!(await preCommitAvailable())) return;
      // LEAKGUARD_PRECOMMIT_REPO: try another checkout of leakguard (development only).
      const hookRepo = process.env.LEAKGUARD_PRECOMMIT_REPO ? resolve(process.env.LEAKGUARD_PRECOMMIT_REPO) : ROOT;
      const rev = run('git', ['rev-parse', 'HEAD'], { cwd: hookRepo }).stdout.trim();
      // pre-commit's home (its clone of this repository, the node environment it installs, about 50 MB)
      // and npm's cache are the run's own temp dirs, removed with the others: nothing an earlier run or
      // another test file left in ~/.cache/pre-commit or ~/.npm is reused, and nothing piles up.
      const home = tempDir('lg-pre-commit-home-');
      const npmCache = join(home, 'npm-cache');
      const env = gitEnv({ PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: 'never', npm_config_cache: npmCache });
      const repo = makeRepo();
      const remote = makeRepo({ bare: true });
      repo.write('.pre-commit-config.yaml', `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: leakguard\n      - id: leakguard-pre-push\n`);
      const installArgs = ['install', '-t', 'pre-commit', '-t', 'pre-push', '--install-hooks'];
      // pre-commit runs `npm install -g git+file://<clone>`: this is the install that raced with itself
      // (ENOTEMPTY / TAR_ENTRY_ERROR) while the package had a prepare script (bin/first-run-build.js).
      const inst = await runAsync('pre-commit', installArgs, { cwd: repo.dir, env });
      expect(inst.stderr + inst.stdout).not.toMatch(/error/i);
      expect(inst.status).toBe(0);

      const key = fakeAwsKeyId();
      repo.write('aws.ini', `[default]\naws_access_key_id = ${key}\n`);
      run('git', ['add', '-A'], { cwd: repo.dir, env });
      const bad = await runAsync('git', ['commit', '-m', 'leak'], { cwd: repo.dir, env });
      expect(bad.status).not.toBe(0);
      expect(bad.stdout + bad.stderr).toMatch(/aws\.ini:2/);
      expect(bad.stdout + bad.stderr).not.toContain(key);

      repo.write('aws.ini', '[default]\nregion = eu-west-1\n');
      run('git', ['add', '-A'], { cwd: repo.dir, env });
      const ok = await runAsync('git', ['commit', '-m', 'clean'], { cwd: repo.dir, env });
      expect(ok.status).toBe(0);

      run('git', ['remote', 'add', 'origin', remote.dir], { cwd: repo.dir, env });
      expect((await runAsync('git', ['push', 'origin', 'HEAD:refs/heads/main'], { cwd: repo.dir, env })).status).toBe(0);
      run('git', ['fetch', '-q', 'origin'], { cwd: repo.dir, env });

      repo.write('aws.ini', `[default]\naws_access_key_id = ${key}\n`);
      run('git', ['add', '-A'], { cwd: repo.dir, env });
      expect((await runAsync('git', ['commit', '--no-verify', '-m', 'leak'], { cwd: repo.dir, env })).status).toBe(0);
      const push = await runAsync('git', ['push', 'origin', 'HEAD:refs/heads/main'], { cwd: repo.dir, env });
      expect(push.status).not.toBe(0);
      expect(push.stdout + push.stderr).toMatch(/aws\.ini:2/);
      expect(push.stdout + push.stderr).not.toContain(key);
      const branch = await runAsync('git', ['push', 'origin', 'HEAD:refs/heads/topic'], { cwd: repo.dir, env });
      expect(branch.status).not.toBe(0);
    },
    900_000,
  );
});
