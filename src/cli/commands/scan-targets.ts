// Paths named on the `scan` command line must exist and be readable: a typo in a CI path is an error
// (exit 2, one line), not a counted skip that passes the build. Files found while walking that cannot
// be read stay counted skips.
import { accessSync, constants, lstatSync, type Stats } from 'node:fs';
import { UserError } from '../../types.js';

function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? 'cannot read it';
}

/** Throws a UserError for the first of `given` (resolved to `paths`) that is missing or unreadable. */
export function checkTargets(given: string[], paths: string[]): void {
  paths.forEach((p, i) => {
    const shown = given[i].replace(/[\x00-\x1f\x7f]/g, '?');
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (e) {
      throw new UserError(`cannot scan ${shown}: ${why(e)}`);
    }
    // A symbolic link is never followed (it is counted as skipped, like one found while walking).
    if (st.isSymbolicLink()) return;
    try {
      accessSync(p, st.isDirectory() ? constants.R_OK | constants.X_OK : constants.R_OK);
    } catch (e) {
      throw new UserError(`cannot scan ${shown}: ${why(e)}`);
    }
  });
}
