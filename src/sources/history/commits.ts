// The commits a history scan walks, listed up front with `git rev-list` (the same revision walk
// `git log` does), so the work can be cut into batches and spread over cores, and the progress
// display knows the total.
import { UserError } from '../../types.js';
import { assertRepo, firstLine, git, hasHead } from '../git-run.js';
import type { HistoryOptions } from '../git-history.js';

function checkRev(rev: string): string {
  if (rev === '' || rev.startsWith('-') || /[\0\n]/.test(rev)) throw new UserError(`invalid revision '${rev.replace(/[\0\n]/g, ' ')}'`);
  return rev;
}

/** Revision arguments for `git log` / `git rev-list`, exactly as historySource builds them; undefined: nothing to scan. */
export async function historyRevArgs(root: string, opts: HistoryOptions): Promise<string[] | undefined> {
  const revArgs: string[] = [];
  if (opts.range) revArgs.push(checkRev(opts.range));
  for (const r of opts.revs ?? []) revArgs.push(checkRev(r));
  if (opts.all) revArgs.push('--all');
  for (const r of opts.exclude ?? []) revArgs.push(`^${checkRev(r)}`);
  if (!opts.all && !opts.range && !(opts.revs && opts.revs.length)) {
    if (!(await hasHead(root))) return undefined;
    revArgs.push('HEAD');
  }
  if (opts.since) revArgs.push(`--since=${opts.since}`);
  return revArgs;
}

export interface CommitList {
  /** Commit ids in `git log` order. */
  shas: string[];
  shallow: boolean;
}

/** Every commit `git log <revArgs>` would show, in the same order. */
export async function listCommits(root: string, opts: HistoryOptions): Promise<CommitList> {
  const repo = await assertRepo(root);
  const revArgs = await historyRevArgs(root, opts);
  if (!revArgs) return { shas: [], shallow: repo.shallow };
  const r = await git(root, ['rev-list', ...revArgs, '--']);
  if (r.code !== 0) throw new UserError(`git log failed: ${firstLine(r.stderr) || `git exited with ${r.code}`}`);
  const shas = r.stdout.split('\n').filter(Boolean);
  return { shas, shallow: repo.shallow };
}
