// What the git history still holds after a migration: for each migrated file, whether committed
// versions contain its values; and the AWS access keys that were committed and must be rotated.
import { git } from './git.js';

export interface HistoryHit {
  path: string;
  /** Commits (of those touching the path, newest first, at most `limit`) whose version holds a value. */
  commitsWithValue: number;
  commitsChecked: number;
  /** How many of the file's values appear in some committed version. */
  valuesCommitted: number;
}

/** Values of `values` that occur in the committed versions of `path` (all refs). */
export async function historyOfPath(root: string, path: string, values: string[], limit = 300): Promise<{ hit: HistoryHit; committed: Set<string> }> {
  const log = await git(root, ['log', '--all', '--format=%H', `-n${limit}`, '--', path]);
  const shas = log.code === 0 ? log.stdout.toString().split('\n').filter(Boolean) : [];
  const committed = new Set<string>();
  let commitsWithValue = 0;
  if (shas.length > 0) {
    // One cat-file --batch call for all versions; a missing path in a commit prints "<obj> missing".
    const r = await git(root, ['cat-file', '--batch'], shas.map((s) => `${s}:${path}`).join('\n') + '\n');
    const buf = r.stdout;
    let pos = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      const header = buf.subarray(pos, nl).toString();
      pos = nl + 1;
      const m = /^[0-9a-f]+ \S+ (\d+)$/.exec(header);
      if (!m) continue; // "... missing"
      const size = Number(m[1]);
      const content = buf.subarray(pos, pos + size).toString('utf8');
      pos += size + 1;
      let any = false;
      for (const v of values) {
        if (content.includes(v)) {
          committed.add(v);
          any = true;
        }
      }
      if (any) commitsWithValue++;
    }
  }
  return { hit: { path, commitsWithValue, commitsChecked: shas.length, valuesCommitted: committed.size }, committed };
}

/** A key ID for the terminal: enough to find it in IAM, not the whole string. */
export function maskKeyId(id: string): string {
  if (id.length <= 12) return id.slice(0, 4) + '…';
  return `${id.slice(0, 8)}…${id.slice(-4)}`;
}
