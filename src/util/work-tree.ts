// The files of a git work tree that `leakguard exec` and `migrate --check` read references from:
// tracked and untracked-but-not-ignored, regular files up to a size.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

/** Repo-relative paths, sorted, or undefined when `root` is not in a git work tree. */
export function workTreeFiles(root: string, maxBytes: number, accept: (rel: string) => boolean = () => true): string[] | undefined {
  let listing: string;
  try {
    listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  const out: string[] = [];
  for (const rel of new Set(listing.split('\0'))) {
    if (!rel || !accept(rel)) continue;
    try {
      const st = statSync(join(root, rel));
      if (st.isFile() && st.size <= maxBytes) out.push(rel);
    } catch {
      // gone since git listed it
    }
  }
  return out.sort();
}
