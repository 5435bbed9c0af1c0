// The commits a history scan walks, listed up front with `git rev-list` (the same revision walk
// `git log` does), so the work can be cut into batches and spread over cores, and the progress
// display knows the total.
import { UserError } from '../../types.js';
import { assertRepo, firstLine, git } from '../git-run.js';
import { historyRevArgs, type HistoryOptions } from '../git-history.js';

export interface CommitList {
  /** Commit ids in `git log` order, one per line (as `git rev-list` prints them). */
  text: string;
  /** How many. */
  count: number;
  shallow: boolean;
  /** The revision arguments of the walk (for the merges' second pass). */
  revArgs: string[];
}

/** Every commit `git log <revArgs>` would show, in the same order. */
export async function listCommits(root: string, opts: HistoryOptions): Promise<CommitList> {
  const repo = await assertRepo(root);
  const revArgs = await historyRevArgs(root, opts);
  if (!revArgs) return { text: '', count: 0, shallow: repo.shallow, revArgs: [] };
  const r = await git(root, ['rev-list', ...revArgs, '--']);
  if (r.code !== 0) throw new UserError(`git log failed: ${firstLine(r.stderr) || `git exited with ${r.code}`}`);
  const text = r.stdout.replace(/\n+$/, '');
  let count = text ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return { text, count, shallow: repo.shallow, revArgs };
}
