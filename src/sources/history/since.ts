// `--since DATE`: `git log --since` reads any text as a date and takes what it cannot read as "now",
// so `--since notadate` would scan nothing and pass. Ask git itself: `git config --type=expiry-date`
// runs the same date parser (approxidate) in its careful mode, which fails on text it could not read.
import { UserError } from '../../types.js';
import { git } from '../git-run.js';

/** Read by the expiry-date parser itself, not by the one behind `--since` (there they mean "now"). */
const EXPIRY_ONLY = new Set(['all', 'false']);

/** Returns `since` when git can read it as a date; otherwise a one-line UserError. */
export async function checkSince(cwd: string, since: string): Promise<string> {
  const refuse = () => new UserError(`--since: git cannot read '${since}' as a date (e.g. 2024-01-31, "2 weeks ago", yesterday)`);
  if (/[\x00-\x1f\x7f]/.test(since) || EXPIRY_ONLY.has(since.trim())) throw refuse();
  const r = await git(cwd, ['-c', `leakguard.since=${since}`, 'config', '--type=expiry-date', 'leakguard.since']);
  // 128: git died on the value. Any other failure (a git too old for --type) leaves the check undone.
  if (r.code === 128) throw refuse();
  return since;
}
