// `leakguard install` / `uninstall`: put the marked hook blocks in place, and take them out again.
//
// - No hook file yet: create one (shebang + block).
// - A shell-script hook (or a husky hook file): insert the block after its shebang / husky lines, so
//   the hook keeps its name and everything it did; it runs after leakguard's check passes.
// - Any other existing hook (a binary, a Python or Node script): move it to
//   `<hook>.leakguard-chained` and write a hook that runs it first, then leakguard.
// Installing twice changes nothing; uninstall removes only the block (and the file, or restores the
// chained hook, when leakguard created the file).
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../types.js';
import { locateHooks, type HookLocation } from './locate.js';
import { CHAINED_SUFFIX, CREATED_MARK, findBlock, hookBlock, type HookName } from './script.js';

export type { HookName } from './script.js';

export interface InstallOptions {
  /** Directory inside the repository. */
  cwd: string;
  /** Default: pre-commit and pre-push (pre-receive in a bare repository). */
  hooks?: HookName[];
  /** leakguard's bin script to record; default: the running one (process.argv[1], resolved). */
  bin?: string;
  /** node binary to record; default: process.execPath. */
  node?: string;
}

export type InstallAction = 'created' | 'inserted' | 'chained' | 'updated' | 'unchanged';
export type UninstallAction = 'removed' | 'deleted' | 'restored' | 'absent';

export interface HookReport<A> {
  hook: HookName;
  file: string;
  action: A;
  /** Where a pre-existing hook was moved (chained). */
  chained?: string;
}

export interface InstallResult {
  location: HookLocation;
  hooks: HookReport<InstallAction>[];
}

export function defaultBin(): string {
  const arg = process.argv[1];
  if (!arg) return 'leakguard';
  try {
    return realpathSync(arg);
  } catch {
    return arg;
  }
}

const SHELL_SHEBANG = /^#!\s*(?:\/usr\/bin\/env\s+(?:-S\s+)?)?(?:\/[^\s]*\/)?(?:sh|bash|dash|ksh|zsh|ash)(?:\s|$)/;

function readText(file: string): string | undefined {
  const buf = readFileSync(file);
  if (buf.includes(0)) return undefined; // a binary hook
  return buf.toString('utf8');
}

/** True when the hook is a shell script we can add our block to. */
function isShellScript(text: string): boolean {
  const first = text.split('\n', 1)[0]!;
  if (first.startsWith('#!')) return SHELL_SHEBANG.test(first);
  return true; // no shebang: git runs it with sh
}

/** Offset after the leading shebang, husky sourcing lines and blank lines. */
function insertionPoint(text: string): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const isLast = i === lines.length - 1;
    const skip = (i === 0 && l.startsWith('#!')) || /^\s*\.\s+.*husky\.sh["']?\s*$/.test(l) || (l.trim() === '' && i < 3);
    if (!skip || isLast) break;
    offset += l.length + 1;
  }
  return offset;
}

