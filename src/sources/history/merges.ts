// What merge commits themselves introduce. `git log -p` shows no diff for merges, so a value
// typed while resolving a conflict, or added in an "evil merge" that changes more than its parents
// do, was never scanned. `git log --remerge-diff` shows exactly that, but re-merges every merge:
// on git/git's history (21,215 merges) it took 365 s where `git log -p` takes 47 s.
//
// Here, cheaply: a merge can only bring in new content in a file whose blob is none of its
// parents' blobs at that path (a file taken whole from one side is that side's blob). Those are
// exactly the paths of the merges' combined tree diffs (`git diff-tree -c --raw` of the merges: no
// content, the parents' and the merge's blobs on one line; 2.5 s on git/git); each such file (a clean content
// merge, a conflict resolution, an evil edit, a stash's work-tree change) is scanned whole, and of
// its findings only those whose value none of the parents' versions of the file holds are reported
// (ScanTally.settleMerges). Octopus merges and stashes (three parents) too. The parallel scan hands
// the files to its workers in jobs (mergeJobs), the plain scan reads them in-process; both read
// them with readMergeFiles, in the same order.
import type { CommitInfo } from '../../types.js';
import { hasBinaryExtension, textOrSkip } from '../decode.js';
import { git, gitLines, ZERO_SHA } from '../git-run.js';
import { readBlobs } from '../objects/read.js';
import { GIT_MEMORY_OPTS } from './batch-log.js';
import { unquoteC } from '../diff-parse.js';
import type { SourceEvent } from '../types.js';

/** How the object scan's naming (objects/names.ts) has `git log --raw` show merges. */
export interface MergeDiffPlan {
  /** How `git log --raw` shows a merge's changes: against its first parent, or each parent (`-m`, git < 2.31). */
  rawArgs: string[];
}

const plans = new Map<string, Promise<MergeDiffPlan>>();

