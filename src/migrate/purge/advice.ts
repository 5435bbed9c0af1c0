// After a migration: what the git history still holds, the filter-repo expressions file and the
// commands to purge it, and the committed AWS access keys to deactivate and rotate.
import { basename, dirname, join } from 'node:path';
import { mkdir, writeFile, chmod } from 'node:fs/promises';
import type { MigrationPlan } from '../plan/build.js';
import { writeExpressions, expressionProblem } from './expressions.js';
import { historyOfPath, maskKeyId } from './history.js';

export interface PurgeAdvice {
  lines: string[];
  expressionsFile?: string;
  keysFile?: string;
}

const shq = (s: string) => (/^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Check the history of every planned file, write the expressions file (0600, inside the git dir,
 * outside the work tree) and the key list, and return the advice lines (no values in them).
 */
export async function purgeAdvice(
  plan: MigrationPlan,
  gitDir: string | undefined,
  hasHead: boolean,
  /** The IAM user of each access key ID, where it can be looked up (purge/key-owner.ts). */
  owners: (keyIds: string[]) => Promise<Map<string, string>> = async () => new Map(),
): Promise<PurgeAdvice> {
  const lines: string[] = [];
  if (!gitDir) {
    lines.push('Not a git repository: there is no history to purge.');
    return { lines };
  }
  const committedValues = new Set<string>();
  const held: string[] = [];
  if (hasHead) {
    for (const s of plan.secrets) {
      const values = [...new Set(s.values.map((v) => v.finding.secret))];
      const { hit, committed } = await historyOfPath(plan.root, s.sourcePath, values);
      for (const v of committed) committedValues.add(v);
      if (hit.valuesCommitted > 0) {
        held.push(
          `  ${s.sourcePath}: ${hit.valuesCommitted} of ${values.length} value(s) in ${hit.commitsWithValue} of the ${hit.commitsChecked} commit(s) that touch it`,
        );
      }
    }
  }
  if (held.length === 0) {
    lines.push('History: no committed version of the migrated files holds their values.');
    return { lines };
  }
  lines.push('History still holds these values (committed before the migration):');
  lines.push(...held);
  const dir = join(gitDir, 'leakguard');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const exprFile = join(dir, 'filter-repo-replacements.txt');
  const ok = [...committedValues].filter((v) => !expressionProblem(v));
  const res = await writeExpressions(exprFile, ok);
  const refused = committedValues.size - ok.length;
  lines.push('');
  lines.push(`Wrote ${res.total} replacement expression(s) to ${exprFile} (mode 0600, inside .git, never committed).`);
  if (refused > 0) lines.push(`  ${refused} value(s) span several lines or contain '==>' and were not written; purge those files with git filter-repo --path ... --invert-paths instead.`);
  lines.push('To purge them (rewrites history; coordinate with everyone who has a clone):');
  lines.push('  pip install git-filter-repo            # if not installed');
  // Beside the work tree, not inside it (a clone inside would sit there as an untracked directory).
  const mirror = join(dirname(plan.root), `${basename(plan.root)}-purge.git`);
  lines.push(`  git clone --mirror ${shq(plan.root)} ${shq(mirror)} && cd ${shq(mirror)}`);
  lines.push(`  git filter-repo --replace-text ${shq(exprFile)}`);
  lines.push('  git push --force --mirror <your remote>   # then everyone re-clones; ask your host to drop cached views/PR refs');
  lines.push('Purging does not un-leak anything: rotate every committed value as well.');

  // AWS access keys that were committed: must be deactivated and rotated.
  const keyIds = new Set<string>();
  for (const s of plan.secrets)
    for (const v of s.values)
      if (v.finding.kind === 'aws-access-key-id' && committedValues.has(v.finding.secret)) keyIds.add(v.finding.secret);
  if (keyIds.size > 0) {
    const keysFile = join(dir, 'aws-access-keys-to-rotate.txt');
    const who = await owners([...keyIds]);
    const user = (id: string) => shq(who.get(id) ?? '<USER>');
    const body = [
      '# AWS access key IDs found committed by leakguard migrate. Deactivate, then delete and replace each.',
      ...(who.size < keyIds.size ? ['# <USER>: the key\'s IAM user could not be looked up (aws iam get-access-key-last-used --access-key-id ID names it)'] : []),
      ...[...keyIds].map((id) => `aws iam update-access-key --user-name ${user(id)} --access-key-id ${id} --status Inactive`),
      '',
    ].join('\n');
    await writeFile(keysFile, body, { mode: 0o600 });
    await chmod(keysFile, 0o600);
    lines.push('');
    lines.push(`AWS access keys committed to history (${keyIds.size}); deactivate and rotate each (secret keys are never shown):`);
    for (const id of keyIds) lines.push(`  ${maskKeyId(id)}${who.has(id) ? ` (IAM user ${who.get(id)})` : ' (IAM user not looked up: <USER>)'}`);
    lines.push(`  Full key IDs and the deactivation commands: ${keysFile} (mode 0600)`);
    lines.push('  aws iam update-access-key --user-name <USER> --access-key-id <ID> --status Inactive; then aws iam create-access-key --user-name <USER>, deploy, aws iam delete-access-key --user-name <USER> --access-key-id <ID>');
    return { lines, expressionsFile: exprFile, keysFile };
  }
  return { lines, expressionsFile: exprFile };
}
