// Running the built CLI as users do, with a hang guard, and the checks every hardening test repeats:
// no stack trace, no unredacted value, a short error.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { gitEnv } from '../helpers/git.js';

export const BIN = resolve(__dirname, '../../bin/leakguard.js');

export function requireBuild(): void {
  if (!existsSync(resolve(__dirname, '../../dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
}

export interface LgResult {
  code: number | null;
  out: string;
  err: string;
  /** True when the hang guard killed the process. */
  timedOut: boolean;
  ms: number;
}

export interface LgOptions {
  input?: string;
  /** Hang guard: the process is killed after this many ms (default 20 s). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
  /** Run as this user (through `runuser`, so only as root): permission checks then bind the CLI. */
  asUser?: string;
}

/** The program, its arguments and environment that run `leakguard ARGS` as `opts` says. */
function command(args: string[], opts: LgOptions): [string, string[], NodeJS.ProcessEnv] {
  const argv = [...(opts.nodeArgs ?? []), BIN, ...args];
  const env = { ...gitEnv(), NO_COLOR: '1', ...opts.env };
  if (!opts.asUser) return [process.execPath, argv, env];
  // The private git config lives in a directory only its owner reads.
  return ['runuser', ['-u', opts.asUser, '--', process.execPath, ...argv], { ...env, GIT_CONFIG_GLOBAL: '/dev/null', HOME: '/tmp', ...opts.env }];
}

/** `leakguard ARGS` in `cwd`, with git isolated from the user's config. Never throws. */
export function lg(args: string[], cwd: string, opts: LgOptions = {}): LgResult {
  const started = Date.now();
  const [cmd, argv, env] = command(args, opts);
  const r = spawnSync(cmd, argv, {
    cwd,
    input: opts.input,
    encoding: 'utf8',
    env,
    timeout: opts.timeoutMs ?? 20_000,
    killSignal: 'SIGKILL',
    maxBuffer: 512 * 1024 * 1024,
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '', timedOut, ms: Date.now() - started };
}

/**
 * `lg` without blocking the event loop: for tests that serve something from this process (an HTTP
 * server the CLI talks to). Same hang guard, same result; never rejects.
 */
export function lgAsync(args: string[], cwd: string, opts: LgOptions = {}): Promise<LgResult> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const [cmd, argv, env] = command(args, opts);
    const child = spawn(cmd, argv, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const guard = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 20_000);
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
    child.on('error', (e) => {
      clearTimeout(guard);
      resolvePromise({ code: null, out, err: err + String(e), timedOut, ms: Date.now() - started });
    });
    child.on('close', (code) => {
      clearTimeout(guard);
      resolvePromise({ code, out, err, timedOut, ms: Date.now() - started });
    });
  });
}

/** A JavaScript (or Node internal) stack frame line. */
export const STACK_FRAME = /^\s+at\s.+(?:\(.*:\d+:\d+\)|:\d+:\d+)\s*$/m;

/** Asserts the run finished under the hang guard, printed no stack trace, and ended with `code`. */
export function expectClean(r: LgResult, code: number | number[], what = ''): void {
  expect(r.timedOut, `${what}: hung (killed by the hang guard)`).toBe(false);
  expect(r.err, `${what}: stack trace in stderr`).not.toMatch(STACK_FRAME);
  expect(r.out, `${what}: stack trace in stdout`).not.toMatch(STACK_FRAME);
  expect(r.err, `${what}: internal error`).not.toMatch(/internal error/i);
  if (Array.isArray(code)) expect(code, `${what}: exit code ${r.code}; stderr: ${r.err}`).toContain(r.code);
  else expect(r.code, `${what}: exit code; stderr: ${r.err}`).toBe(code);
}

/** Asserts a user error: exit 2 and at most `maxLines` lines on stderr, each prefixed `leakguard:`. */
export function expectUserError(r: LgResult, what: string, maxLines = 1): string {
  expectClean(r, 2, what);
  const lines = r.err.trimEnd().split('\n').filter((l) => l.trim() !== '');
  expect(lines.length, `${what}: stderr was\n${r.err}`).toBeGreaterThan(0);
  expect(lines.length, `${what}: stderr was\n${r.err}`).toBeLessThanOrEqual(maxLines);
  expect(lines[0]).toMatch(/^leakguard: /);
  return r.err;
}

export function expectNoValue(r: LgResult, values: string[], what = ''): void {
  for (const v of values) {
    expect(r.out.includes(v), `${what}: value ${v.slice(0, 4)}… in stdout`).toBe(false);
    expect(r.err.includes(v), `${what}: value ${v.slice(0, 4)}… in stderr`).toBe(false);
  }
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random AWS access key ID built from pieces at run time. */
export function awsKeyId(): string {
  let s = 'AKIA';
  for (let i = 0; i < 16; i++) s += B32[randomInt(B32.length)];
  return s;
}

export { humanPassword } from '../helpers/values.js';

export interface JsonFinding {
  ruleId: string;
  path: string;
  line: number;
  column: number;
  secret: string;
  match: string;
  lineText: string;
  commit?: { sha: string };
}

export interface JsonReport {
  findings: JsonFinding[];
  summary: {
    scanned: number;
    commits: number;
    skipped: Record<string, number>;
    notes: string[];
  };
}

export function parseJson(r: LgResult): JsonReport {
  try {
    return JSON.parse(r.out) as JsonReport;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.out.slice(0, 300)}\nstderr: ${r.err}`);
  }
}
