// Names every blob it can by a commit that holds it and the path it has there: a pass over every
// commit in the database (`git log --no-walk --raw`, each commit's changes against its first
// parent), preferring commits some ref or reflog reaches, then the oldest (the one that brought
// the blob in: the last in a newest-first walk; among unreachable ones, the earliest committed). Blobs no commit introduces (only in the index, or in a tree alone) stay unnamed.
import type { CommitInfo } from '../../types.js';
import { git, gitLines } from '../git-run.js';
import type { MergeDiffPlan } from '../history/merges.js';
import { leavesFile, parseRawLine } from '../history/raw-line.js';

export interface BlobName {
  commit: CommitInfo;
  path: string;
  /** No ref or reflog reaches the commit (an amended commit, a deleted branch, a dropped stash). */
  unreachable: boolean;
  /** How old the commit is, to keep the oldest: its place in the walk (reachable), else its committer time. */
  age: number;
}

/**
 * Commits some ref or reflog reaches (stash entries included), each with its place in a walk
 * where every commit comes before its parents (newest first: a higher place is older).
 */
export async function reachableCommits(root: string): Promise<Map<string, number>> {
  const r = await git(root, ['rev-list', '--all', '--reflog', '--date-order']);
  const out = new Map<string, number>();
  if (r.code === 0) for (const sha of r.stdout.split('\n')) if (sha) out.set(sha, out.size);
  return out;
}

const FORMAT = '--format=%x00%H%x00%ct%x00%an%x00%ae%x00%aI%x00%s';

export async function nameBlobs(root: string, commits: string[], reachable: Map<string, number>, plan: MergeDiffPlan): Promise<Map<string, BlobName>> {
  const names = new Map<string, BlobName>();
  if (commits.length === 0) return names;
  const args = ['-c', 'core.quotePath=false', 'log', '--stdin', '--no-walk=unsorted', FORMAT, '--raw', '--no-abbrev', '--no-renames', '--no-show-signature', '--encoding=UTF-8', ...plan.rawArgs];
  let commit: CommitInfo | undefined;
  let age = 0;
  let unreachable = false;
  for await (const line of gitLines(root, args, 'git log', commits)) {
    if (line[0] === 0) {
      const [, sha, ct, author, email, date, message] = line.toString('utf8').split('\0');
      commit = { sha: sha!, author: author ?? '', email: email ?? '', date: date ?? '', message: message ?? '' };
      const place = reachable.get(sha!);
      unreachable = place === undefined;
      age = place ?? -Number(ct);
      continue;
    }
    const c = commit && parseRawLine(line);
    if (!c || !leavesFile(c)) continue;
    const blob = c.newBlob;
    const had = names.get(blob);
    const better = !had || (had.unreachable && !unreachable) || (had.unreachable === unreachable && age > had.age);
    if (better) names.set(blob, { commit: commit!, path: c.path, unreachable, age });
  }
  return names;
}
