// Small git control calls via execFile. The pre-commit path uses these instead of simple-git, whose
// module graph costs more start-up time than the whole staged scan (see README, Speed).
import { execFile } from 'node:child_process';
import { UserError } from '../types.js';

export function git(args: string[], cwd: string, opts: { input?: string; maxBuffer?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd, maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) => {
        if (err) {
          const msg = (stderr || err.message).trim().split('\n')[0];
          const e = new Error(`git ${args[0]}: ${msg}`) as Error & { stderr?: string; code?: unknown };
          e.stderr = stderr;
          e.code = (err as NodeJS.ErrnoException).code;
          reject(e);
        } else resolve(stdout);
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** The work tree's top level, or undefined when `cwd` is not inside a work tree. */
export async function repoRoot(cwd: string): Promise<string | undefined> {
  try {
    const out = await git(['rev-parse', '--show-toplevel'], cwd);
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Like repoRoot, but a user error when not in a repository. */
export async function requireRepo(cwd: string): Promise<{ root: string; gitDir: string; bare: boolean }> {
  let out: string;
  try {
    out = await git(['rev-parse', '--is-bare-repository', '--absolute-git-dir'], cwd);
  } catch (err) {
    const e = err as { code?: unknown };
    if (e.code === 'ENOENT') throw new UserError('git is not installed or not on PATH');
    throw new UserError(`not a git repository: ${cwd}`);
  }
  const [bareLine, gitDir] = out.trim().split('\n');
  const bare = bareLine === 'true';
  if (bare) return { root: gitDir, gitDir, bare };
  const root = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  return { root, gitDir, bare };
}
