// One batch of a parallel history scan: `git log --no-walk=unsorted <sha>...` prints exactly the
// listed commits, each with the same patch `git log -p` prints for it in a full walk (a commit's
// patch depends only on the commit and its parents), parsed by the same diff parser. So the events
// of the batches, concatenated in order, are the events of the plain walk.
import { COMMIT_FORMAT, parseDiff } from '../diff-parse.js';
import { gitLines, PATCH_OPTS } from '../git-run.js';
import type { SourceEvent } from '../types.js';

/**
 * Keeps each git process's memory small: git maps pack files in windows (up to 8 GiB by default,
 * so its resident size grows to the pack size over a long walk); these limits cap that without
 * changing any output.
 */
export const GIT_MEMORY_OPTS = ['-c', 'core.packedGitWindowSize=16m', '-c', 'core.packedGitLimit=64m', '-c', 'core.deltaBaseCacheLimit=48m'];

export function batchLogArgs(shas: string[]): string[] {
  return [...GIT_MEMORY_OPTS, 'log', COMMIT_FORMAT, '--no-show-signature', '--encoding=UTF-8', '--root', ...PATCH_OPTS, '--no-walk=unsorted', ...shas, '--'];
}

export function batchEvents(root: string, shas: string[]): AsyncGenerator<SourceEvent> {
  return parseDiff(gitLines(root, batchLogArgs(shas), 'git log'));
}
