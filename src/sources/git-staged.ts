// `scan --staged`: the added lines of what `git commit` is about to record (index vs HEAD, or vs
// the empty tree before the first commit). Unstaged edits are not read.
import { assertRepo, PATCH_OPTS } from './git-run.js';
import { streamPatch } from './history/batch-log.js';
import type { Source, SourceEvent } from './types.js';

/**
 * The staged diff's events, read with one `git diff --cached` run in `cwd` (any directory of the
 * work tree: paths come out relative to its top level). Without a commit it compares with HEAD, or
 * with the empty tree before the first commit. Parsed by the fast parser (same events as parseDiff).
 */
export async function stagedEvents(cwd: string): Promise<SourceEvent[]> {
  const events: SourceEvent[] = [];
  await streamPatch(cwd, ['diff', '--cached', ...PATCH_OPTS, '--'], 'git diff --cached', (e) => events.push(e));
  return events;
}

export function stagedSource(root: string, known?: { bare: boolean; events?: Promise<SourceEvent[]> }): Source {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<SourceEvent> {
      // `known`: the caller has already asked git whether the repo is bare, and may have started
      // the diff already (scan --staged runs it beside its other start-up work).
      const bare = known ? known.bare : (await assertRepo(root)).bare;
      if (bare) return;
      yield* await (known?.events ?? stagedEvents(root));
    },
  };
}
