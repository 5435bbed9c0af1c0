// Stores planned secrets in Secrets Manager: create, update (merging keys, never dropping one
// already there), or nothing when equal; then reads each back to compare. Every AWS error leaves
// here as a sanitised StoreError.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Journal } from '../journal.js';
import { describeAwsError, StoreError } from './errors.js';

export type StoreAction = 'created' | 'updated' | 'unchanged';

export interface StoreOutcome {
  name: string;
  action: StoreAction;
  /** Secret was scheduled for deletion and has been restored. */
  restored: boolean;
  /** Keys added, keys whose value changed, keys already there that the plan does not touch. */
  added: string[];
  changed: string[];
  kept: string[];
  /** The secret's ARN, as Secrets Manager gave it (for the IAM policy, migrate/policy.ts). */
  arn?: string;
}

export interface StoreRequest {
  name: string;
  sourcePath: string;
  /** key -> value to hold. */
  values: Record<string, string>;
}

type Current =
  | { state: 'absent' }
  | { state: 'deleted' }
  | { state: 'present'; arn?: string; object?: Record<string, unknown>; notObject?: 'binary' | 'not-json' | 'no-value' };

/** Tag values allow letters, digits, spaces and _.:/=+-@ up to 256 characters. */
function tagSafe(s: string): string {
  return s.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256);
}