/** `git version 2.39.5` → [2, 39]; [0, 0] when unreadable. */
export function parseGitVersion(text: string): [number, number] {
  const m = /git version (\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

export function planFor(version: [number, number], force?: string): MergeDiffPlan {
  const at = (major: number, minor: number) => version[0] > major || (version[0] === major && version[1] >= minor);
  // LEAKGUARD_MERGE_DIFF=m: each parent's diff, as on git before 2.31 (tests).
  if (force !== 'm' && at(2, 31)) return { rawArgs: ['--diff-merges=first-parent'] };
  return { rawArgs: ['-m'] };
}

/** The plan for the git on PATH (asked once per process). */
export function mergeDiffPlan(cwd: string): Promise<MergeDiffPlan> {
  const force = process.env.LEAKGUARD_MERGE_DIFF ?? '';
  let p = plans.get(force);
  if (!p) {
    p = git(cwd, ['version']).then((r) => planFor(parseGitVersion(r.stdout), force));
    plans.set(force, p);
  }
  return p;
}

/** One file of one merge whose blob is none of its parents' blobs at that path. */
export interface MergeFile {
  commit: CommitInfo;
  path: string;
  blob: string;
  /** The parents' blobs at the path ('' where a parent has no such file). */
  parentBlobs: string[];
}

const FORMAT = '--format=%x00%H%x00%P%x00%an%x00%ae%x00%aI%x00%s';

/**
 * One path of a combined `--raw` diff, `::<modes> <blobs> <status>\t<path>` (one colon, mode, blob
 * and status letter per parent, then the merge's mode and blob), or undefined when the line is
 * not one, the merge leaves no regular file there (a deletion, symlink or submodule), or it holds a
 * parent's blob (-c lists a path whose mode alone differs from a parent).
 */
export function parseCombinedRawLine(line: Buffer): { path: string; blob: string; parentBlobs: string[] } | undefined {
  let n = 0;
  while (line[n] === 0x3a) n++; // ':'
  const tab = line.indexOf(9);
  if (n < 2 || tab < 0) return undefined;
  const fields = line.subarray(n, tab).toString('latin1').split(' ');
  if (fields.length !== 2 * (n + 1) + 1) return undefined;
  const mode = fields[n]!;
  const blob = fields[2 * n + 1]!;
  if (!mode.startsWith('100') || ZERO_SHA.test(blob)) return undefined;
  const parentBlobs = fields.slice(n + 1, 2 * n + 1).map((b) => (ZERO_SHA.test(b) ? '' : b));
  if (parentBlobs.includes(blob)) return undefined; // a parent's content, only its mode changed
  const path = line[tab + 1] === 0x22 ? (unquoteC(line, tab + 1)?.value ?? line.subarray(tab + 1).toString('utf8')) : line.subarray(tab + 1).toString('utf8');
  return { path, blob, parentBlobs };
}

/**
 * Small caps for the listing's git (batch-log.ts caps the walk's): it runs beside the two walking
 * ones, and reads only trees. 60 MB resident on git/git where an uncapped `git log --merges -c
 * --raw` held 420 MB (a capped one still 120: its revision walk keeps every commit it passed).
 */
const LIST_MEMORY_OPTS = ['-c', 'core.packedGitWindowSize=8m', '-c', 'core.packedGitLimit=16m', '-c', 'core.deltaBaseCacheLimit=8m'];

/**
 * Every file of the merges in `revArgs` that none of its parents holds as it is, in log order: the
 * merges named by `git rev-list --merges`, their combined tree diffs by `git diff-tree --stdin -c
 * --raw` (no revision walk of its own: the same lines `git log --merges -c --raw` prints).
 */
export async function listMergeFiles(cwd: string, revArgs: string[]): Promise<MergeFile[]> {
  const out: MergeFile[] = [];
  await eachMergeFile(cwd, revArgs, (f) => out.push(f));
  return out;
}

/** Each file of listMergeFiles handed to `take` as git names it (nothing held). */
async function eachMergeFile(cwd: string, revArgs: string[], take: (f: MergeFile) => void): Promise<void> {
  const merges: string[] = [];
  for await (const line of gitLines(cwd, ['rev-list', '--merges', ...revArgs, '--'], 'git rev-list')) if (line.length) merges.push(line.toString('latin1'));
  if (!merges.length) return;
  const args = [...LIST_MEMORY_OPTS, '-c', 'core.quotePath=false', 'diff-tree', '--stdin', FORMAT, '-c', '--raw', '--no-abbrev', '--no-renames', '--no-show-signature', '--encoding=UTF-8'];
  let commit: CommitInfo | undefined;
  for await (const line of gitLines(cwd, args, 'git diff-tree', merges)) {
    if (line[0] === 0) {
      const [, sha, , author, email, date, message] = line.toString('utf8').split('\0');
      commit = { sha: sha!, author: author ?? '', email: email ?? '', date: date ?? '', message: message ?? '' };
      continue;
    }
    const c = commit && parseCombinedRawLine(line);
    if (c) take({ commit: commit!, ...c });
  }
}

/**
 * listMergeFiles cut into jobs of `perJob` files, each packed into one string (packMergeFiles):
 * tens of thousands of files held as objects cost the coordinating thread about 25 MB on git/git;
 * packed, a few.
 */
export async function listMergeJobs(cwd: string, revArgs: string[], perJob: number): Promise<{ jobs: string[]; files: number }> {
  const jobs: string[] = [];
  let files = 0;
  let job: MergeFile[] = [];
  await eachMergeFile(cwd, revArgs, (f) => {
    files++;
    job.push(f);
    if (job.length >= perJob) {
      jobs.push(packMergeFiles(job));
      job = [];
    }
  });
  if (job.length) jobs.push(packMergeFiles(job));
  return { jobs, files };
}

/**
 * Merge files as one string: a commit line (\x01 and its fields) before the first file of each
 * commit, then one line per file (path, blob, the parents' blobs), fields split by \0. Paths holding
 * a line break are left out, as readMergeFiles leaves them out (to --objects).
 */
export function packMergeFiles(files: MergeFile[]): string {
  const lines: string[] = [];
  let last: CommitInfo | undefined;
  for (const f of files) {
    if (/[\n\r]/.test(f.path)) continue;
    if (f.commit !== last) {
      last = f.commit;
      lines.push(['\x01', f.commit.sha, f.commit.author, f.commit.email, f.commit.date, f.commit.message].map((x) => (x ?? '').replace(/[\0\n]/g, ' ')).join('\0'));
    }
    lines.push([f.path, f.blob, ...f.parentBlobs].join('\0'));
  }
  return lines.join('\n');
}

/** The files packMergeFiles packed. */
export function unpackMergeFiles(packed: string): MergeFile[] {
  const out: MergeFile[] = [];
  let commit: CommitInfo | undefined;
  for (const line of packed.split('\n')) {
    if (!line) continue;
    const fields = line.split('\0');
    if (fields[0] === '\x01') {
      const [, sha, author, email, date, message] = fields;
      commit = { sha: sha!, author: author!, email: email!, date: date!, message: message! };
    } else if (commit) {
      const [path, blob, ...parentBlobs] = fields;
      out.push({ commit, path: path!, blob: blob!, parentBlobs });
    }
  }
  return out;
}

/** `git cat-file --batch-check` of `requests` (one per line): the object id and size of each blob, or {}. */
async function objectIds(cwd: string, requests: string[]): Promise<Array<{ id?: string; size?: number }>> {
  const out: Array<{ id?: string; size?: number }> = [];
  for await (const line of gitLines(cwd, ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], 'git cat-file', requests)) {
    const [id, type, size] = line.toString('latin1').split(' ');
    out.push(type === 'blob' ? { id, size: Number(size) } : {});
  }
  return out;
}

/**
 * The events of `files`, in order: a whole-file fragment marked `merge` for each one scanned, or
 * why it was skipped (a binary name or content, over `maxFileSize`, gone since it was listed).
 */
export async function readMergeFiles(cwd: string, files: MergeFile[], maxFileSize: number, emit: (ev: SourceEvent) => void): Promise<void> {
  const named: MergeFile[] = [];
  for (const f of files) {
    if (/[\n\r]/.test(f.path)) continue; // left to --objects, as the walk's diff parser does
    if (hasBinaryExtension(f.path)) emit({ type: 'skip', path: f.path, reason: 'binary' });
    else named.push(f);
  }
  // Sizes first, so a huge file is skipped unread.
  const sizes = await objectIds(cwd, named.map((f) => f.blob));
  const toRead: MergeFile[] = [];
  for (const [j, f] of named.entries()) {
    const size = sizes[j]?.size ?? 0;
    if (size <= maxFileSize) toRead.push(f);
    else emit({ type: 'skip', path: f.path, reason: 'tooLarge', detail: `${size} bytes` });
  }
  let i = 0;
  // capped as the walk's git processes are: one of these runs in each worker (uncapped, 100 MB each on git/git)
  for await (const { sha, bytes } of readBlobs(cwd, toRead.map((f) => f.blob), GIT_MEMORY_OPTS)) {
    while (i < toRead.length && toRead[i]!.blob !== sha) i++; // a blob gone since it was listed is left out
    const f = toRead[i++];
    if (!f) break;
    const d = textOrSkip(f.path, bytes);
    if (!('text' in d)) emit(d);
    else emit({ type: 'fragment', fragment: { path: f.path, text: d.text, commit: f.commit, blob: f.blob, merge: { root: cwd, parentBlobs: f.parentBlobs } } });
  }
}

/**
 * The files of the merges in `revArgs` whose content matches none of their parents' versions,
 * as whole-file fragments marked `merge` (see the top of this file). Commit events are left out:
 * the walk counted these commits already.
 */
export async function* mergeEvents(cwd: string, revArgs: string[], maxFileSize: number): AsyncGenerator<SourceEvent> {
  const files = await listMergeFiles(cwd, revArgs);
  // In slices, so a long list is never held as fragments all at once.
  for (let at = 0; at < files.length; at += MERGE_JOB_FILES) {
    const events: SourceEvent[] = [];
    await readMergeFiles(cwd, files.slice(at, at + MERGE_JOB_FILES), maxFileSize, (ev) => events.push(ev));
    yield* events;
  }
}

/** Files per job of merges' files (parallel scan), and per slice read at once (plain scan). */
export const MERGE_JOB_FILES = 400;
