// `leakguard migrate --check` (for CI): every secret reference in the repository — aws-sm://
// references in configuration and .env files, and the generated loaders' get_secret / getSecret /
// getSecretSync calls in code — names a secret that exists and holds that key, readable by the
// caller. For each: where it is, whether it resolves, rotation, the KMS key, when it was last read.
// No value is ever printed (each one read is registered for redaction).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../types.js';
import { registerSecret } from '../util/secret-registry.js';
import { workTreeFiles } from '../util/work-tree.js';
import { findReferences } from './references.js';

export interface FoundReference {
  path: string;
  line: number;
  secretName: string;
  key: string;
}

export interface CheckedReference extends FoundReference {
  /** undefined when it resolves; otherwise why not. */
  problem?: string;
}

export interface SecretFacts {
  rotation: boolean;
  kmsKeyId: string;
  lastAccessed?: string;
}

export interface CheckReport {
  references: CheckedReference[];
  secrets: Map<string, SecretFacts>;
}

/** The loaders' calls: get_secret("name", "key") in Python, getSecret / getSecretSync in JS / TS. */
const LOADER_CALL = /\b(?:get_secret|getSecret|getSecretSync|leakguardGetSecret|leakguardGetSecretSync)\(\s*(["'])([A-Za-z0-9/_+=.@-]{1,512})\1\s*,\s*(["'])([^"'\n]{1,256})\3\s*\)/g;
const MAX_BYTES = 2 << 20;

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Tracked and unignored files (git), holding a reference. */
export function findRepoReferences(root: string): FoundReference[] {
  // The loaders' own files hold only examples in comments.
  const files = workTreeFiles(root, MAX_BYTES, (rel) => !/(?:^|\/)leakguard[-_]secrets\.(?:py|cjs|mjs|ts|js)$/.test(rel));
  if (!files) throw new UserError(`migrate --check needs a git work tree: ${root}`);
  const out: FoundReference[] = [];
  for (const rel of files) {
    let text: string;
    try {
      text = readFileSync(join(root, rel), 'utf8');
    } catch {
      continue;
    }
    if (text.includes('aws-sm://')) for (const r of findReferences(text)) out.push({ path: rel, line: lineOf(text, r.start), secretName: r.secretName, key: r.key });
    if (/get_?[sS]ecret/.test(text)) {
      for (const m of text.matchAll(LOADER_CALL)) out.push({ path: rel, line: lineOf(text, m.index!), secretName: m[2]!, key: m[4]! });
    }
  }
  return out;
}

/** Reads each named secret once (DescribeSecret, GetSecretValue) and checks every reference's key. */
export async function checkReferences(refs: FoundReference[], aws: { region?: string; profile?: string; endpointUrl?: string }): Promise<CheckReport> {
  const report: CheckReport = { references: [], secrets: new Map() };
  const names = [...new Set(refs.map((r) => r.secretName))].sort();
  if (!names.length) return report;
  const { createClient } = await import('./store/client.js');
  const { describeAwsError, makeSanitizer, StoreError } = await import('./store/errors.js');
  const { DescribeSecretCommand, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const info = await createClient({ ...aws, maxAttempts: 3 });
  const keysOf = new Map<string, Set<string> | string>();
  try {
    for (const name of names) {
      try {
        const d = await info.client.send(new DescribeSecretCommand({ SecretId: name }));
        if (d.DeletedDate) {
          keysOf.set(name, 'the secret is scheduled for deletion');
          continue;
        }
        report.secrets.set(name, { rotation: d.RotationEnabled === true, kmsKeyId: d.KmsKeyId ?? 'aws/secretsmanager', lastAccessed: d.LastAccessedDate?.toISOString().slice(0, 10) });
        const v = await info.client.send(new GetSecretValueCommand({ SecretId: name }));
        const raw = typeof v.SecretString === 'string' ? v.SecretString : Buffer.from(v.SecretBinary ?? []).toString('utf8');
        registerSecret(raw);
        let data: unknown;
        try {
          data = JSON.parse(raw);
        } catch {
          keysOf.set(name, 'the secret is not a JSON object of keys');
          continue;
        }
        if (!data || typeof data !== 'object' || Array.isArray(data)) keysOf.set(name, 'the secret is not a JSON object of keys');
        else {
          for (const x of Object.values(data as Record<string, unknown>)) if (typeof x === 'string') registerSecret(x);
          keysOf.set(name, new Set(Object.keys(data as Record<string, unknown>)));
        }
      } catch (err) {
        const n = (err as { name?: string })?.name;
        if (n === 'ResourceNotFoundException') keysOf.set(name, 'no such secret');
        else if (n === 'AccessDeniedException') keysOf.set(name, 'access denied to the caller');
        else {
          const e = describeAwsError(err, makeSanitizer([]), info.endpoint);
          if (e instanceof StoreError && e.fatal) throw new UserError(e.message);
          keysOf.set(name, e.message);
        }
      }
    }
  } finally {
    info.client.destroy();
  }
  for (const r of refs) {
    const k = keysOf.get(r.secretName);
    const problem = typeof k === 'string' ? k : k && !k.has(r.key) ? `the secret has no key "${r.key}"` : undefined;
    report.references.push({ ...r, ...(problem ? { problem } : {}) });
  }
  return report;
}

/** The report as lines (names, keys, facts: no value). */
export function renderCheck(report: CheckReport): string[] {
  const lines: string[] = [];
  if (!report.references.length) return ['No secret references in this repository.'];
  const broken = report.references.filter((r) => r.problem);
  for (const r of report.references) {
    const s = report.secrets.get(r.secretName);
    const facts = s ? `  rotation: ${s.rotation ? 'on' : 'off'}  kms: ${s.kmsKeyId}  last accessed: ${s.lastAccessed ?? 'never'}` : '';
    lines.push(`${r.problem ? 'BROKEN' : 'ok    '}  ${r.path}:${r.line}  ${r.secretName}#${r.key}${r.problem ? `  (${r.problem})` : facts}`);
  }
  lines.push('');
  lines.push(broken.length ? `${broken.length} of ${report.references.length} reference(s) do not resolve.` : `All ${report.references.length} reference(s) resolve.`);
  return lines;
}
