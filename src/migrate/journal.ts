// The migrate journal: what a run has done so far, so an interrupted run resumes and a repeated
// run does nothing. It never holds a value: only secret names, key names, salted fingerprints,
// request tokens and per-file state with content hashes. Written atomically after every step.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export type FileState = 'pending' | 'written' | 'failed' | 'manual';

export interface JournalSecret {
  sourcePath: string;
  keys: string[];
  /** Salted fingerprint of the JSON content last verified in Secrets Manager. */
  verified?: string;
  /** The secret's ARN and its replicas' (for the application's IAM policy, which covers every run's secrets). */
  arn?: string;
  replicaArns?: string[];
  /** A write in flight: its request token is reused by a retry of the same content. */
  pending?: { op: 'create' | 'put'; content: string; token: string };
  updatedAt: string;
}

export interface JournalFile {
  state: FileState;
  secret: string;
  /** sha256 of the file before and after the rewrite (whole-file hashes, salted). */
  before?: string;
  after?: string;
  /** Loader/helper files written with it: path -> salted hash of the content written. */
  extra?: Record<string, string>;
  /** Files created (did not exist) by the rewrite of this file. */
  created?: string[];
  /** Why it failed, redacted. */
  reason?: string;
  updatedAt: string;
}

export interface JournalData {
  version: 1;
  salt: string;
  secrets: Record<string, JournalSecret>;
  files: Record<string, JournalFile>;
}

export class Journal {
  private constructor(
    readonly path: string,
    private data: JournalData,
  ) {}

  static async open(path: string): Promise<Journal> {
    let data: JournalData | undefined;
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<JournalData>;
      if (parsed && parsed.version === 1 && typeof parsed.salt === 'string' && parsed.secrets && parsed.files) {
        data = parsed as JournalData;
      }
    } catch {
      data = undefined;
    }
    return new Journal(path, data ?? { version: 1, salt: randomBytes(16).toString('hex'), secrets: {}, files: {} });
  }

  get snapshot(): Readonly<JournalData> {
    return this.data;
  }

  /** Salted fingerprint: identifies content without revealing it (16 hex chars of HMAC-SHA256). */
  fingerprint(text: string): string {
    return createHmac('sha256', this.data.salt).update(text).digest('hex').slice(0, 16);
  }

  /** Salted hash of a whole file's content. */
  fileHash(text: string | Buffer): string {
    return createHash('sha256').update(this.data.salt).update(text).digest('hex').slice(0, 32);
  }

  secret(name: string): JournalSecret | undefined {
    return this.data.secrets[name];
  }

  file(path: string): JournalFile | undefined {
    return this.data.files[path];
  }

  /**
   * The request token for writing `contentFp` to secret `name`: reused when the same write was
   * started before (so a retry is idempotent), otherwise a fresh random UUID. Persisted before use.
   */
  async tokenFor(name: string, sourcePath: string, keys: string[], op: 'create' | 'put', contentFp: string): Promise<string> {
    const s = this.ensureSecret(name, sourcePath, keys);
    if (s.pending && s.pending.op === op && s.pending.content === contentFp) return s.pending.token;
    s.pending = { op, content: contentFp, token: randomUUID() };
    s.updatedAt = new Date().toISOString();
    await this.save();
    return s.pending.token;
  }

  async secretVerified(name: string, sourcePath: string, keys: string[], contentFp: string): Promise<void> {
    const s = this.ensureSecret(name, sourcePath, keys);
    const merged = [...new Set([...s.keys, ...keys])];
    // Nothing new: leave the journal file alone (a repeated run changes nothing, not even this).
    if (s.verified === contentFp && !s.pending && merged.length === s.keys.length) return;
    s.keys = merged;
    s.verified = contentFp;
    delete s.pending;
    s.updatedAt = new Date().toISOString();
    await this.save();
  }

  /** Record where a stored secret lives (saved only when it changed). */
  async secretArns(name: string, arn: string, replicaArns: string[]): Promise<void> {
    const s = this.data.secrets[name];
    if (!s) return;
    const replicas = [...new Set([...(s.replicaArns ?? []), ...replicaArns])].sort();
    if (s.arn === arn && replicas.length === (s.replicaArns ?? []).length) return;
    s.arn = arn;
    s.replicaArns = replicas;
    await this.save();
  }

  /** Every secret ARN (and replica ARN) migrate stored, over all runs. */
  storedArns(): string[] {
    return Object.values(this.data.secrets).flatMap((s) => (s.arn ? [s.arn, ...(s.replicaArns ?? [])] : []));
  }

  async setFile(path: string, entry: Omit<JournalFile, 'updatedAt'>): Promise<void> {
    this.data.files[path] = { ...entry, updatedAt: new Date().toISOString() };
    await this.save();
  }

  /**
   * Paths leakguard itself changed whose content is still what it wrote (hash match), so a resumed
   * run does not count them as uncommitted user changes.
   */
  ownChanges(currentHash: (path: string) => string | undefined): Set<string> {
    const own = new Set<string>();
    for (const [p, f] of Object.entries(this.data.files)) {
      if (f.state !== 'written') continue;
      if (f.after && currentHash(p) === f.after) own.add(p);
      for (const [x, h] of Object.entries(f.extra ?? {})) if (currentHash(x) === h) own.add(x);
    }
    return own;
  }

  private ensureSecret(name: string, sourcePath: string, keys: string[]): JournalSecret {
    let s = this.data.secrets[name];
    if (!s) {
      s = { sourcePath, keys: [...keys], updatedAt: new Date().toISOString() };
      this.data.secrets[name] = s;
    }
    return s;
  }

  async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = join(dirname(this.path), `.journal-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, JSON.stringify(this.data, null, 2) + '\n', { mode: 0o600 });
      await rename(tmp, this.path);
      await chmod(this.path, 0o600).catch(() => undefined);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }
}
