// End-to-end: `leakguard install` in real repositories, then real `git commit` / `git push` run the
// hooks, which run the built CLI (bin/leakguard.js -> dist/, built by `npm test`).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFlags } from '../../src/hooks/node-flags.js';
import { cleanupTemp, fakeAwsKeyId, gitEnv, makeRepo, repoAt, run, tempDir, type TempRepo } from '../helpers/git.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// LEAKGUARD_TEST_BIN: run the hooks against another build of the CLI (development only).
const BIN = process.env.LEAKGUARD_TEST_BIN ? resolve(process.env.LEAKGUARD_TEST_BIN) : join(ROOT, 'bin/leakguard.js');

beforeAll(() => {
  if (!existsSync(join(dirname(BIN), '../dist/main.js'))) throw new Error('dist/main.js is missing: run `npm run bundle` first (npm test does)');
});
afterAll(cleanupTemp);

function leakguard(args: string[], cwd: string, input?: string) {
  return run(process.execPath, [BIN, ...args], { cwd, input });
}

function commit(repo: TempRepo, message: string, env?: NodeJS.ProcessEnv) {
  repo.git('add', '-A');
  return repo.gitTry(['commit', '-m', message], { env });
}

function keyLine(): { key: string; text: string } {
  const key = fakeAwsKeyId();
  return { key, text: `[default]\naws_access_key_id = ${key}\n` };
}

/** The project's own install of leakguard: node_modules/leakguard (a link to this package), not committed. */
function linkPackage(repo: TempRepo) {
  mkdirSync(join(repo.dir, 'node_modules'), { recursive: true });
  run('ln', ['-s', resolve(dirname(BIN), '..'), join(repo.dir, 'node_modules', 'leakguard')], { cwd: repo.dir });
  writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'node_modules\n');
}

/** Paths of this machine a committed hook file must not hold. */
function machinePaths(): string[] {
  return [ROOT, resolve(dirname(BIN), '..'), process.execPath, '/tmp/', tmpdir()];
}

function installed(repo: TempRepo, args: string[] = []) {
  const r = leakguard(['install', ...args], repo.dir);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r;
}

describe('leakguard install: pre-commit', () => {
  it('refuses a commit holding an AWS key, lets a clean commit through, never prints the key', () => {
    const repo = makeRepo();
    installed(repo);
    const { key, text } = keyLine();
    repo.write('config/credentials', text);
    const bad = commit(repo, 'add creds');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/commit refused: secrets found/);
    expect(bad.stdout + bad.stderr).toMatch(/config\/credentials:2/);
    expect(bad.stdout + bad.stderr).not.toContain(key);
    expect(repo.gitTry(['rev-parse', '--verify', '-q', 'HEAD']).status).not.toBe(0); // nothing committed

    repo.write('config/credentials', '[default]\nregion = eu-west-1\n');
    const ok = commit(repo, 'clean');
    expect(ok.stderr).not.toMatch(/refused/);
    expect(ok.status).toBe(0);
  });

  it('scans only what is staged: an unstaged key does not block, a staged one does', () => {
    const repo = makeRepo();
    repo.write('README', 'hi\n');
    repo.commitAll('init');
    installed(repo);
    const { text } = keyLine();
    repo.write('app.ini', 'name=x\n');
    repo.git('add', 'app.ini');
    repo.write('app.ini', `name=x\n${text}`); // unstaged edit
    expect(repo.gitTry(['commit', '-m', 'only name']).status).toBe(0);
    repo.git('add', 'app.ini');
    const r = repo.gitTry(['commit', '-m', 'now the key']);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/app\.ini:3/);
  });

  it('LEAKGUARD_SKIP=1 skips with a warning; --no-verify bypasses', () => {
    const repo = makeRepo();
    installed(repo);
    repo.write('a.cfg', keyLine().text);
    const r = commit(repo, 'skip', gitEnv({ LEAKGUARD_SKIP: '1' }));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/LEAKGUARD_SKIP is set/);
    repo.write('b.cfg', keyLine().text);
    repo.git('add', '-A');
    expect(repo.gitTry(['commit', '--no-verify', '-m', 'bypass']).status).toBe(0);
  });

  it('is idempotent: installing twice adds nothing', () => {
    const repo = makeRepo();
    installed(repo);
    const first = readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8');
    const firstPush = readFileSync(join(repo.dir, '.git/hooks/pre-push'), 'utf8');
    const again = installed(repo);
    expect(again.stdout).toMatch(/already installed/);
    expect(readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8')).toBe(first);
    expect(readFileSync(join(repo.dir, '.git/hooks/pre-push'), 'utf8')).toBe(firstPush);
    expect(first.match(/>>> leakguard pre-commit >>>/g)).toHaveLength(1);
  });

  it('honours core.hooksPath', () => {
    const repo = makeRepo();
    repo.git('config', 'core.hooksPath', 'githooks');
    linkPackage(repo);
    installed(repo);
    expect(existsSync(join(repo.dir, 'githooks/pre-commit'))).toBe(true);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
    // githooks/ is committed: the file names no path of this machine (leakguard is found when it runs)
    const text = readFileSync(join(repo.dir, 'githooks/pre-commit'), 'utf8');
    for (const p of machinePaths()) expect(text).not.toContain(p);
    repo.write('k.env', keyLine().text);
    const r = commit(repo, 'k');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/commit refused: secrets found/);
  });
});

