// Temp git repositories driven by the real `git` binary, isolated from the user's git config.
// Fixture secrets are generated at run time so the committed tree holds nothing that looks live.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomInt } from 'node:crypto';

const made: string[] = [];

/** A fresh temp directory, removed by `cleanupTemp()`. */
export function tempDir(prefix = 'lg-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function cleanupTemp(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

let globalConfig: string | undefined;

/** Environment for git in tests: a private global config with an identity, no system config. */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  if (!globalConfig) {
    const d = mkdtempSync(join(tmpdir(), 'lg-gitcfg-'));
    made.push(d);
    globalConfig = join(d, 'gitconfig');
    writeFileSync(
      globalConfig,
      '[user]\n\tname = Test Author\n\temail = author@example.test\n[init]\n\tdefaultBranch = main\n[protocol "file"]\n\tallow = always\n[advice]\n\tdetachedHead = false\n',
    );
  }
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_GLOBAL: globalConfig, GIT_CONFIG_NOSYSTEM: '1', ...extra };
  // Never inherit a repository from an enclosing hook or test run.
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_QUARANTINE_PATH']) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Run a command, never throwing; `status` is the exit code (128+n for a signal). */
export function run(cmd: string, args: string[], opts: { cwd: string; input?: string; env?: NodeJS.ProcessEnv }): RunResult {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, input: opts.input, env: opts.env ?? gitEnv(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status ?? 128, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export interface TempRepo {
  dir: string;
  /** Run git; throws with git's stderr on failure. */
  git(...args: string[]): string;
  /** Run git without throwing. */
  gitTry(args: string[], opts?: { input?: string; env?: NodeJS.ProcessEnv }): RunResult;
  write(rel: string, content: string | Buffer, mode?: number): string;
  /** Stage everything and commit; returns the new commit sha. */
  commitAll(message: string, opts?: { noVerify?: boolean }): string;
  head(): string;
}

export function makeRepo(opts: { bare?: boolean; dir?: string; initArgs?: string[] } = {}): TempRepo {
  const dir = opts.dir ?? tempDir(opts.bare ? 'lg-bare-' : 'lg-repo-');
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', ...(opts.bare ? ['--bare'] : []), ...(opts.initArgs ?? []), dir], { env: gitEnv() });
  return repoAt(dir);
}

export function repoAt(dir: string): TempRepo {
  const repo: TempRepo = {
    dir,
    git: (...args) => {
      const r = run('git', args, { cwd: dir });
      if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
      return r.stdout;
    },
    gitTry: (args, o = {}) => run('git', args, { cwd: dir, input: o.input, env: o.env }),
    write: (rel, content, mode) => {
      const p = join(dir, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      if (mode !== undefined) chmodSync(p, mode);
      return p;
    },
    commitAll: (message, o = {}) => {
      repo.git('add', '-A');
      repo.git('commit', '-q', '--allow-empty', '-m', message, ...(o.noVerify ? ['--no-verify'] : []));
      return repo.head();
    },
    head: () => repo.git('rev-parse', 'HEAD').trim(),
  };
  return repo;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random, well-formed AWS access key ID (never the documentation example). */
export function fakeAwsKeyId(): string {
  let s = 'AKIA';
  for (let i = 0; i < 16; i++) s += B32[randomInt(B32.length)];
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A random 40-character AWS secret access key. */
export function fakeAwsSecret(): string {
  let s = '';
  for (let i = 0; i < 40; i++) s += B64[randomInt(B64.length)];
  return s;
}
