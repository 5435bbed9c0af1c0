// Where the hooks of a repository live: husky's `.husky/` when husky is in use, otherwise the
// directory git runs hooks from (core.hooksPath, or `git rev-parse --git-path hooks`, which also
// does the right thing in linked worktrees and bare repositories).
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../types.js';
import { git, gitOk } from '../sources/git-run.js';

export interface HookLocation {
  /** 'husky': add blocks to `.husky/<hook>` files; 'git': hook files in `dir`. */
  mode: 'husky' | 'git';
  dir: string;
  /** Husky 5-8 hook files source `_/husky.sh`; husky 9 files are plain scripts. */
  huskyLegacy: boolean;
  bare: boolean;
  /** Work tree root (git dir for a bare repository). */
  root: string;
  /** Git's own hooks directory, whatever the mode (uninstall looks in both). */
  gitHooksDir: string;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export async function locateHooks(cwd: string): Promise<HookLocation> {
  if (!existsSync(cwd)) throw new UserError(`no such directory: ${cwd}`);
  const probe = await git(cwd, ['rev-parse', '--is-bare-repository', '--absolute-git-dir']);
  if (probe.code !== 0) throw new UserError(`not a git repository: ${cwd}`);
  const [bareLine, gitDir] = probe.stdout.trim().split('\n');
  const bare = bareLine === 'true';
  const root = bare ? gitDir! : await gitOk(cwd, ['rev-parse', '--show-toplevel'], 'git rev-parse');
  const gitPath = await gitOk(root, ['rev-parse', '--git-path', 'hooks'], 'git rev-parse');
  const gitHooksDir = isAbsolute(gitPath) ? gitPath : resolve(root, gitPath);

  if (!bare) {
    const hp = await git(root, ['config', '--type=path', '--get', 'core.hooksPath']);
    const hooksPath = hp.code === 0 ? hp.stdout.trim() : '';
    let huskyDir: string | undefined;
    if (hooksPath) {
      const abs = resolve(root, hooksPath).replace(/[\\/]+$/, '');
      if (/[\\/]\.husky[\\/]_$/.test(abs)) huskyDir = abs.slice(0, -2);
      else if (/[\\/]\.husky$/.test(abs)) huskyDir = abs;
    } else if (isDir(join(root, '.husky'))) {
      huskyDir = join(root, '.husky');
    }
    if (huskyDir) {
      const legacy = existsSync(join(huskyDir, '_', 'husky.sh')) && !existsSync(join(huskyDir, '_', 'h'));
      return { mode: 'husky', dir: huskyDir, huskyLegacy: legacy, bare, root, gitHooksDir };
    }
  }
  return { mode: 'git', dir: gitHooksDir, huskyLegacy: false, bare, root, gitHooksDir };
}
