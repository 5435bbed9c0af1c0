// `leakguard migrate [PATH]`: plan (default, read-only) or --apply the move of found secrets into
// AWS Secrets Manager, rewriting the code to load them at run time. Exit codes: 0 done or nothing
// to do, 1 some files could not be migrated (listed), 2 usage / AWS unreachable / credentials.
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { IAM_UNIQUE_ID_RULE, UserError, type Confidence } from '../../types.js';
import { registerSecret } from '../../util/secret-registry.js';

interface MigrateArgs {
  path: string;
  apply: boolean;
  /** Check that every reference in the repo resolves (CI); changes nothing. */
  check: boolean;
  yes: boolean;
  allowDirty: boolean;
  prefix?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  kmsKeyId?: string;
  /** --tag KEY=VALUE, as given. */
  tags: string[];
  rotationLambda?: string;
  rotateAfterDays?: number;
  /** --replicate-to REGION[,REGION...], as given (repeatable). */
  replicateTo: string[];
  config?: string;
  minConfidence: Confidence;
  maxAttempts?: number;
}

async function parseArgs(args: string[]): Promise<MigrateArgs | 'help'> {
  const { default: yargs } = await import('yargs/yargs');
  let helped = false;
  const y = yargs(args)
    .scriptName('leakguard migrate')
    .usage(
      '$0 [PATH] [options]\n\nMove the secrets found in the working tree into AWS Secrets Manager and rewrite the code to ' +
        'load them at run time. Without --apply, print the plan (secrets, keys, redacted diffs, manual steps) and change nothing.',
    )
    .option('apply', { type: 'boolean', default: false, describe: 'store the secrets and rewrite the files' })
    .option('check', { type: 'boolean', default: false, describe: 'check that every secret reference in the repository resolves (exit 1 when one does not, 2 when AWS cannot be reached); prints no value' })
    .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'do not ask for confirmation (required without a terminal)' })
    .option('allow-dirty', { type: 'boolean', default: false, describe: 'apply even with uncommitted changes to tracked files' })
    .option('prefix', { type: 'string', describe: 'secret name prefix, general to specific: <app>/<env> (default: <repo-name>/dev)' })
    .option('region', { type: 'string', describe: 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile)' })
    .option('profile', { type: 'string', describe: 'AWS shared-config profile (default: the standard credential chain)' })
    .option('endpoint-url', { type: 'string', describe: 'Secrets Manager endpoint (default: AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL)' })
    .option('tag', { type: 'string', array: true, describe: 'tag every stored secret KEY=VALUE (repeatable), beside created-by and source-path' })
    .option('rotation-lambda', { type: 'string', describe: 'turn on rotation of every stored secret with this Lambda function (ARN); first rotation on the schedule' })
    .option('rotate-after-days', { type: 'number', describe: 'with --rotation-lambda: rotate every N days (default 30)' })
    .option('replicate-to', { type: 'string', array: true, describe: 'replicate every stored secret to these regions (REGION[,REGION...], repeatable)' })
    .option('kms-key-id', { type: 'string', describe: 'KMS key to encrypt newly created secrets (default: aws/secretsmanager)' })
    .option('config', { alias: 'c', type: 'string', describe: 'scanner config file' })
    .option('min-confidence', { choices: ['low', 'medium', 'high'] as const, default: 'medium' as const, describe: 'migrate findings of this confidence and above' })
    .option('debug', { type: 'boolean', default: false, hidden: true })
    .option('max-attempts', { type: 'number', describe: 'attempts per AWS request, retries included (default 6)', hidden: true })
    .strictOptions()
    .help(false)
    .version(false)
    .option('help', { alias: 'h', type: 'boolean', describe: 'show this help' })
    .fail((msg, err) => {
      throw new UserError(err?.message ?? msg);
    })
    .exitProcess(false);
  const argv = await y.parseAsync();
  if (argv.help) {
    process.stdout.write((await y.getHelp()) + '\n');
    helped = true;
  }
  if (helped) return 'help';
  const pos = argv._.map(String);
  if (pos.length > 1) throw new UserError('migrate takes at most one PATH');
  const n = argv['max-attempts'];
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 20)) throw new UserError('--max-attempts must be an integer from 1 to 20');
  return {
    path: pos[0] ?? '.',
    apply: argv.apply,
    check: argv.check,
    yes: argv.yes,
    allowDirty: argv['allow-dirty'],
    prefix: argv.prefix,
    region: argv.region,
    profile: argv.profile,
    endpointUrl: argv['endpoint-url'],
    kmsKeyId: argv['kms-key-id'],
    tags: (argv.tag ?? []).map(String),
    rotationLambda: argv['rotation-lambda'],
    rotateAfterDays: argv['rotate-after-days'],
    replicateTo: (argv['replicate-to'] ?? []).map(String),
    minConfidence: argv['min-confidence'],
    config: argv.config,
    maxAttempts: n,
  };
}

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export async function run(args: string[]): Promise<number> {
  const a = await parseArgs(args);
  if (a === 'help') return 0;
  const dir = resolve(a.path);
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new UserError(`not a directory: ${a.path}`);

  const { repoInfo } = await import('../../migrate/purge/git.js');
  const { defaultPrefix, prefixProblem } = await import('../../migrate/plan/names.js');
  const repo = await repoInfo(dir);
  const root = repo.root;
  const prefix = (a.prefix ?? defaultPrefix(root)).replace(/\/+$/, '');
  const problem = prefixProblem(prefix);
  if (problem) throw new UserError(problem);
  if (a.kmsKeyId !== undefined && !/^[A-Za-z0-9:/_@.+=-]{1,2048}$/.test(a.kmsKeyId)) throw new UserError('invalid --kms-key-id');
  const { parseTags } = await import('../../migrate/tags.js');
  const tags = parseTags(a.tags);
  const { parseLifecycle, describeLifecycle } = await import('../../migrate/store/lifecycle.js');
  const lifecycle = parseLifecycle(a.rotationLambda, a.rotateAfterDays, a.replicateTo);

  const out = (s: string) => process.stdout.write(s);
  if (a.check) {
    if (a.apply) throw new UserError('choose one of --check and --apply');
    const { checkReferences, findRepoReferences, renderCheck } = await import('../../migrate/check.js');
    const report = await checkReferences(findRepoReferences(root), { region: a.region, profile: a.profile, endpointUrl: a.endpointUrl });
    out(renderCheck(report).join('\n') + '\n');
    return report.references.some((r) => r.problem) ? 1 : 0;
  }
  const { scanDirectory } = await import('../../scan/directory.js');
  const { applyMinConfidence } = await import('../../judge/level.js');
  // What a default scan reports is what moves: a test dummy does not belong in Secrets Manager.
  const found = applyMinConfidence(await scanDirectory(root, { configPath: a.config }), a.minConfidence);
  // IAM unique IDs (AIDA, AROA, ...) name principals; they are not credentials to store.
  const scan = { ...found, findings: found.findings.filter((f) => f.ruleId !== IAM_UNIQUE_ID_RULE) };
  for (const f of scan.findings) registerSecret(f.secret);
  // AWS may log tags in clear: no found value may be part of one.
  if (tags.some((t) => scan.findings.some((f) => f.secret.length >= 4 && (t.Key.includes(f.secret) || t.Value.includes(f.secret))))) {
    throw new UserError('--tag: a tag holds a value the scan found; tags are not secret, choose another');
  }

  const { buildPlan } = await import('../../migrate/plan/build.js');
  const { rewriterFor } = await import('../../migrate/rewrite/index.js');
  const { renderPlan } = await import('../../migrate/plan/render.js');
  const { makeSanitizer } = await import('../../migrate/store/errors.js');
  const plan = await buildPlan(root, scan.findings, prefix, rewriterFor);
  const redact = makeSanitizer([...plan.values, ...scan.findings.map((f) => f.secret)]);
  const say = (s: string) => out(redact(s) + '\n');

  out(renderPlan(plan, redact, tags));
  if (plan.secrets.length) for (const l of describeLifecycle(lifecycle)) say(l);
  if (!a.apply) {
    say('');
    say(plan.secrets.length ? 'This is the plan only; nothing was written. Run again with --apply to store the secrets and edit the files.' : '');
    return 0;
  }
  if (plan.secrets.length === 0) {
    say('nothing to do');
    return 0;
  }

  const { Journal } = await import('../../migrate/journal.js');
  const journalPath = repo.gitDir ? join(repo.gitDir, 'leakguard', 'migrate-journal.json') : join(root, '.leakguard', 'migrate-journal.json');
  const journal = await Journal.open(journalPath);
  const { applyPlan, dirtyPaths } = await import('../../migrate/apply.js');
  if (repo.isGit && !a.allowDirty) {
    const dirty = await dirtyPaths(root, journal);
    if (dirty.length > 0) {
      const shown = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? `, … (${dirty.length} files)` : '');
      throw new UserError(`the work tree has uncommitted changes (${shown}); commit or stash them first, or pass --allow-dirty`);
    }
  }
  if (!a.yes) {
    if (!process.stdin.isTTY) throw new UserError('refusing to apply without confirmation: no terminal to ask on; review the plan and pass --yes');
    const ok = await confirm(`\nStore ${plan.secrets.length} secret(s) in Secrets Manager and edit ${plan.files.filter((f) => f.status === 'rewrite').length + plan.wiring.filter((w) => w.after !== w.before).length} file(s)? [y/N] `);
    if (!ok) {
      say('Aborted; nothing was written.');
      return 0;
    }
  }

  say('');
  say('Applying:');
  if (!repo.isGit) say('  note: not a git repository; cannot check for uncommitted changes or history');
  const report = await applyPlan({
    plan,
    journal,
    aws: { region: a.region, profile: a.profile, endpointUrl: a.endpointUrl, kmsKeyId: a.kmsKeyId, maxAttempts: a.maxAttempts },
    tags,
    lifecycle,
    log: say,
  });
  for (const n of report.notes) say(`  note: ${n}`);

  const migrated = report.files.filter((f) => f.state === 'migrated');
  const failed = report.files.filter((f) => f.state === 'failed' || f.state === 'not-run');
  const manual = report.files.filter((f) => f.state === 'manual');
  say('');
  if (report.fatal) {
    say(`Stopped: ${report.fatal.message}`);
    say(`${migrated.length} file(s) were migrated before the stop; the others are untouched. Fix the problem and run the same command again to resume.`);
    process.stderr.write(redact(`leakguard: ${report.fatal.message}`) + '\n');
    return 2;
  }
  if (report.nothingDone && failed.length === 0) {
    say(manual.length ? `nothing to do (${manual.length} file(s) still need the manual steps listed above)` : 'nothing to do');
  } else {
    say(`Migrated ${migrated.length} file(s); ${manual.length} need a manual step; ${failed.length} could not be migrated.`);
  }
  if (failed.length > 0) {
    say('Files not migrated (left untouched):');
    for (const f of failed) say(`  ${f.path}: ${f.reason ?? 'failed'}`);
  }

  // Least privilege for the application's role: exactly these secrets (migrate/policy.ts).
  const { iamPolicy, writePolicy } = await import('../../migrate/policy.js');
  const policy = iamPolicy(
    // every secret migrate stored in this repository, this run's and earlier runs' (a rerun that stores only
    // what is left must not narrow the policy); the application may read a replica in its own region too
    [...new Set([...journal.storedArns(), ...report.secrets.flatMap((s) => ('arn' in s && s.arn ? [s.arn, ...(s.replicaArns ?? [])] : []))])].sort(),
    a.kmsKeyId,
  );
  if (policy) {
    const policyFile = join(dirname(journalPath), 'iam-policy.json');
    const text = await writePolicy(policyFile, policy);
    say('');
    say(`IAM policy for the application's role (read these secrets and nothing else), written to ${policyFile}:`);
    for (const l of text.trimEnd().split('\n')) say(`  ${l}`);
  }

  // What still holds a finding after the run (so nothing is silently left behind).
  const afterScan = applyMinConfidence(await scanDirectory(root, { configPath: a.config }), a.minConfidence);
  const after = { ...afterScan, findings: afterScan.findings.filter((f) => f.ruleId !== IAM_UNIQUE_ID_RULE) };
  const remaining = new Map<string, number>();
  for (const f of after.findings) if (!f.commit) remaining.set(f.path, (remaining.get(f.path) ?? 0) + 1);
  if (remaining.size > 0) {
    say('');
    say(`Files that still hold findings (${remaining.size}):`);
    for (const [p, n] of [...remaining].sort()) {
      const why = manual.find((m) => m.path === p) ? 'manual step above' : failed.find((m) => m.path === p) ? 'not migrated' : 'see `leakguard scan`';
      say(`  ${p}: ${n} finding(s) (${why})`);
    }
  }

  if (!report.nothingDone) {
    const { purgeAdvice } = await import('../../migrate/purge/advice.js');
    const { keyOwners } = await import('../../migrate/purge/key-owner.js');
    const advice = await purgeAdvice(plan, repo.gitDir, repo.hasHead, (ids) => keyOwners(ids, { region: a.region, profile: a.profile, endpointUrl: a.endpointUrl }));
    say('');
    for (const l of advice.lines) say(l);
    say('');
    say('Next: review `git diff`, run your tests, commit. Apps now read these values from Secrets Manager at run time.');
  }
  return failed.length > 0 ? 1 : 0;
}
