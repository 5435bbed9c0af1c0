// Every object in a repository's database, reachable or not: loose objects and every pack, as
// `git cat-file --batch-all-objects` lists them (each object once, whatever refers to it).
import { gitLines } from '../git-run.js';

export interface ObjectList {
  /** Blob ids and sizes in bytes. */
  blobs: Array<{ sha: string; size: number }>;
  /** Every commit id, reachable or not. */
  commits: string[];
}

export async function listObjects(root: string): Promise<ObjectList> {
  const out: ObjectList = { blobs: [], commits: [] };
  const args = ['cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objectname) %(objecttype) %(objectsize)'];
  for await (const raw of gitLines(root, args, 'git cat-file')) {
    const [sha, type, size] = raw.toString('latin1').split(' ');
    if (!sha) continue;
    if (type === 'blob') out.blobs.push({ sha, size: Number(size) });
    else if (type === 'commit') out.commits.push(sha);
  }
  return out;
}