describe('hooks fail closed', () => {
  function withBin(repo: TempRepo, script: string | undefined): string {
    const dir = tempDir('lg-fakebin-');
    const bin = join(dir, 'bin', 'leakguard.js');
    mkdirSync(dirname(bin), { recursive: true });
    if (script === undefined) copyFileSync(BIN, bin); // a bin whose dist/ is missing
    else writeFileSync(bin, script);
    installed(repo, ['--bin', bin]);
    return bin;
  }

  it('refuses the commit when the recorded leakguard is gone and none can be found', () => {
    const repo = makeRepo();
    const bin = withBin(repo, 'process.exit(0);\n');
    run('rm', ['-f', bin], { cwd: repo.dir });
    repo.write('clean.txt', 'nothing secret\n');
    // a PATH with git and sh but no node, leakguard or npx
    const pathDir = tempDir('lg-path-');
    for (const tool of ['git', 'sh', 'dirname', 'cat']) {
      const where = run('sh', ['-c', `command -v ${tool}`], { cwd: repo.dir }).stdout.trim();
      run('ln', ['-s', where, join(pathDir, tool)], { cwd: repo.dir });
    }
    repo.git('add', '-A');
    const r = repo.gitTry(['commit', '-m', 'x'], { env: gitEnv({ PATH: pathDir }) });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/commit refused: the secret scan could not run: leakguard was not found/);
    expect(r.stderr).toMatch(/git commit --no-verify/);
    expect(r.stderr).toMatch(/LEAKGUARD_SKIP=1/);
  });

  it("starts leakguard with the hooks' Node flags, and without them where Node refuses them (exit 9)", () => {
    const repo = makeRepo();
    const log = join(tempDir('lg-argv-'), 'runs.txt');
    // A bin that logs how Node started it, and plays a Node that does not know the flags (exit 9).
    withBin(repo, `const fs = require('node:fs');\nfs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.execArgv) + '\\n');\nprocess.exit(process.execArgv.includes('--no-regexp-tier-up') ? 9 : 0);\n`);
    repo.write('config.txt', 'api_key = something\n');
    const r = commit(repo, 'x');
    expect(r.status).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([JSON.stringify(nodeFlags('pre-commit').split(' ')), '[]']);
  });

  it('refuses the commit when leakguard cannot start (its built code is missing)', () => {
    const repo = makeRepo();
    withBin(repo, undefined);
    repo.write('clean.txt', 'nothing secret\n');
    const r = commit(repo, 'x');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cannot start/);
    expect(r.stderr).toMatch(/the secret scan could not run: leakguard failed \(exit status 2\)/);
  });

  it('refuses the commit when leakguard crashes or is killed', () => {
    const repo = makeRepo();
    withBin(repo, "throw new Error('boom');\n");
    repo.write('clean.txt', 'nothing secret\n');
    const crashed = commit(repo, 'x');
    // node exits 1 on an uncaught exception, the same code as "secrets found": refused either way
    expect(crashed.status).not.toBe(0);
    expect(crashed.stderr).toMatch(/commit refused/);

    const repo3 = makeRepo();
    withBin(repo3, "process.stderr.write('oops\\n'); process.exit(3);\n");
    repo3.write('clean.txt', 'nothing secret\n');
    const failed = commit(repo3, 'x');
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/could not run: leakguard failed \(exit status 3\)/);

    const repo2 = makeRepo();
    withBin(repo2, "process.kill(process.pid, 'SIGKILL');\n");
    repo2.write('clean.txt', 'nothing secret\n');
    const killed = commit(repo2, 'x');
    expect(killed.status).not.toBe(0);
    expect(killed.stderr).toMatch(/could not run: leakguard was killed/);
  });

  it('refuses the push when the scanner fails', () => {
    const bare = makeRepo({ bare: true });
    const work = cloneOf(bare.dir);
    withBin(work, 'process.exit(7);\n');
    work.write('a.txt', 'a\n');
    work.git('add', '-A');
    work.git('commit', '-q', '--no-verify', '-m', 'a');
    const r = work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/push refused: the secret scan could not run: leakguard failed \(exit status 7\)/);
    expect(r.stderr).toMatch(/git push --no-verify/);
  });
});

