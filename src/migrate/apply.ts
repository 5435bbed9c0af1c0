// `migrate --apply`: store each planned secret, read it back and compare, and only then rewrite its
// file (atomically, after re-checking the file still is what was planned). Every step is recorded
// in the journal so an interrupted run resumes and a repeated run makes no API write.
import type { Tag } from './tags.js';
import { readFile, stat, unlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { FilePlan, MigrationPlan } from './plan/build.js';
import { secretObject } from './plan/group.js';
import { Journal } from './journal.js';
import { createClient, type AwsOptions } from './store/client.js';
import { makeSanitizer, StoreError } from './store/errors.js';
import { writeFileAtomic } from './store/files.js';
import { SecretStore, type StoreOutcome } from './store/store.js';
import { applyLifecycle, replicaArn, type Lifecycle } from './store/lifecycle.js';
import { changedTrackedPaths } from './purge/git.js';
import { readFileSync } from 'node:fs';

export interface ApplyOptions {
  plan: MigrationPlan;
  journal: Journal;
  aws: AwsOptions;
  /** The user's tags (--tag) for every secret, beside created-by and source-path. */
  tags?: Tag[];
  /** --rotation-lambda / --rotate-after-days and --replicate-to, for every secret stored. */
  lifecycle?: Lifecycle;
  /** Progress lines (already free of values; still passed through the sanitiser). */
  log?: (line: string) => void;
}

export interface FileOutcome {
  path: string;
  secret: string;
  state: 'migrated' | 'already' | 'manual' | 'failed' | 'not-run';
  reason?: string;
  /** Loader/helper files created or refreshed with it. */
  extra?: string[];
}

export interface ApplyReport {
  secrets: Array<(StoreOutcome & { replicaArns?: string[] }) | { name: string; action: 'failed'; reason: string }>;
  files: FileOutcome[];
  /** Set when the run stopped early (credentials, region, endpoint unreachable). */
  fatal?: StoreError;
  /** Nothing was written to AWS and no file changed. */
  nothingDone: boolean;
  notes: string[];
}

/**
 * Tracked files with uncommitted changes, minus the ones a previous (interrupted) migrate run wrote
 * and that still hold exactly what it wrote.
 */
export async function dirtyPaths(root: string, journal: Journal): Promise<string[]> {
  const changed = await changedTrackedPaths(root);
  if (changed.length === 0) return [];
  const own = journal.ownChanges((p) => {
    try {
      return journal.fileHash(readFileSync(join(root, p)));
    } catch {
      return undefined;
    }
  });
  return changed.filter((p) => !own.has(p));
}

function insideRoot(root: string, p: string): string | null {
  const abs = resolve(root, p);
  const rel = relative(root, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return abs;
}

async function readOrNull(abs: string): Promise<Buffer | null> {
  try {
    return await readFile(abs);
  } catch {
    return null;
  }
}

/** Write one planned file edit plus its helper files; on failure restore everything it touched. */
async function writeFilePlan(
  root: string,
  fp: Pick<FilePlan, 'path' | 'after' | 'extraFiles'>,
  journal: Journal,
): Promise<{ extra: Record<string, string>; created: string[]; touched: string[]; readOnly?: string }> {
  const abs = insideRoot(root, fp.path);
  if (!abs) throw new Error('path is outside the repository');
  // a file its owner cannot write was made read-only on purpose: rewritten (mode kept), and said so
  const mode = await stat(abs).then((st) => st.mode & 0o7777, () => undefined);
  const readOnly = mode !== undefined && (mode & 0o200) === 0 ? mode.toString(8).padStart(4, '0') : undefined;
  const extra: Record<string, string> = {};
  const created: string[] = [];
  const touched: string[] = [];
  const undo: Array<{ abs: string; prev: Buffer | null }> = [];
  try {
    for (const [p, content] of Object.entries(fp.extraFiles ?? {})) {
      const xabs = insideRoot(root, p);
      if (!xabs) throw new Error(`helper file ${p} is outside the repository`);
      const prev = await readOrNull(xabs);
      extra[p] = journal.fileHash(Buffer.from(content));
      if (prev && prev.toString('utf8') === content) continue;
      await writeFileAtomic(xabs, content);
      undo.push({ abs: xabs, prev });
      touched.push(p);
      if (!prev) created.push(p);
    }
    await writeFileAtomic(abs, fp.after!);
    touched.push(fp.path);
  } catch (e) {
    for (const u of undo.reverse()) {
      if (u.prev === null) await unlink(u.abs).catch(() => undefined);
      else await writeFileAtomic(u.abs, u.prev).catch(() => undefined);
    }
    throw e;
  }
  return { extra, created, touched, readOnly };
}

export async function applyPlan(opts: ApplyOptions): Promise<ApplyReport> {
  const { plan, journal } = opts;
  const sanitize = makeSanitizer(plan.values);
  const log = (l: string) => opts.log?.(sanitize(l));
  const report: ApplyReport = { secrets: [], files: [], nothingDone: true, notes: [] };
  if (plan.secrets.length === 0) return report;

  // A UserError here (bad endpoint URL, no region) propagates: the CLI turns it into exit 2.
  const info = await createClient(opts.aws);
  report.notes.push(...info.notes);
  const store = new SecretStore(info.client, journal, sanitize, { kmsKeyId: opts.aws.kmsKeyId, endpoint: info.endpoint, tags: opts.tags });

  const byPath = new Map(plan.files.map((f) => [f.path, f]));
  const wiringByPath = new Map(plan.wiring.map((w) => [w.path, w]));
  const wired = new Set<string>();
  /** Put on disk the edit of `dep` that resolves a config's references where it loads it; a reason when it cannot. */
  const ensureWired = async (dep: string, secretName: string): Promise<string | undefined> => {
    if (wired.has(dep)) return undefined;
    const w = wiringByPath.get(dep);
    const expected = w ? w.after : byPath.get(dep)?.after;
    const now = await readOrNull(join(plan.root, dep));
    if (now !== null && expected !== undefined && now.toString('utf8') === expected) {
      wired.add(dep);
      return undefined;
    }
    if (!w) return `${dep}, the code that loads it, was not rewritten`;
    if (now === null || now.toString('utf8') !== w.before) return `${dep}, the code that loads it, changed after the plan was made; run migrate again`;
    try {
      const out = await writeFilePlan(plan.root, w, journal);
      await journal.setFile(dep, { state: 'written', secret: secretName, before: journal.fileHash(now), after: journal.fileHash(Buffer.from(w.after)), extra: out.extra, created: out.created });
      wired.add(dep);
      report.nothingDone = false;
      report.files.push({ path: dep, secret: secretName, state: 'migrated', reason: `resolves the references of ${w.configs.join(', ')} where it loads them`, extra: out.touched.filter((p) => p !== dep) });
      log(`  rewrote   ${dep} (it loads ${w.configs.join(', ')})${out.created.length ? ` (+ created ${out.created.join(', ')})` : ''}`);
      return undefined;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return sanitize(`${dep}, the code that loads it, could not be written (${code ?? (e as Error).message})`);
    }
  };
  let stopped: StoreError | undefined;
  for (const secret of plan.secrets) {
    const fp = byPath.get(secret.sourcePath);
    if (stopped) {
      report.files.push({ path: secret.sourcePath, secret: secret.name, state: 'not-run', reason: 'the run stopped before this file' });
      continue;
    }
    const values = secretObject(secret);
    const req = { name: secret.name, sourcePath: secret.sourcePath, values };
    const keys = Object.keys(values);
    // 1. Store and read back.
    try {
      const outcome = await store.ensure(req);
      if (outcome.action !== 'unchanged' || outcome.restored) report.nothingDone = false;
      const bad = await store.verify(req);
      if (bad.length > 0) throw new StoreError(`secret '${secret.name}': read-back differs for key(s) ${bad.join(', ')}`, 'other', secret.name);
      await journal.secretVerified(secret.name, secret.sourcePath, keys, journal.fingerprint(JSON.stringify(values)));
      const verb = outcome.restored ? `restored and ${outcome.action}` : outcome.action;
      log(`  ${verb.padEnd(9)} ${secret.name} (${keys.length} key${keys.length === 1 ? '' : 's'}${outcome.kept.length ? `, kept ${outcome.kept.length} existing` : ''}); read back and compared`);
      // Rotation schedule and replicas, as the flags say (no write when they already are).
      if (opts.lifecycle) {
        let lc;
        try {
          lc = await applyLifecycle(info.client, secret.name, info.region, opts.lifecycle);
        } catch (err) {
          throw store.failure(err, secret.name);
        }
        if (lc.rotation === 'set') {
          report.nothingDone = false;
          log(`  rotation  ${secret.name}: every ${opts.lifecycle.rotation!.days} day(s)`);
        }
        if (lc.replicasAdded.length) {
          report.nothingDone = false;
          log(`  replicas  ${secret.name}: ${lc.replicasAdded.join(', ')}`);
        }
      }
      const replicas = opts.lifecycle?.replicaRegions.filter((r) => r !== info.region) ?? [];
      const replicaArns = outcome.arn ? replicas.map((r) => replicaArn(outcome.arn!, r)) : [];
      if (outcome.arn) await journal.secretArns(secret.name, outcome.arn, replicaArns);
      report.secrets.push({ ...outcome, replicaArns });
    } catch (e) {
      const err = e instanceof StoreError ? e : new StoreError(sanitize(String((e as Error).message ?? e)), 'other', secret.name);
      report.secrets.push({ name: secret.name, action: 'failed', reason: err.message });
      log(`  failed    ${secret.name}: ${err.message}`);
      if (err.fatal) {
        stopped = err;
        report.fatal = err;
        report.files.push({ path: secret.sourcePath, secret: secret.name, state: 'not-run', reason: err.message });
      } else {
        report.files.push({ path: secret.sourcePath, secret: secret.name, state: 'failed', reason: `not stored: ${err.message}` });
        if (fp) await journal.setFile(fp.path, { state: 'failed', secret: secret.name, reason: err.message });
      }
      continue;
    }
    // 2. Rewrite the file, now that the values are safe in Secrets Manager.
    if (!fp) continue;
    if (fp.status === 'manual') {
      report.files.push({ path: fp.path, secret: secret.name, state: 'manual', reason: fp.manual?.step });
      if (journal.file(fp.path)?.state !== 'manual') await journal.setFile(fp.path, { state: 'manual', secret: secret.name, reason: fp.manual?.reason });
      continue;
    }
    if (fp.status === 'error') {
      report.files.push({ path: fp.path, secret: secret.name, state: 'failed', reason: sanitize(fp.error ?? 'cannot rewrite') });
      await journal.setFile(fp.path, { state: 'failed', secret: secret.name, reason: sanitize(fp.error ?? '') });
      continue;
    }
    const abs = join(plan.root, fp.path);
    const now = await readOrNull(abs);
    if (now === null || now.toString('utf8') !== fp.before) {
      const reason = 'the file changed after the plan was made; run migrate again';
      report.files.push({ path: fp.path, secret: secret.name, state: 'failed', reason });
      await journal.setFile(fp.path, { state: 'failed', secret: secret.name, reason });
      continue;
    }
    // a config the app reads itself: first the code that loads it, so the references are never unresolved
    let unwired: string | undefined;
    for (const dep of fp.loadedBy ?? []) unwired ??= await ensureWired(dep, secret.name);
    if (unwired) {
      const reason = `left untouched: ${unwired}`;
      report.files.push({ path: fp.path, secret: secret.name, state: 'failed', reason });
      await journal.setFile(fp.path, { state: 'failed', secret: secret.name, reason });
      log(`  failed    ${fp.path}: ${reason}`);
      continue;
    }
    await journal.setFile(fp.path, { state: 'pending', secret: secret.name, before: journal.fileHash(now) });
    try {
      const w = await writeFilePlan(plan.root, fp, journal);
      await journal.setFile(fp.path, {
        state: 'written',
        secret: secret.name,
        before: journal.fileHash(now),
        after: journal.fileHash(Buffer.from(fp.after!)),
        extra: w.extra,
        created: w.created,
      });
      report.nothingDone = false;
      report.files.push({ path: fp.path, secret: secret.name, state: 'migrated', extra: w.touched.filter((p) => p !== fp.path) });
      log(`  rewrote   ${fp.path}${w.created.length ? ` (+ created ${w.created.join(', ')})` : ''}`);
      if (w.readOnly) {
        const note = `${fp.path} was read-only (mode ${w.readOnly}): rewritten with its mode kept; check that nothing regenerates it with the value`;
        report.notes.push(note);
        log(`  note      ${note}`);
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const reason = sanitize(`could not write the file (${code ?? (e as Error).message}); it was left untouched`);
      report.files.push({ path: fp.path, secret: secret.name, state: 'failed', reason });
      await journal.setFile(fp.path, { state: 'failed', secret: secret.name, before: journal.fileHash(now), reason });
      log(`  failed    ${fp.path}: ${reason}`);
    }
  }
  return report;
}
