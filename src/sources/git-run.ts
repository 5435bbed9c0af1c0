// Running git: short control commands (execFile, buffered) and bulk output (spawn, streamed
// line by line as bytes, never held whole in memory).
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { UserError } from '../types.js';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a short git command; never throws for a non-zero exit (the caller decides). */
export function git(cwd: string, args: string[], input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' && !existsSync(cwd)) reject(new UserError(`no such directory: ${cwd}`));
          else if (code === 'ENOENT') reject(new UserError('git is not installed or not on PATH'));
          else if (code === 'ENOTDIR') reject(new UserError(`not a directory: ${cwd}`));
          else reject(new UserError(`cannot run git in ${cwd}: ${code}`));
          return;
        }
        const exit = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code: exit, stdout, stderr });
      },
    );
    child.on('error', () => {
      /* reported through the callback */
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Run a control command that must succeed; returns trimmed stdout or throws a one-line UserError. */
export async function gitOk(cwd: string, args: string[], what?: string): Promise<string> {
  const r = await git(cwd, args);
  if (r.code !== 0) throw new UserError(`${what ?? `git ${args[0]}`} failed: ${firstLine(r.stderr) || `exit ${r.code}`}`);
  return r.stdout.replace(/\n$/, '');
}

export function firstLine(s: string): string {
  for (const line of s.split('\n')) {
    const t = line.trim();
    if (t) return t.replace(/^fatal:\s*/, '');
  }
  return '';
}

/** Throws a UserError unless `dir` is inside a git repository (work tree or bare). */
export async function assertRepo(dir: string): Promise<{ bare: boolean; shallow: boolean }> {
  const r = await git(dir, ['rev-parse', '--is-bare-repository', '--is-shallow-repository']);
  if (r.code !== 0) {
    const msg = firstLine(r.stderr);
    throw new UserError(
      /not a git repository/i.test(msg) ? `not a git repository: ${dir}` : `cannot read the git repository at ${dir}: ${msg}`,
    );
  }
  const [bare, shallow] = r.stdout.split('\n');
  return { bare: bare === 'true', shallow: shallow === 'true' };
}

/** True when HEAD points at a commit (false on an unborn branch). */
export async function hasHead(dir: string): Promise<boolean> {
  const r = await git(dir, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
  return r.code === 0;
}

/** Id of the empty tree in this repo's hash algorithm (sha1 or sha256). */
export async function emptyTree(dir: string): Promise<string> {
  const r = await git(dir, ['hash-object', '-t', 'tree', '--stdin'], '');
  if (r.code === 0 && /^[0-9a-f]{40,64}$/.test(r.stdout.trim())) return r.stdout.trim();
  return '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
}

/** True when `rev` names an object (of the given type) in the repo. */
export async function revExists(dir: string, rev: string, type = 'commit'): Promise<boolean> {
  if (rev.startsWith('-')) return false;
  const r = await git(dir, ['rev-parse', '--verify', '-q', `${rev}^{${type}}`]);
  return r.code === 0;
}

/**
 * Spawn git and yield its stdout as it arrives, in chunks. `input`, when given, is written to its
 * stdin one item per line, in pieces as the pipe drains (a long list never sits in the pipe whole).
 * Stops the child when the consumer stops early. Throws a UserError naming git's complaint when git
 * exits non-zero.
 */
export async function* gitStream(cwd: string, args: string[], what: string, input?: string[]): AsyncGenerator<Buffer> {
  const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 16384) stderr += d;
  });
  let spawnError: NodeJS.ErrnoException | undefined;
  const exited = new Promise<number>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
      resolve(-1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const stdin = child.stdin;
  stdin.on('error', () => undefined); // git gone early: its exit code says why
  if (!input) stdin.end();
  else {
    void (async () => {
      for (let i = 0; i < input.length; i += 1000) {
        if (!stdin.write(input.slice(i, i + 1000).join('\n') + '\n')) await new Promise((r) => stdin.once('drain', r));
      }
      stdin.end();
    })();
  }
  let finished = false;
  try {
    yield* child.stdout as AsyncIterable<Buffer>;
    const code = await exited;
    finished = true;
    if (spawnError) {
      throw new UserError(spawnError.code === 'ENOENT' ? 'git is not installed or not on PATH' : `cannot run git: ${spawnError.code}`);
    }
    if (code !== 0) throw new UserError(`${what} failed: ${firstLine(stderr) || `git exited with ${code}`}`);
  } finally {
    if (!finished && child.exitCode === null) child.kill();
  }
}

/** gitStream's stdout split on '\n' as byte lines (without the '\n'). */
export function gitLines(cwd: string, args: string[], what: string, input?: string[]): AsyncGenerator<Buffer> {
  return splitLines(gitStream(cwd, args, what, input));
}

/** Split a byte stream on '\n' into lines (without the '\n'); a last unterminated line is yielded too. */
export async function* splitLines(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer | undefined;
  for await (const chunk of chunks) {
    let start = 0;
    let nl = chunk.indexOf(10);
    if (nl === -1) {
      rest = rest ? Buffer.concat([rest, chunk]) : chunk;
      continue;
    }
    if (rest) {
      yield Buffer.concat([rest, chunk.subarray(0, nl)]);
      rest = undefined;
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    while (nl !== -1) {
      yield chunk.subarray(start, nl);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) rest = Buffer.from(chunk.subarray(start));
  }
  if (rest && rest.length) yield rest;
}

/** Options that make git's patch output predictable whatever the user's git config says. */
export const PATCH_OPTS = [
  '-p',
  '-U0',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--submodule=short',
  '-M',
];

export const ZERO_SHA = /^0+$/;