function cloneOf(bareDir: string): TempRepo {
  const dir = tempDir('lg-clone-');
  const r = run('git', ['clone', '-q', bareDir, dir], { cwd: bareDir });
  expect(r.status).toBe(0);
  return repoAt(dir);
}

describe('leakguard install: pre-push', () => {
  it('refuses pushing a commit holding a key (committed with --no-verify), also as a new branch; clean pushes go through', () => {
    const bare = makeRepo({ bare: true });
    const work = cloneOf(bare.dir);
    installed(work);
    work.write('README.md', '# demo\n');
    work.commitAll('init');
    expect(work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']).status).toBe(0);

    const { key, text } = keyLine();
    work.write('deploy/creds.ini', text);
    work.commitAll('leak', { noVerify: true });
    const leak = work.head();
    const r = work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/push refused: secrets found/);
    expect(r.stdout + r.stderr).toMatch(/deploy\/creds\.ini:2/);
    expect(r.stdout + r.stderr).toContain(leak.slice(0, 7));
    expect(r.stdout + r.stderr).not.toContain(key);
    expect(run('git', ['rev-parse', 'refs/heads/main'], { cwd: bare.dir }).stdout.trim()).not.toBe(leak);

    // the same commit as a new branch
    const nb = work.gitTry(['push', 'origin', 'HEAD:refs/heads/feature']);
    expect(nb.status).not.toBe(0);
    expect(nb.stderr).toMatch(/push refused/);
    expect(run('git', ['rev-parse', '--verify', '-q', 'refs/heads/feature'], { cwd: bare.dir }).status).not.toBe(0);

    // a clean new branch from the pushed main goes through; so does deleting it
    work.git('checkout', '-q', '-b', 'clean', 'origin/main');
    work.write('docs.md', 'docs\n');
    work.commitAll('docs');
    expect(work.gitTry(['push', 'origin', 'clean']).status).toBe(0);
    expect(work.gitTry(['push', 'origin', '--delete', 'clean']).status).toBe(0);

    // after removing the key in a later commit the push is still refused: the leak is in history
    work.git('checkout', '-q', 'main');
    work.write('deploy/creds.ini', '[default]\n');
    work.commitAll('remove key');
    expect(work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']).status).not.toBe(0);
  });
});

describe('leakguard install --pre-receive (server side)', () => {
  it('rejects a push adding a key with a message to the pusher; accepts a clean one', () => {
    const bare = makeRepo({ bare: true });
    const r = leakguard(['install', '--pre-receive'], bare.dir);
    expect(r.status).toBe(0);
    expect(existsSync(join(bare.dir, 'hooks/pre-receive'))).toBe(true);
    const work = cloneOf(bare.dir);
    work.write('README.md', '# demo\n');
    work.commitAll('init');
    const clean = work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(clean.stderr).not.toMatch(/refused/);
    expect(clean.status).toBe(0);

    const { key, text } = keyLine();
    work.write('settings.py', `AWS_ACCESS_KEY_ID = "${key.slice(0, 4)}${key.slice(4)}"\n`);
    void text;
    work.commitAll('leak', { noVerify: true });
    const bad = work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/remote: .*settings\.py:1/);
    expect(bad.stderr).toMatch(/remote: leakguard: push refused by the server: secrets found/);
    expect(bad.stderr).not.toContain(key);
    // as a new branch too
    expect(work.gitTry(['push', 'origin', 'HEAD:refs/heads/topic']).status).not.toBe(0);
    // deleting a branch is fine
    work.git('reset', '-q', '--hard', 'HEAD~1');
    expect(work.gitTry(['push', 'origin', 'HEAD:refs/heads/tmp']).status).toBe(0);
    expect(work.gitTry(['push', 'origin', '--delete', 'tmp']).status).toBe(0);
  });

  it('installs pre-receive by default in a bare repository and refuses client hooks there', () => {
    const bare = makeRepo({ bare: true });
    expect(leakguard(['install'], bare.dir).status).toBe(0);
    expect(existsSync(join(bare.dir, 'hooks/pre-receive'))).toBe(true);
    const r = leakguard(['install', '--pre-commit'], bare.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bare repository/);
  });
});

