// `scan --history --objects`: every blob in the object database, reachable or not — what an
// amended commit, a deleted branch, a dropped stash or the reflog left behind, and what
// `git push --mirror` still sends — each scanned once, whole. A finding names a commit that holds
// the blob (and its path there) where one does, preferring one a ref reaches, and says when none
// does (objects/names.ts).
import { hasBinaryExtension, textOrSkip } from './decode.js';
import { assertRepo } from './git-run.js';
import { mergeDiffPlan } from './history/merges.js';
import { listObjects } from './objects/list.js';
import { nameBlobs, reachableCommits } from './objects/names.js';
import { readBlobs } from './objects/read.js';
import type { Source, SourceEvent } from './types.js';

export function objectsSource(root: string, maxFileSize: number): Source {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<SourceEvent> {
      const repo = await assertRepo(root);
      if (repo.shallow) yield { type: 'note', text: 'the repository is a shallow clone: scanned only the objects present' };
      const [objects, reachable, plan] = await Promise.all([listObjects(root), reachableCommits(root), mergeDiffPlan(root)]);
      const names = await nameBlobs(root, objects.commits, reachable, plan);
      for (const sha of objects.commits) yield { type: 'commit', sha };
      const toRead: string[] = [];
      for (const b of objects.blobs) {
        const name = names.get(b.sha);
        const path = name?.path ?? `blob:${b.sha}`;
        if (name && hasBinaryExtension(path)) yield { type: 'skip', path, reason: 'binary' };
        else if (b.size > maxFileSize) yield { type: 'skip', path, reason: 'tooLarge', detail: `${b.size} bytes` };
        else toRead.push(b.sha);
      }
      objects.blobs = [];
      let unnamed = 0;
      for await (const { sha, bytes } of readBlobs(root, toRead)) {
        const name = names.get(sha);
        const path = name?.path ?? `blob:${sha}`;
        const d = textOrSkip(path, bytes);
        if (!('text' in d)) {
          yield d;
          continue;
        }
        if (!name) unnamed++;
        yield { type: 'fragment', fragment: { path, text: d.text, commit: name?.commit, blob: sha, object: { unreachable: !name || name.unreachable } } };
      }
      if (unnamed) yield { type: 'note', text: `${unnamed} blob${unnamed === 1 ? '' : 's'} held by no commit (in the index, a tree or a tag only, or left by a dropped change): named by id` };
    },
  };
}
