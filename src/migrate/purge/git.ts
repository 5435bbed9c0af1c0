// Small git helpers for migrate (control commands; output is small).
import { spawn } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export function git(cwd: string, args: string[], input?: string): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 10_000) err += d.toString();
    });
    child.on('error', () => resolve({ code: 127, stdout: Buffer.alloc(0), stderr: 'git not found' }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

export interface RepoInfo {
  /** Work tree root. */
  root: string;
  /** This work tree's git dir (absolute). */
  gitDir?: string;
  isGit: boolean;
  hasHead: boolean;
}

export async function repoInfo(dir: string): Promise<RepoInfo> {
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  if (top.code !== 0) return { root: dir, isGit: false, hasHead: false };
  const root = top.stdout.toString().trim();
  const gd = await git(root, ['rev-parse', '--absolute-git-dir']);
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  return { root, gitDir: gd.stdout.toString().trim(), isGit: true, hasHead: head.code === 0 };
}

/** Tracked paths with staged or unstaged changes (untracked and ignored files are not counted). */
export async function changedTrackedPaths(root: string): Promise<string[]> {
  const r = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=no']);
  if (r.code !== 0) return [];
  const parts = r.stdout.toString('utf8').split('\0');
  const paths: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const e = parts[i]!;
    if (e.length < 4) continue;
    const xy = e.slice(0, 2);
    paths.push(e.slice(3));
    if (xy[0] === 'R' || xy[0] === 'C') i++; // the source path follows
  }
  return paths;
}