describe('existing hooks are chained and restored', () => {
  it('a shell hook keeps running (leakguard block inserted) and uninstall restores it byte for byte', () => {
    const repo = makeRepo();
    const original = '#!/bin/sh\n# my team hook\necho "team hook ran" > "$(git rev-parse --show-toplevel)/.team-ran"\nexit 0\n';
    repo.write('.git/hooks/pre-commit', original, 0o755);
    installed(repo);
    const text = readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8');
    expect(text).toContain('# my team hook');
    expect(text).toContain('>>> leakguard pre-commit >>>');

    repo.write('k.cfg', keyLine().text);
    expect(commit(repo, 'k').status).toBe(1);
    run('rm', ['-f', join(repo.dir, 'k.cfg')], { cwd: repo.dir });
    repo.write('ok.txt', 'ok\n');
    expect(commit(repo, 'ok').status).toBe(0);
    expect(existsSync(join(repo.dir, '.team-ran'))).toBe(true);

    const u = leakguard(['uninstall'], repo.dir);
    expect(u.status).toBe(0);
    expect(readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8')).toBe(original);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-push'))).toBe(false);
  });

  it('a non-shell hook is moved aside, runs first (with the push stdin), and is put back by uninstall', () => {
    const bare = makeRepo({ bare: true });
    const work = cloneOf(bare.dir);
    const original = `#!${process.execPath}\nconst fs = require('fs');\nconst input = fs.readFileSync(0, 'utf8');\nfs.writeFileSync(require('path').join(process.cwd(), '.node-hook-ran'), process.argv.slice(2).join(' ') + '\\n' + input);\n`;
    work.write('.git/hooks/pre-push', original, 0o755);
    installed(work);
    expect(readFileSync(join(work.dir, '.git/hooks/pre-push.leakguard-chained'), 'utf8')).toBe(original);

    work.write('a.txt', 'a\n');
    const sha = work.commitAll('a');
    expect(work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']).status).toBe(0);
    const ran = readFileSync(join(work.dir, '.node-hook-ran'), 'utf8');
    expect(ran).toContain(`origin ${bare.dir}`);
    expect(ran).toContain(`HEAD ${sha} refs/heads/main ${'0'.repeat(40)}`);

    // a chained hook that fails stops the push before leakguard runs
    writeFileSync(join(work.dir, '.git/hooks/pre-push.leakguard-chained'), '#!/usr/bin/env python3\nimport sys\nsys.exit(3)\n');
    work.write('b.txt', 'b\n');
    work.commitAll('b');
    expect(work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']).status).not.toBe(0);

    writeFileSync(join(work.dir, '.git/hooks/pre-push.leakguard-chained'), original);
    expect(leakguard(['uninstall'], work.dir).status).toBe(0);
    expect(readFileSync(join(work.dir, '.git/hooks/pre-push'), 'utf8')).toBe(original);
    expect(existsSync(join(work.dir, '.git/hooks/pre-push.leakguard-chained'))).toBe(false);
    expect(existsSync(join(work.dir, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('a shell pre-push hook after the block still gets its stdin', () => {
    const bare = makeRepo({ bare: true });
    const work = cloneOf(bare.dir);
    const original = '#!/bin/sh\nset -eu\ncat > "$(git rev-parse --show-toplevel)/.stdin-seen"\n';
    work.write('.git/hooks/pre-push', original, 0o755);
    installed(work, ['--pre-push']);
    work.write('a.txt', 'a\n');
    const sha = work.commitAll('a');
    expect(work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']).status).toBe(0);
    expect(readFileSync(join(work.dir, '.stdin-seen'), 'utf8')).toContain(`HEAD ${sha} refs/heads/main ${'0'.repeat(40)}`);
  });
});

describe('husky', () => {
  it('adds a marked block to .husky/pre-commit and .husky/pre-push (creating them), which git runs via core.hooksPath', () => {
    const repo = makeRepo();
    repo.write('.husky/pre-commit', 'npx --no-install lint-staged-not-here || true\n', 0o755);
    repo.git('config', 'core.hooksPath', '.husky');
    linkPackage(repo);
    const r = installed(repo);
    expect(r.stdout).toMatch(/husky/);
    const pc = readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8');
    expect(pc).toContain('>>> leakguard pre-commit >>>');
    expect(pc).toContain('lint-staged-not-here');
    expect(readFileSync(join(repo.dir, '.husky/pre-push'), 'utf8')).toContain('>>> leakguard pre-push >>>');
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);

    repo.write('secrets.env', keyLine().text);
    repo.git('add', 'secrets.env');
    // husky 9 runs hook files with `sh -e`
    const viaSh = run('sh', ['-e', '.husky/pre-commit'], { cwd: repo.dir });
    expect(viaSh.status).toBe(1);
    expect(repo.gitTry(['commit', '-m', 'x']).status).toBe(1);
    run('git', ['rm', '-q', '--cached', 'secrets.env'], { cwd: repo.dir });
    run('rm', ['secrets.env'], { cwd: repo.dir });
    repo.write('fine.txt', 'fine\n');
    expect(commit(repo, 'fine').status).toBe(0);

    expect(installed(repo).stdout).toMatch(/already installed/);
    expect(leakguard(['uninstall'], repo.dir).status).toBe(0);
    expect(readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8')).toBe('npx --no-install lint-staged-not-here || true\n');
    expect(existsSync(join(repo.dir, '.husky/pre-push'))).toBe(false);
  });

  it('uses .husky/ when the directory exists even before husky set core.hooksPath', () => {
    const repo = makeRepo();
    mkdirSync(join(repo.dir, '.husky/_'), { recursive: true });
    writeFileSync(join(repo.dir, '.husky/_/husky.sh'), '# husky 8 runner stand-in\n');
    installed(repo, ['--pre-commit']);
    const pc = readFileSync(join(repo.dir, '.husky/pre-commit'), 'utf8');
    expect(pc.split('\n').slice(0, 2)).toEqual(['#!/usr/bin/env sh', '. "$(dirname -- "$0")/_/husky.sh"']);
    expect(pc).toContain('>>> leakguard pre-commit >>>');
    expect(existsSync(join(repo.dir, '.husky/pre-push'))).toBe(false);
  });
});

describe('the scan a hook starts', () => {
  it('does not make Node load NODE_EXTRA_CA_CERTS (no hook scan talks to the network)', () => {
    const repo = makeRepo();
    installed(repo);
    repo.write('app.ini', keyLine().text);
    const r = commit(repo, 'k', gitEnv({ NODE_EXTRA_CA_CERTS: join(repo.dir, 'no-such-bundle.pem') }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/commit refused: secrets found/);
    expect(r.stderr).not.toMatch(/extra certs/i);
  });
});

describe('committed hook files', () => {
  it('a husky hook holds nothing of the machine that wrote it, and on another checkout still refuses a staged key', () => {
    const repo = makeRepo();
    mkdirSync(join(repo.dir, '.husky'));
    repo.git('config', 'core.hooksPath', '.husky');
    linkPackage(repo);
    installed(repo);
    for (const h of ['pre-commit', 'pre-push']) {
      const text = readFileSync(join(repo.dir, '.husky', h), 'utf8');
      for (const p of machinePaths()) expect(text, `${h} holds ${p}`).not.toContain(p);
      expect(text).not.toMatch(/lg_(?:recorded|bin|node)='\//);
    }
    repo.write('README.md', '# demo\n');
    expect(commit(repo, 'init').status).toBe(0);

    // Someone else's clone: the committed .husky/ and their own node_modules/leakguard.
    const other = repoAt(tempDir('lg-other-'));
    expect(run('git', ['clone', '-q', repo.dir, other.dir], { cwd: repo.dir }).status).toBe(0);
    other.git('config', 'core.hooksPath', '.husky');
    linkPackage(other);
    other.write('deploy/app.env', keyLine().text);
    const bad = commit(other, 'leak');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/commit refused: secrets found/);
    // From a subdirectory too (git runs hooks at the top; the hook also asks git for it)
    const viaSub = run('sh', [join(other.dir, '.husky/pre-commit')], { cwd: join(other.dir, 'deploy') });
    expect(viaSub.status).toBe(1);
    run('git', ['rm', '-q', '--cached', 'deploy/app.env'], { cwd: other.dir });
    run('rm', ['deploy/app.env'], { cwd: other.dir });
    other.write('notes.txt', 'nothing to see\n');
    expect(commit(other, 'fine').status).toBe(0);
  });

  it('without leakguard in node_modules, on PATH or via npx, the committed hook refuses (fails closed)', () => {
    const repo = makeRepo();
    mkdirSync(join(repo.dir, '.husky'));
    repo.git('config', 'core.hooksPath', '.husky');
    installed(repo);
    repo.write('clean.txt', 'nothing secret\n');
    const pathDir = tempDir('lg-path-');
    for (const tool of ['git', 'sh', 'dirname', 'cat', 'grep']) {
      const where = run('sh', ['-c', `command -v ${tool}`], { cwd: repo.dir }).stdout.trim();
      run('ln', ['-s', where, join(pathDir, tool)], { cwd: repo.dir });
    }
    repo.git('add', '-A');
    const r = repo.gitTry(['commit', '-m', 'x'], { env: gitEnv({ PATH: pathDir }) });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/the secret scan could not run: leakguard was not found \(not in node_modules\/leakguard/);
  });
});

describe('the pre-commit pre-check', () => {
  // A stand-in leakguard package with the real dist/precheck.ere: its bin records that it ran.
  function fakePackage(): { bin: string; ran: string } {
    const dir = tempDir('lg-fakepkg-');
    const ran = join(dir, 'ran');
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    copyFileSync(join(ROOT, 'dist', 'precheck.ere'), join(dir, 'dist', 'precheck.ere'));
    writeFileSync(join(dir, 'dist', 'main.cjs'), '');
    const bin = join(dir, 'bin', 'leakguard.js');
    writeFileSync(bin, `require('fs').appendFileSync(${JSON.stringify(ran)}, 'x'); process.exit(0);\n`);
    return { bin, ran };
  }

  it('starts no scanner for a change with no keyword or base64 value, and starts it for anything else', () => {
    const repo = makeRepo();
    const { bin, ran } = fakePackage();
    installed(repo, ['--bin', bin]);
    repo.write('notes.txt', 'just some words\nand numbers 1 2 3\n');
    expect(commit(repo, 'plain').status).toBe(0);
    expect(existsSync(ran)).toBe(false);
    // Under `sh -e` too (husky 9 runs hook files so): grep's "no match" must not end the hook early.
    repo.write('more.txt', 'more words\n');
    repo.git('add', 'more.txt');
    expect(run('sh', ['-e', join(repo.dir, '.git/hooks/pre-commit')], { cwd: repo.dir }).status).toBe(0);
    expect(existsSync(ran)).toBe(false);
    repo.git('commit', '-q', '--no-verify', '-m', 'more');

    const cases: Array<[string, string]> = [
      ['a.txt', 'the Password is elsewhere\n'], // a keyword, any case
      ['b.yml', `value: ${Buffer.from('db_password: hunter2hunter2').toString('base64')}\n`], // base64 of a secret
      ['config/master.key', '0123456789abcdef0123456789abcdef\n'], // a rule without keywords, for that path
    ];
    let n = 0;
    for (const [p, text] of cases) {
      repo.write(p, text);
      expect(commit(repo, p).status).toBe(0);
      expect(readFileSync(ran, 'utf8').length, p).toBe(++n);
    }
    // A user config: always the full scan.
    repo.write('.leakguard.toml', '# rules of our own\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'config');
    repo.write('notes2.txt', 'just words\n');
    expect(commit(repo, 'plain2').status).toBe(0);
    expect(readFileSync(ran, 'utf8').length).toBe(++n);
  });
});

describe('hook scripts', () => {
  it('are valid POSIX sh', () => {
    const repo = makeRepo();
    installed(repo);
    for (const hook of ['pre-commit', 'pre-push']) {
      const shells = ['sh', 'dash', 'bash'].filter((s) => run('sh', ['-c', `command -v ${s}`], { cwd: repo.dir }).status === 0);
      for (const s of shells) expect(run(s, ['-n', join(repo.dir, '.git/hooks', hook)], { cwd: repo.dir }).status).toBe(0);
    }
  });

  it('install and uninstall answer --help and reject bad arguments with exit 2', () => {
    const repo = makeRepo();
    const h = leakguard(['install', '--help'], repo.dir);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/--pre-receive/);
    expect(leakguard(['uninstall', '--help'], repo.dir).status).toBe(0);
    const bad = leakguard(['install', '--nope'], repo.dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const notRepo = leakguard(['install'], tempDir());
    expect(notRepo.status).toBe(2);
    expect(notRepo.stderr).toMatch(/not a git repository/);
    expect(leakguard(['uninstall'], repo.dir).stdout).toMatch(/nothing to remove/);
  });
});

describe("the project's own .husky hooks", () => {
  it('pre-commit scans the staged changes with bin/leakguard.js and refuses a key', () => {
    const repo = makeRepo();
    mkdirSync(join(repo.dir, '.husky'));
    for (const h of ['pre-commit', 'pre-push']) copyFileSync(join(ROOT, '.husky', h), join(repo.dir, '.husky', h));
    // the hooks run `node bin/leakguard.js` from the repository root, as in leakguard's own checkout
    run('ln', ['-s', dirname(BIN), join(repo.dir, 'bin')], { cwd: repo.dir });
    run('ln', ['-s', join(dirname(BIN), '../dist'), join(repo.dir, 'dist')], { cwd: repo.dir });
    repo.write('.gitignore', 'bin\ndist\n');
    repo.git('config', 'core.hooksPath', '.husky');
    repo.write('leak.env', keyLine().text);
    const bad = commit(repo, 'leak');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/commit refused: secrets found/);
    run('rm', [join(repo.dir, 'leak.env')], { cwd: repo.dir });
    repo.write('ok.md', 'fine\n');
    expect(commit(repo, 'ok').status).toBe(0);
  });
});
