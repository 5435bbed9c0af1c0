// Finding the repository around a directory without running git, for the pre-commit path (a git
// spawn costs milliseconds there). Only the plain layout is answered here: a `.git` directory in
// the directory or one of its parents, no environment variable or config setting that changes
// discovery. Anything else (worktrees and submodules with a `.git` file, bare repositories,
// GIT_DIR, core.worktree, being inside `.git` itself) returns undefined: ask `git rev-parse`.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

export interface WorkTree {
  /** Top level of the work tree, as `git rev-parse --show-toplevel` prints it. */
  root: string;
  /** Absolute .git directory, as `git rev-parse --absolute-git-dir` prints it. */
  gitDir: string;
}

const DISCOVERY_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_CONFIG', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT'];

export function findWorkTree(cwd: string): WorkTree | undefined {
  if (process.platform === 'win32') return undefined;
  if (DISCOVERY_ENV.some((k) => process.env[k] !== undefined)) return undefined;
  let dir: string;
  try {
    dir = realpathSync(cwd);
  } catch {
    return undefined;
  }
  if (dir.split(sep).includes('.git')) return undefined;
  // git stops at a file-system boundary unless told otherwise: so does this (it asks git then).
  const dev = statSync(dir, { throwIfNoEntry: false })?.dev;
  for (;;) {
    if (statSync(dir, { throwIfNoEntry: false })?.dev !== dev) return undefined;
    const dotGit = join(dir, '.git');
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st) {
      if (!st.isDirectory()) return undefined; // a gitfile: worktree or submodule
      try {
        if (!statSync(join(dotGit, 'HEAD')).isFile()) return undefined;
        const config = readFileSync(join(dotGit, 'config'), 'utf8');
        // Settings that move the work tree or make the repository bare.
        if (/^\s*(?:worktree|bare\s*=\s*true)/im.test(config)) return undefined;
      } catch {
        return undefined;
      }
      return { root: dir, gitDir: dotGit };
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