function writeHook(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.leakguard-tmp-${process.pid}`);
  let mode = 0o755;
  try {
    const m = statSync(file).mode & 0o7777;
    mode = m | 0o100 | ((m & 0o044) >> 2); // executable for whoever can read it
  } catch {
    /* new file */
  }
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

function huskyHeader(loc: HookLocation): string {
  return loc.huskyLegacy ? '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n' : '#!/usr/bin/env sh\n';
}

/**
 * Whether hook files in `loc.dir` are part of the work tree (husky's .husky/, a core.hooksPath
 * directory inside the repository) and so get committed: those record no path of this machine.
 */
export function isCommittedLocation(loc: HookLocation): boolean {
  if (loc.bare) return false;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const inside = (child: string, parent: string): boolean => {
    const r = relative(parent, child);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  };
  const dir = real(loc.dir);
  const root = real(loc.root);
  // .git/hooks is never committed (a linked worktree's git directory is outside its work tree).
  return inside(dir, root) && !inside(dir, join(root, '.git'));
}

function installOne(loc: HookLocation, hook: HookName, bin: string, node: string): HookReport<InstallAction> {
  const file = join(loc.dir, hook);
  // A committed hook file finds leakguard when it runs (src/hooks/script.ts); others record where it is.
  const rec: { bin?: string; node?: string } = isCommittedLocation(loc) ? {} : { bin, node };
  const husky = loc.mode === 'husky';
  const chainedFile = file + CHAINED_SUFFIX;

  if (!existsSync(file)) {
    // A chained hook without its wrapper (someone deleted our hook): wrap it again.
    const chain = !husky && existsSync(chainedFile);
    const block = hookBlock(hook, { ...rec, created: true, chain });
    writeHook(file, (husky ? huskyHeader(loc) : '#!/bin/sh\n') + block + '\n');
    return { hook, file, action: chain ? 'chained' : 'created', ...(chain ? { chained: chainedFile } : {}) };
  }

  const text = readText(file);
  if (text !== undefined) {
    const span = findBlock(hook, text);
    if (span) {
      const created = span.text.includes(CREATED_MARK);
      const chain = span.text.includes(CHAINED_SUFFIX);
      const block = hookBlock(hook, { ...rec, created, chain });
      const current = span.text.replace(/\n$/, '');
      if (current === block) return { hook, file, action: 'unchanged' };
      const next = text.slice(0, span.start) + block + (span.text.endsWith('\n') ? '\n' : '') + text.slice(span.end);
      writeHook(file, next);
      return { hook, file, action: 'updated' };
    }
    if (husky || isShellScript(text)) {
      const at = insertionPoint(text);
      const before = text.slice(0, at);
      const sep = before === '' || before.endsWith('\n') ? '' : '\n';
      const block = hookBlock(hook, { ...rec, created: false, chain: false });
      writeHook(file, before + sep + block + '\n' + text.slice(at));
      return { hook, file, action: 'inserted' };
    }
  }
  if (existsSync(chainedFile)) {
    throw new UserError(`cannot install the ${hook} hook: both ${file} and ${chainedFile} exist; move one of them away first`);
  }
  renameSync(file, chainedFile);
  writeHook(file, '#!/bin/sh\n' + hookBlock(hook, { ...rec, created: true, chain: true }) + '\n');
  return { hook, file, action: 'chained', chained: chainedFile };
}

export async function installHooks(opts: InstallOptions): Promise<InstallResult> {
  const loc = await locateHooks(opts.cwd);
  const hooks = opts.hooks && opts.hooks.length ? opts.hooks : loc.bare ? (['pre-receive'] as HookName[]) : (['pre-commit', 'pre-push'] as HookName[]);
  if (loc.bare && hooks.some((h) => h !== 'pre-receive')) {
    throw new UserError('this is a bare repository: only --pre-receive can be installed here');
  }
  const bin = opts.bin ?? defaultBin();
  const node = opts.node ?? process.execPath;
  const reports: HookReport<InstallAction>[] = [];
  for (const hook of hooks) {
    // pre-receive runs on the server, never through husky.
    const where: HookLocation = hook === 'pre-receive' ? { ...loc, mode: 'git', dir: loc.gitHooksDir } : loc;
    reports.push(installOne(where, hook, bin, node));
  }
  return { location: loc, hooks: reports };
}

function isTrivial(text: string): boolean {
  return text
    .split('\n')
    .every((l) => l.trim() === '' || l.startsWith('#') || /^\s*\.\s+.*husky\.sh["']?\s*$/.test(l));
}

function uninstallOne(dir: string, hook: HookName): HookReport<UninstallAction> | undefined {
  const file = join(dir, hook);
  const chainedFile = file + CHAINED_SUFFIX;
  if (!existsSync(file)) {
    if (existsSync(chainedFile)) {
      renameSync(chainedFile, file);
      return { hook, file, action: 'restored', chained: chainedFile };
    }
    return undefined;
  }
  const text = readText(file);
  const span = text === undefined ? undefined : findBlock(hook, text);
  if (!span || text === undefined) return undefined;
  const created = span.text.includes(CREATED_MARK);
  const rest = text.slice(0, span.start) + text.slice(span.end);
  if (created && isTrivial(rest)) {
    rmSync(file);
    if (existsSync(chainedFile)) {
      renameSync(chainedFile, file);
      return { hook, file, action: 'restored', chained: chainedFile };
    }
    return { hook, file, action: 'deleted' };
  }
  writeHook(file, rest);
  return { hook, file, action: 'removed' };
}

export interface UninstallResult {
  location: HookLocation;
  hooks: HookReport<UninstallAction>[];
}

/** Remove what `install` added, from the husky directory and from git's hooks directory. */
export async function uninstallHooks(opts: { cwd: string; hooks?: HookName[] }): Promise<UninstallResult> {
  const loc = await locateHooks(opts.cwd);
  const hooks: HookName[] = opts.hooks && opts.hooks.length ? opts.hooks : ['pre-commit', 'pre-push', 'pre-receive'];
  const dirs = [...new Set([loc.dir, loc.gitHooksDir])];
  const reports: HookReport<UninstallAction>[] = [];
  for (const hook of hooks) {
    let any = false;
    for (const dir of dirs) {
      const r = uninstallOne(dir, hook);
      if (r) {
        reports.push(r);
        any = true;
      }
    }
    if (!any) reports.push({ hook, file: join(loc.dir, hook), action: 'absent' });
  }
  return { location: loc, hooks: reports };
}
