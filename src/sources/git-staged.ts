// `scan --staged`: the added lines of what `git commit` is about to record (index vs HEAD, or vs
// the empty tree before the first commit). Unstaged edits are not read.
import { assertRepo, PATCH_OPTS } from './git-run.js';
import { streamPatch } from './history/batch-log.js';
import type { Source, SourceEvent } from './types.js';

export function stagedSource(root: string, known?: { bare: boolean }): Source {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<SourceEvent> {
      // `known`: the caller has already asked git (scan --staged saves a git call on the pre-commit path).
      const bare = known ? known.bare : (await assertRepo(root)).bare;
      if (bare) return;
      // Without a commit, `git diff --cached` compares with HEAD, or with the empty tree before
      // the first commit. Parsed by the fast parser (same events as parseDiff).
      const args = ['diff', '--cached', ...PATCH_OPTS, '--'];
      const events: SourceEvent[] = [];
      await streamPatch(root, args, 'git diff --cached', (e) => events.push(e));
      yield* events;
    },
  };
}
