// What a merge commit itself introduces. `git log -p` shows no diff for merges, so a value added
// while resolving a merge, or in an "evil merge" that changes more than its parents do, was never
// scanned. Since git 2.36, `--remerge-diff` shows exactly what the recorded merge adds beyond the
// automatic merge of its parents; it skips octopus merges (three or more parents, e.g. a stash
// with untracked files). What it cannot show, a second pass takes: those merges diffed against
// their first parent, where findings the walk also made elsewhere are dropped (the first-parent
// diff repeats everything the other side brought in). On git before 2.36 every merge takes the
// second pass; before 2.31 (no --diff-merges) it shows the merge against each parent (`-m`).
import { COMMIT_FORMAT, parseDiff } from '../diff-parse.js';
import { git, gitLines, PATCH_OPTS } from '../git-run.js';
import type { SourceEvent } from '../types.js';

export interface MergeDiffPlan {
  /** Options for the main walk (`--remerge-diff`, or none). */
  walk: string[];
  /** The second pass: merges with at least this many parents, shown with these options. */
  fallback: { minParents: number; args: string[] };
}

const plans = new Map<string, Promise<MergeDiffPlan>>();

/** `git version 2.39.5` → [2, 39]; [0, 0] when unreadable. */
export function parseGitVersion(text: string): [number, number] {
  const m = /git version (\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

export function planFor(version: [number, number], force?: string): MergeDiffPlan {
  const at = (major: number, minor: number) => version[0] > major || (version[0] === major && version[1] >= minor);
  // LEAKGUARD_MERGE_DIFF=first-parent: the second pass for every merge, as on git before 2.36 (tests).
  if (force !== 'first-parent' && at(2, 36)) return { walk: ['--remerge-diff'], fallback: { minParents: 3, args: ['--diff-merges=first-parent'] } };
  if (at(2, 31)) return { walk: [], fallback: { minParents: 2, args: ['--diff-merges=first-parent'] } };
  return { walk: [], fallback: { minParents: 2, args: ['-m'] } };
}

/** The plan for the git on PATH (asked once per process). */
export function mergeDiffPlan(cwd: string): Promise<MergeDiffPlan> {
  const force = process.env.LEAKGUARD_MERGE_DIFF;
  const key = force ?? '';
  let p = plans.get(key);
  if (!p) {
    p = git(cwd, ['version']).then((r) => planFor(parseGitVersion(r.stdout), force));
    plans.set(key, p);
  }
  return p;
}

/**
 * The second pass over `revArgs`: fragments of the merges the walk could not show, marked
 * `mergeFirstParent` (the scan drops their findings that the walk also made). Commit events are
 * left out: the walk counted these commits already.
 */
export async function* mergeFallbackEvents(cwd: string, revArgs: string[], plan: MergeDiffPlan): AsyncGenerator<SourceEvent> {
  const args = ['log', COMMIT_FORMAT, '--no-show-signature', '--encoding=UTF-8', ...PATCH_OPTS, `--min-parents=${plan.fallback.minParents}`, ...plan.fallback.args, ...revArgs, '--'];
  for await (const ev of parseDiff(gitLines(cwd, args, 'git log'))) {
    if (ev.type === 'commit') continue;
    if (ev.type === 'fragment') ev.fragment.mergeFirstParent = true;
    yield ev;
  }
}
