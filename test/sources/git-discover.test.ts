// findWorkTree answers "which repository is this?" from the file system for the plain layout, and
// must then agree with `git rev-parse` exactly; for every other layout it must decline (undefined),
// so the caller asks git.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, gitEnv, makeRepo, run, tempDir } from '../helpers/git.js';
import { findWorkTree } from '../../src/util/git-discover.js';

afterAll(cleanupTemp);

function revParse(cwd: string) {
  const r = run('git', ['rev-parse', '--absolute-git-dir', '--show-toplevel'], { cwd, env: gitEnv() });
  const [gitDir, root] = r.stdout.trim().split('\n');
  return { root, gitDir };
}

function withEnv<T>(env: Record<string, string>, f: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return f();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('findWorkTree', () => {
  it('agrees with git rev-parse in a plain repository, its subdirectories and through a symlink', () => {
    const repo = makeRepo();
    repo.write('a/b/c.txt', 'x\n');
    const link = join(tempDir('lg-link-'), 'to-repo');
    symlinkSync(repo.dir, link);
    for (const cwd of [repo.dir, join(repo.dir, 'a'), join(repo.dir, 'a', 'b'), link, join(link, 'a')]) {
      expect(findWorkTree(cwd)).toEqual(revParse(cwd));
    }
  });

  it('declines worktrees, submodules, bare repositories, the .git directory and non-repositories', () => {
    const repo = makeRepo();
    repo.write('f.txt', 'x\n');
    repo.commitAll('init');
    const wt = join(tempDir('lg-wt-'), 'wt');
    repo.git('worktree', 'add', '-q', wt);
    expect(findWorkTree(wt)).toBeUndefined();
    const bare = makeRepo({ bare: true });
    expect(findWorkTree(bare.dir)).toBeUndefined();
    expect(findWorkTree(join(repo.dir, '.git'))).toBeUndefined();
    mkdirSync(join(repo.dir, '.git', 'x'), { recursive: true });
    expect(findWorkTree(join(repo.dir, '.git', 'x'))).toBeUndefined();
    const outside = tempDir('lg-norepo-');
    // A temp dir has no repository above it unless the machine's /tmp is inside one.
    if (run('git', ['rev-parse', '--show-toplevel'], { cwd: outside, env: gitEnv() }).status !== 0) expect(findWorkTree(outside)).toBeUndefined();
    const sub = makeRepo();
    sub.write('s.txt', 's\n');
    sub.commitAll('sub');
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'mod');
    expect(findWorkTree(join(repo.dir, 'mod'))).toBeUndefined();
    expect(findWorkTree(repo.dir)).toEqual(revParse(repo.dir));
  });

  it('declines when the environment or the config moves the repository', () => {
    const repo = makeRepo();
    expect(withEnv({ GIT_DIR: join(repo.dir, '.git') }, () => findWorkTree(repo.dir))).toBeUndefined();
    expect(withEnv({ GIT_WORK_TREE: repo.dir }, () => findWorkTree(repo.dir))).toBeUndefined();
    repo.git('config', 'core.worktree', repo.dir);
    expect(findWorkTree(repo.dir)).toBeUndefined();
  });
});
