// Files and directories on disk, walked with opendir (outside git) or listed by git ls-files (inside a work tree). Symlinks are never followed (a link out of
// the repo or a loop cannot pull the scan elsewhere); binary, huge and unreadable files are skipped
// and counted.
import { lstat } from 'node:fs/promises';
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, type Dirent } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { spawn } from 'node:child_process';
import picomatch from 'picomatch';
import type { Source, SourceEvent } from './types.js';
import { hasBinaryExtension, isBinaryHead, textOrSkip } from './decode.js';

export interface FileSourceOptions {
  /** Directory paths are reported relative to this (usually the repo root or cwd). */
  base: string;
  maxFileSize: number;
  /** Globs excluded from the walk (besides .git). */
  exclude?: string[];
  /**
   * When set, directories inside this git work tree are listed with `git ls-files` (tracked plus
   * untracked-but-not-ignored files), so .gitignore'd trees such as node_modules are not walked.
   */
  gitRoot?: string;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

async function* walk(targets: string[], opts: FileSourceOptions): AsyncGenerator<WalkItem[]> {
  for (const target of targets) {
    const abs = resolve(opts.base, target);
    let st;
    try {
      st = await lstat(abs);
    } catch (err) {
      yield [{ type: 'skip', path: target, reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'error' }];
      continue;
    }
    if (st.isSymbolicLink()) {
      yield [{ type: 'skip', path: toPosix(relative(opts.base, abs)) || target, reason: 'symlink' }];
      continue;
    }
    if (st.isFile()) {
      yield [{ abs, rel: toPosix(relative(opts.base, abs)) || target }];
      continue;
    }
    if (!st.isDirectory()) {
      yield [{ type: 'skip', path: target, reason: 'other' }];
      continue;
    }
    if (opts.gitRoot) {
      yield* gitListed(abs, opts);
      continue;
    }
    yield* walkDir(abs, opts);
  }
}

type EntryKind = 'file' | 'dir' | 'link' | 'other';

function kindOf(d: { isSymbolicLink(): boolean; isDirectory(): boolean; isFile(): boolean }): EntryKind {
  return d.isSymbolicLink() ? 'link' : d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other';
}

/**
 * Depth-first walk of a directory outside git. Written by hand rather than with fast-glob because
 * fast-glob's `**` pattern drops names that contain a newline. Symlinks are reported, never
 * followed; `.git` and the exclude globs are pruned; entries come in name order. Each directory is
 * listed with one synchronous readdir (an async iterator costs a promise per entry, which was most
 * of a big tree's walk), and paths are built by concatenation from the directory's own.
 */
async function* walkDir(dir: string, opts: FileSourceOptions): AsyncGenerator<WalkItem[]> {
  const exclude = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : undefined;
  const relOf = (full: string): string => toPosix(relative(opts.base, full));
  const stack: Array<{ abs: string; rel: string; relToDir: string }> = [{ abs: dir, rel: relOf(dir), relToDir: '' }];
  let listed = 0;
  while (stack.length) {
    const current = stack.pop()!;
    // Let worker messages and timers in now and then: the listing itself is synchronous.
    if (++listed % 64 === 0) await new Promise<void>((r) => setImmediate(r));
    let entries: Dirent[];
    try {
      entries = readdirSync(current.abs, { withFileTypes: true });
    } catch (err) {
      yield [{ type: 'skip', path: current.rel || '.', reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'error' }];
      continue;
    }
    // One array per directory: a promise per entry cost more than the listing.
    const out: WalkItem[] = [];
    const names = entries.map((d) => ({ name: d.name, kind: kindOf(d) }));
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Array<{ abs: string; rel: string; relToDir: string }> = [];
    const absPrefix = current.abs.endsWith(sep) ? current.abs : current.abs + sep;
    const relPrefix = current.rel && current.rel !== '.' ? current.rel + '/' : '';
    // A target outside the base directory gives paths with '..': keep path.relative's answer there.
    const simple = !current.rel.startsWith('..') && !isAbsolute(current.rel);
    const relToDirPrefix = current.relToDir ? current.relToDir + '/' : '';
    for (const entry of names) {
      const { name } = entry;
      if (name === '.git') continue;
      const full = absPrefix + name;
      let kind = entry.kind;
      if (kind === 'other') {
        // Some file systems do not report the type in the directory listing: ask.
        try {
          kind = kindOf(lstatSync(full));
        } catch {
          kind = 'other';
        }
      }
      const rel = simple ? relPrefix + name : relOf(full);
      const relToDir = relToDirPrefix + name;
      if (exclude && (exclude(relToDir) || exclude(rel) || (kind === 'dir' && (exclude(relToDir + '/') || exclude(rel + '/'))))) continue;
      if (kind === 'link') out.push({ type: 'skip', path: rel, reason: 'symlink' });
      else if (kind === 'dir') subdirs.push({ abs: full, rel, relToDir });
      else if (kind === 'file') out.push({ abs: full, rel });
      else out.push({ type: 'skip', path: rel, reason: 'other' });
    }
    if (out.length) yield out;
    for (let k = subdirs.length - 1; k >= 0; k--) stack.push(subdirs[k]);
  }
}

/** Files git would consider (tracked, or untracked and not ignored) under `dir`, NUL-separated. */
async function* gitListed(dir: string, opts: FileSourceOptions): AsyncGenerator<WalkItem[]> {
  const root = opts.gitRoot!;
  const child = spawn('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate', '--', relative(root, dir) || '.'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exclude = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : undefined;
  let rest = '';
  for await (const chunk of child.stdout) {
    rest += chunk.toString('utf8');
    const parts = rest.split('\0');
    rest = parts.pop() ?? '';
    for (const rootRel of parts) {
      const full = resolve(root, rootRel);
      const rel = toPosix(relative(opts.base, full));
      if (exclude && exclude(rel)) continue;
      let st;
      try {
        st = await lstat(full);
      } catch {
        continue; // deleted in the work tree but still in the index: nothing on disk to scan
      }
      if (st.isSymbolicLink()) yield [{ type: 'skip', path: rel, reason: 'symlink' }];
      else if (st.isDirectory()) yield [{ type: 'skip', path: rel, reason: 'other', detail: 'submodule' }];
      else if (st.isFile()) yield [{ abs: full, rel }];
      else yield [{ type: 'skip', path: rel, reason: 'other' }];
    }
  }
}

/**
 * One buffer per thread that every file is read into (decoding copies the text out of it): no
 * allocation per file; it grows to the largest file read.
 */
let readBuffer = Buffer.allocUnsafe(0);

/** A bigger read buffer (`length` bytes) holding the first `keep` bytes of the old one. */
function growReadBuffer(keep: number, length: number): void {
  const bigger = Buffer.allocUnsafe(length);
  readBuffer.copy(bigger, 0, 0, keep);
  readBuffer = bigger;
}

/** The first read of a file: most files fit; a bigger one's first megabyte says whether it is binary. */
const FIRST_READ = 1 << 20;

/** Why readAll() gave no bytes: the skip it makes of the file. */
type NotRead = { reason: 'tooLarge'; detail: string } | { reason: 'binary' };
const tooLarge = (bytes: number): NotRead => ({ reason: 'tooLarge', detail: `${bytes} bytes` });

/**
 * The bytes of open file `fd`, or why not: `tooLarge` beyond `max` bytes. A file smaller than
 * FIRST_READ takes one read (a regular file reads short only at its end), and no fstat: on the VM
 * this was measured on, each system call cost microseconds, a few per file, 20,000 files. A bigger
 * file whose first read already says it is binary (isBinaryHead) is not read further: `binary`.
 */
function readAll(fd: number, max: number): Buffer | NotRead {
  if (readBuffer.length === 0) readBuffer = Buffer.allocUnsafe(FIRST_READ);
  let n = readSync(fd, readBuffer, 0, FIRST_READ, null);
  if (n < FIRST_READ) return n > max ? tooLarge(n) : readBuffer.subarray(0, n);
  // The first read is full: a bigger file, whose size says how much more to read.
  const size = fstatSync(fd).size;
  if (size > max) return tooLarge(size);
  // an executable or a data file without a binary extension (esbuild's 10 MB binary in node_modules)
  if (isBinaryHead(readBuffer.subarray(0, n))) return { reason: 'binary' };
  if (readBuffer.length < size + 1) growReadBuffer(n, size + 1);
  for (;;) {
    if (n === readBuffer.length) {
      // Still growing (a file being written, or one that reports no size): up to max.
      if (n > max) return tooLarge(n);
      growReadBuffer(n, n * 2);
    }
    const got = readSync(fd, readBuffer, n, readBuffer.length - n, null);
    if (got === 0) break;
    n += got;
  }
  return n > max ? tooLarge(n) : readBuffer.subarray(0, n);
}

/**
 * Read and decode one file, synchronously: the parallel file scan's workers call this (a worker
 * has nothing else to do meanwhile, and one synchronous read costs a fraction of the promise-based
 * open / stat / read / close round trips).
 */
export function readFileEvent(abs: string, rel: string, maxFileSize: number): SourceEvent {
  if (hasBinaryExtension(rel)) return { type: 'skip', path: rel, reason: 'binary' };
  let fd: number | undefined;
  try {
    // Non-blocking: a FIFO put in a file's place after the walk cannot hang the scan.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    const bytes = readAll(fd, maxFileSize);
    if (!Buffer.isBuffer(bytes)) return { type: 'skip', path: rel, ...bytes };
    const d = textOrSkip(rel, bytes);
    return 'text' in d ? { type: 'fragment', fragment: { path: rel, text: d.text } } : d;
  } catch (err) {
    return { type: 'skip', path: rel, reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? 'error' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file to read (from the walk), or something the walk skipped. */
export type WalkItem = { abs: string; rel: string } | SourceEvent;

/**
 * The files under `targets` in walk order, and what the walk skipped (symlinks, unreadable dirs),
 * a directory's worth at a time.
 */
export function walkTargets(targets: string[], opts: FileSourceOptions): AsyncGenerator<WalkItem[]> {
  return walk(targets, opts);
}

/** The walk's items with each file read: the in-process source of a directory scan. */
export async function* readWalked(batches: AsyncIterable<WalkItem[]>, maxFileSize: number): Source {
  for await (const items of batches) {
    for (const item of items) {
      if ('type' in item) yield item;
      else yield readFileEvent(item.abs, item.rel, maxFileSize);
    }
  }
}

/** Scan files and directories, in walk order (in-process; see src/scan/files-parallel.ts for big trees). */
export function fileSource(targets: string[], opts: FileSourceOptions): Source {
  return readWalked(walk(targets, opts), opts.maxFileSize);
}
