// `scan --history`: every commit reachable from HEAD (or --all, a range, given revs), streamed from
// `git log -p` and parsed by diff-parse.ts. Each fragment carries its commit.
import { UserError } from '../types.js';
import { DEFAULT_MAX_FILE_SIZE } from '../config/load.js';
import { COMMIT_FORMAT, parseDiff } from './diff-parse.js';
import { assertRepo, git, gitLines, hasHead, PATCH_OPTS } from './git-run.js';
import { checkSince } from './history/since.js';
import { mergeEvents } from './history/merges.js';
import type { Source, SourceEvent } from './types.js';

export interface HistoryOptions {
  /** Every ref (`git log --all`) instead of HEAD. */
  all?: boolean;
  /** A revision range such as `origin/main..HEAD`. */
  range?: string;
  /** `git log --since` (any date git understands). */
  since?: string;
  /** Revisions to walk from (instead of HEAD). */
  revs?: string[];
  /** Revisions whose history is excluded (`^rev`). */
  exclude?: string[];
  /** Merge files over this size are skipped (history/merges.ts). */
  maxFileSize?: number;
}

function checkRev(rev: string): string {
  if (rev === '' || rev.startsWith('-') || /[\0\n]/.test(rev)) throw new UserError(`invalid revision '${rev.replace(/[\0\n]/g, ' ')}'`);
  return rev;
}

/**
 * Every stash entry. `--all` reaches only the newest (refs/stash itself); the older ones live in
 * its reflog. A stash is a merge-shaped commit (HEAD, the index, and its untracked files when
 * stashed with -u), so the merge handling (history/merges.ts) shows what it holds.
 */
async function stashEntries(root: string): Promise<string[]> {
  const r = await git(root, ['log', '-g', '--format=%H', 'refs/stash', '--']);
  return r.code === 0 ? r.stdout.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l)) : [];
}

/**
 * Revision arguments for `git log` / `git rev-list` (the parallel scan lists commits with the same
 * walk, src/sources/history/commits.ts); undefined when there is nothing to scan (no commit yet).
 */
export async function historyRevArgs(root: string, opts: HistoryOptions): Promise<string[] | undefined> {
  // Checked first: a date git cannot read is an error even in a repository with no commit yet.
  const since = opts.since ? await checkSince(root, opts.since) : undefined;
  const revArgs: string[] = [];
  if (opts.range) revArgs.push(checkRev(opts.range));
  for (const r of opts.revs ?? []) revArgs.push(checkRev(r));
  if (opts.all) revArgs.push('--all', ...(await stashEntries(root)));
  for (const r of opts.exclude ?? []) revArgs.push(`^${checkRev(r)}`);
  if (!opts.all && !opts.range && !(opts.revs && opts.revs.length)) {
    if (!(await hasHead(root))) return undefined;
    revArgs.push('HEAD');
  }
  if (since) revArgs.push(`--since=${since}`);
  return revArgs;
}

/**
 * Walk commits with `git log -p`, merges included (history/merges.ts). `revArgs` are revision
 * arguments (already validated), e.g. ['HEAD'], ['a..b'], ['x', '--not', '--remotes=origin'].
 * Reused by pre-push and pre-receive.
 */
export async function* logEvents(cwd: string, revArgs: string[], maxFileSize = DEFAULT_MAX_FILE_SIZE): AsyncGenerator<SourceEvent> {
  const args = ['log', COMMIT_FORMAT, '--no-show-signature', '--encoding=UTF-8', '--root', ...PATCH_OPTS, ...revArgs, '--'];
  yield* parseDiff(gitLines(cwd, args, 'git log'));
  // What the merges add, which `git log -p` does not show.
  yield* mergeEvents(cwd, revArgs, maxFileSize);
}

export function historySource(root: string, opts: HistoryOptions = {}): Source {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<SourceEvent> {
      const repo = await assertRepo(root);
      const revArgs = await historyRevArgs(root, opts);
      if (!revArgs) return; // nothing committed yet: nothing to scan
      if (repo.shallow) yield { type: 'note', text: 'history is shallow (a shallow clone): scanned only the commits present' };
      yield* logEvents(root, revArgs, opts.maxFileSize);
    },
  };
}
