// `scan --staged`: the added lines of what `git commit` is about to record (index vs HEAD, or vs
// the empty tree before the first commit). Unstaged edits are not read.
import { parseDiff } from './diff-parse.js';
import { assertRepo, emptyTree, gitLines, hasHead, PATCH_OPTS } from './git-run.js';
import type { Source, SourceEvent } from './types.js';

export function stagedSource(root: string): Source {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<SourceEvent> {
      const repo = await assertRepo(root);
      if (repo.bare) return;
      const base = (await hasHead(root)) ? 'HEAD' : await emptyTree(root);
      const args = ['diff', '--cached', ...PATCH_OPTS, base, '--'];
      yield* parseDiff(gitLines(root, args, 'git diff --cached'));
    },
  };
}
