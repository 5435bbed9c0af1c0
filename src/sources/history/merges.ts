// What merge commits themselves introduce. `git log -p` shows no diff for merges, so a value
// typed while resolving a conflict, or added in an "evil merge" that changes more than its parents
// do, was never scanned. `git log --remerge-diff` shows exactly that, but re-merges every merge:
// on git/git's history (21,215 merges) it took 365 s where `git log -p` takes 47 s.
//
// Here, cheaply: a merge can only bring in new content in a file whose blob is none of its
// parents' blobs at that path (a file taken whole from one side is that side's blob). Those are
// found from the merges' first-parent tree diffs (`--raw`, no content: 4 s on git/git) and one
// `cat-file --batch-check` of the other parents' blobs at those paths; each such file (a clean
// content merge, a conflict resolution, an evil edit, a stash's work-tree change) is scanned
// whole, and of its findings only those whose value none of the parents' versions of the file
// holds are reported (ScanTally.settleMerges). Octopus merges and stashes (three parents) too.
import type { CommitInfo } from '../../types.js';
import { hasBinaryExtension, textOrSkip } from '../decode.js';
import { git, gitLines } from '../git-run.js';
import { readBlobs } from '../objects/read.js';
import { leavesFile, parseRawLine } from './raw-line.js';
import type { SourceEvent } from '../types.js';

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

interface MergeFiles {
  commit: CommitInfo;
  parents: string[];
  /** path -> the merge's blob there, and the first parent's when the diff was against it alone */
  files: Map<string, { blob: string; first?: string }>;
}

const FORMAT = '--format=%x00%H%x00%P%x00%an%x00%ae%x00%aI%x00%s';

/** Every merge of the walk with the files its first-parent (or per-parent) tree diff changes. */
async function mergesWithFiles(cwd: string, revArgs: string[], plan: MergeDiffPlan): Promise<MergeFiles[]> {
  const args = ['-c', 'core.quotePath=false', 'log', '--merges', FORMAT, '--raw', '--no-abbrev', '--no-renames', '--no-show-signature', '--encoding=UTF-8', ...plan.rawArgs, ...revArgs, '--'];
  const out: MergeFiles[] = [];
  let cur: MergeFiles | undefined;
  for await (const line of gitLines(cwd, args, 'git log')) {
    if (line[0] === 0) {
      const [, sha, parents, author, email, date, message] = line.toString('utf8').split('\0');
      // With -m a merge is printed once per parent: the same commit again adds to its files.
      if (cur?.commit.sha === sha) continue;
      cur = { commit: { sha: sha!, author: author ?? '', email: email ?? '', date: date ?? '', message: message ?? '' }, parents: (parents ?? '').split(' ').filter(Boolean), files: new Map() };
      out.push(cur);
      continue;
    }
    const c = cur && parseRawLine(line);
    if (!c || !leavesFile(c)) continue;
    // A first-parent diff names the first parent's blob ('' for an added file); -m does not say which parent.
    cur!.files.set(c.path, { blob: c.newBlob, first: plan.rawArgs.includes('-m') ? undefined : c.oldBlob });
  }
  return out.filter((m) => m.files.size > 0 && m.parents.length > 1);
}

/** `git cat-file --batch-check` of `requests` (one per line): the object id of each, or undefined. */
async function objectIds(cwd: string, requests: string[]): Promise<Array<{ id?: string; size?: number }>> {
  const out: Array<{ id?: string; size?: number }> = [];
  for await (const line of gitLines(cwd, ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], 'git cat-file', requests)) {
    const [id, type, size] = line.toString('latin1').split(' ');
    out.push(type === 'blob' ? { id, size: Number(size) } : {});
  }
  return out;
}

interface Candidate {
  merge: MergeFiles;
  path: string;
  blob: string;
  /** The parents' blobs at the path ('' where a parent has no such file). */
  parentBlobs: string[];
}

/**
 * The files of the merges in `revArgs` whose content matches none of their parents' versions,
 * as whole-file fragments marked `merge` (see the top of this file). Commit events are left out:
 * the walk counted these commits already.
 */
export async function* mergeEvents(cwd: string, revArgs: string[], plan: MergeDiffPlan, maxFileSize: number): AsyncGenerator<SourceEvent> {
  const trace = process.env.LEAKGUARD_HISTORY_TRACE === '1' ? (what: string) => process.stderr.write(`leakguard: merges: ${what} at ${(performance.now() / 1000).toFixed(1)} s\n`) : undefined;
  trace?.('start');
  const merges = await mergesWithFiles(cwd, revArgs, plan);
  trace?.(`${merges.length} merges listed`);
  if (merges.length === 0) return;
  const requests: string[] = [];
  const slots: Array<{ merge: MergeFiles; path: string; blob: string; first?: string }> = [];
  for (const merge of merges) {
    for (const [path, { blob, first }] of merge.files) {
      if (/[\n\r]/.test(path)) continue; // cannot be named on a batch-check line; left to --objects
      slots.push({ merge, path, blob, first });
      // The first parent's blob is known from its diff; the others are looked up.
      merge.parents.forEach((p, i) => {
        if (i > 0 || first === undefined) requests.push(`${p}:${path}`);
      });
    }
  }
  const ids = await objectIds(cwd, requests);
  trace?.(`${requests.length} objects looked up`);
  const unsized: Candidate[] = [];
  let k = 0;
  for (const s of slots) {
    const parentBlobs = s.merge.parents.map((_, i) => (i === 0 && s.first !== undefined ? s.first : (ids[k++]?.id ?? '')));
    if (parentBlobs.includes(s.blob)) continue; // taken whole from a parent
    if (hasBinaryExtension(s.path)) {
      yield { type: 'skip', path: s.path, reason: 'binary' };
      continue;
    }
    unsized.push({ merge: s.merge, path: s.path, blob: s.blob, parentBlobs });
  }
  // Sizes of the files to read, so a huge one is skipped unread.
  const sizes = await objectIds(cwd, unsized.map((c) => c.blob));
  const candidates: Candidate[] = [];
  for (const [j, c] of unsized.entries()) {
    const size = sizes[j]?.size ?? 0;
    if (size <= maxFileSize) candidates.push(c);
    else yield { type: 'skip', path: c.path, reason: 'tooLarge', detail: `${size} bytes` };
  }
  trace?.(`${candidates.length} files to scan`);
  let i = 0;
  for await (const { sha, bytes } of readBlobs(cwd, candidates.map((c) => c.blob))) {
    while (i < candidates.length && candidates[i]!.blob !== sha) i++; // a blob gone since it was listed is left out
    const c = candidates[i++];
    if (!c) break;
    const d = textOrSkip(c.path, bytes);
    if (!('text' in d)) yield d;
    else yield { type: 'fragment', fragment: { path: c.path, text: d.text, commit: c.merge.commit, blob: c.blob, merge: { root: cwd, parentBlobs: c.parentBlobs } } };
  }
  trace?.('scanned');
}