export class SecretStore {
  private sdk?: typeof import('@aws-sdk/client-secrets-manager');

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly journal: Journal,
    private readonly sanitize: (s: string) => string,
    private readonly opts: { kmsKeyId?: string; endpoint?: string; tags?: Array<{ Key: string; Value: string }> } = {},
  ) {}

  private async api() {
    this.sdk ??= await import('@aws-sdk/client-secrets-manager');
    return this.sdk;
  }

  /** An AWS error of a call about `name` made outside the store, as a sanitised StoreError. */
  failure(err: unknown, name: string): StoreError {
    return this.fail(err, name);
  }

  private fail(err: unknown, name: string): StoreError {
    const e = describeAwsError(err, this.sanitize, this.opts.endpoint);
    return new StoreError(e.fatal ? e.message : `secret '${name}': ${e.message}`, e.cls, name);
  }

  /**
   * Secrets Manager names the secret (ARN) in every answer these calls get; a server that answers
   * JSON without one (`200 {}`) is something else, and what it "stored" is stored nowhere.
   */
  private answered(out: { ARN?: string }, call: string): void {
    if (typeof out.ARN === 'string' && out.ARN !== '') return;
    const where = this.opts.endpoint ? ` at ${this.opts.endpoint}` : '';
    throw new StoreError(
      `the endpoint${where} is not Secrets Manager: its answer to ${call} names no secret (no ARN); check --endpoint-url or AWS_ENDPOINT_URL_SECRETS_MANAGER`,
      'not-secrets-manager',
    );
  }

  /** The user's tags (--tag) on a secret that already existed: added when missing, no write when all are there. */
  private async tagExisting(name: string): Promise<void> {
    const tags = this.opts.tags ?? [];
    if (!tags.length) return;
    const sdk = await this.api();
    try {
      const d = await this.client.send(new sdk.DescribeSecretCommand({ SecretId: name }));
      const have = new Map((d.Tags ?? []).map((t) => [t.Key, t.Value]));
      if (tags.every((t) => have.get(t.Key) === t.Value)) return;
      await this.client.send(new sdk.TagResourceCommand({ SecretId: name, Tags: tags }));
    } catch (err) {
      throw this.fail(err, name);
    }
  }

  /** What the secret holds now. */
  async read(name: string): Promise<Current> {
    const sdk = await this.api();
    try {
      const out = await this.client.send(new sdk.GetSecretValueCommand({ SecretId: name }));
      this.answered(out, 'GetSecretValue');
      const arn = out.ARN;
      if (out.SecretString === undefined) return { state: 'present', arn, notObject: 'binary' };
      let parsed: unknown;
      try {
        parsed = JSON.parse(out.SecretString);
      } catch {
        return { state: 'present', arn, notObject: 'not-json' };
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { state: 'present', arn, notObject: 'not-json' };
      return { state: 'present', arn, object: parsed as Record<string, unknown> };
    } catch (err) {
      if (err instanceof StoreError) throw err;
      const n = (err as { name?: string }).name;
      if (n !== 'ResourceNotFoundException' && n !== 'InvalidRequestException') throw this.fail(err, name);
    }
    // Not found, no current value, or scheduled for deletion: DescribeSecret tells which.
    try {
      const d = await this.client.send(new sdk.DescribeSecretCommand({ SecretId: name }));
      this.answered(d, 'DescribeSecret');
      if (d.DeletedDate) return { state: 'deleted' };
      return { state: 'present', arn: d.ARN, notObject: 'no-value' };
    } catch (err) {
      if ((err as { name?: string }).name === 'ResourceNotFoundException') return { state: 'absent' };
      throw this.fail(err, name);
    }
  }

  /** Create or update the secret so it holds every planned key with its value. */
  async ensure(req: StoreRequest): Promise<StoreOutcome> {
    const sdk = await this.api();
    const { name } = req;
    const keys = Object.keys(req.values);
    let restored = false;
    let cur = await this.read(name);
    if (cur.state === 'deleted') {
      try {
        await this.client.send(new sdk.RestoreSecretCommand({ SecretId: name }));
      } catch (err) {
        const e = this.fail(err, name);
        throw new StoreError(
          `${e.message} — the secret is scheduled for deletion and could not be restored; restore it ` +
            `(aws secretsmanager restore-secret --secret-id ${name}) or choose another --prefix`,
          e.cls,
          name,
        );
      }
      restored = true;
      cur = await this.read(name);
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      if (cur.state === 'absent') {
        const content = JSON.stringify(req.values);
        const token = await this.journal.tokenFor(name, req.sourcePath, keys, 'create', this.journal.fingerprint(content));
        try {
          const created = await this.client.send(
            new sdk.CreateSecretCommand({
              Name: name,
              SecretString: content,
              ClientRequestToken: token,
              Description: this.sanitize(`Moved here by leakguard migrate from ${req.sourcePath}`).slice(0, 2048),
              Tags: [
                { Key: 'created-by', Value: 'leakguard' },
                { Key: 'source-path', Value: tagSafe(this.sanitize(req.sourcePath)) },
                ...(this.opts.tags ?? []),
              ],
              ...(this.opts.kmsKeyId ? { KmsKeyId: this.opts.kmsKeyId } : {}),
            }),
          );
          this.answered(created, 'CreateSecret');
          return { name, action: 'created', restored, added: keys, changed: [], kept: [], arn: created.ARN };
        } catch (err) {
          if ((err as { name?: string }).name === 'ResourceExistsException' && attempt === 0) {
            cur = await this.read(name); // created concurrently (or by a lost earlier response): merge instead
            continue;
          }
          throw this.fail(err, name);
        }
      }
      if (cur.state === 'deleted') throw new StoreError(`secret '${name}' is scheduled for deletion`, 'conflict', name);
      const existing = cur.object;
      if (!existing && cur.notObject !== 'no-value') {
        throw new StoreError(
          `secret '${name}' already exists and does not hold a JSON object of keys (${cur.notObject}); ` +
            'leakguard will not overwrite it: choose another --prefix',
          'conflict',
          name,
        );
      }
      const base = existing ?? {};
      const added = keys.filter((k) => !(k in base));
      const changed = keys.filter((k) => k in base && base[k] !== req.values[k]);
      const kept = Object.keys(base).filter((k) => !(k in req.values));
      if (added.length === 0 && changed.length === 0 && cur.notObject !== 'no-value') {
        await this.tagExisting(name);
        return { name, action: 'unchanged', restored, added, changed, kept, arn: cur.arn };
      }
      const content = JSON.stringify({ ...base, ...req.values });
      const token = await this.journal.tokenFor(name, req.sourcePath, keys, 'put', this.journal.fingerprint(content));
      let put;
      try {
        put = await this.client.send(new sdk.PutSecretValueCommand({ SecretId: name, SecretString: content, ClientRequestToken: token }));
        this.answered(put, 'PutSecretValue');
      } catch (err) {
        throw this.fail(err, name);
      }
      await this.tagExisting(name);
      return { name, action: 'updated', restored, added, changed, kept, arn: put.ARN ?? cur.arn };
    }
    throw new StoreError(`secret '${name}': could not create or update it`, 'other', name);
  }

  /**
   * Read the secret back and compare every planned key with its value. Returns the keys that
   * differ (empty when all match). Retries briefly for eventual consistency.
   */
  async verify(req: StoreRequest): Promise<string[]> {
    let bad: string[] = Object.keys(req.values);
    for (let i = 0; i < 3; i++) {
      const cur = await this.read(req.name);
      const obj = cur.state === 'present' ? cur.object : undefined;
      bad = Object.keys(req.values).filter((k) => !obj || obj[k] !== req.values[k]);
      if (bad.length === 0) break;
      await new Promise((r) => setTimeout(r, 300 * (i + 1)));
    }
    return bad;
  }
}
