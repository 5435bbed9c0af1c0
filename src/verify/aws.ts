// `scan --verify`: checks found AWS key pairs with STS GetCallerIdentity, the one AWS call that needs
// no permission and changes nothing. Each access key ID is paired with the secret access keys found
// near it (same file and commit first, nearest line first; then other files), and a session token
// for temporary (ASIA) keys. The pair is sent only to STS, through the SDK's standard endpoint
// resolution (AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, region from AWS_REGION / AWS_DEFAULT_REGION,
// else us-east-1), signed with the pair itself; nothing else leaves the process, and no message
// written here holds a secret.
//
// Every finding gets `verified`: true (AWS accepted the pair), false (AWS rejected it), or 'unknown'
// (not an AWS key pair, no partner found, or the check could not run, e.g. a network error).
import { IAM_UNIQUE_ID_RULE, type Finding, type ScanResult } from '../types.js';

export type Verdict = boolean | 'unknown';

export interface VerifyOptions {
  onlyVerified: boolean;
  /** Secrets tried per key ID (network calls), default 5. */
  maxCandidates?: number;
  /** Per-call timeout in ms, default 10 s. */
  timeoutMs?: number;
}

interface Pair {
  keyId: Finding;
  secret: Finding;
  token?: Finding;
}

/** Error codes by which STS says the credentials are not valid. */
const REJECTED = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'UnrecognizedClientException',
  'AuthFailure',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
]);

/** Codes that mean the request was authenticated (the pair is live) but not allowed. */
const AUTHENTICATED = new Set(['AccessDenied', 'AccessDeniedException']);

function sameCommit(a: Finding, b: Finding): boolean {
  return (a.commit?.sha ?? '') === (b.commit?.sha ?? '');
}

/** Secrets to try with `keyId`, best first: same file and commit by line distance, same file, then elsewhere. */
export function candidatesFor(keyId: Finding, secrets: Finding[], max: number): Finding[] {
  const rank = (s: Finding): [number, number] => {
    const tier = s.path === keyId.path ? (sameCommit(s, keyId) ? 0 : 1) : 2;
    return [tier, Math.abs(s.line - keyId.line)];
  };
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const s of [...secrets].sort((a, b) => {
    const [ta, da] = rank(a);
    const [tb, db] = rank(b);
    return ta - tb || da - db;
  })) {
    if (seen.has(s.secret)) continue;
    seen.add(s.secret);
    out.push(s);
    if (out.length >= max) break;
  }
  return out;
}

function nearestToken(keyId: Finding, tokens: Finding[]): Finding | undefined {
  let best: Finding | undefined;
  for (const t of tokens) {
    if (t.path !== keyId.path || !sameCommit(t, keyId)) continue;
    if (!best || Math.abs(t.line - keyId.line) < Math.abs(best.line - keyId.line)) best = t;
  }
  return best;
}

type Checker = (p: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => Promise<{ verdict: Verdict; why?: string }>;

async function stsChecker(timeoutMs: number): Promise<Checker> {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
  return async (creds) => {
    const client = new STSClient({ region, credentials: creds, maxAttempts: 2 });
    try {
      await client.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(timeoutMs) as never });
      return { verdict: true };
    } catch (err) {
      const e = err as { name?: string; Code?: string; code?: string; $metadata?: { httpStatusCode?: number } };
      const code = e.name ?? e.Code ?? e.code ?? '';
      if (REJECTED.has(code)) return { verdict: false };
      if (AUTHENTICATED.has(code)) return { verdict: true };
      const status = e.$metadata?.httpStatusCode;
      // The SDK's message for network errors names host and port, never the credentials; keep it short anyway.
      return { verdict: 'unknown', why: status ? `${code || 'error'} (HTTP ${status})` : code || 'network error' };
    } finally {
      client.destroy();
    }
  };
}

async function mapLimit<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

function combine(a: Verdict | undefined, b: Verdict): Verdict {
  if (a === true || b === true) return true;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return false;
}

/**
 * Marks every finding of `result` with `verified`; with onlyVerified, keeps only verified ones.
 * `check` replaces the STS call (for callers that bring their own transport); default: STS.
 */
export async function verifyFindings(result: ScanResult, opts: VerifyOptions, check?: Checker): Promise<ScanResult> {
  const findings = result.findings;
  // IAM unique IDs (AIDA, AROA, ...) have the kind but are no access keys: nothing to verify
  const keyIds = findings.filter((f) => f.kind === 'aws-access-key-id' && f.ruleId !== IAM_UNIQUE_ID_RULE);
  const secrets = findings.filter((f) => f.kind === 'aws-secret-access-key');
  const tokens = findings.filter((f) => f.kind === 'aws-session-token');
  const verdicts = new Map<Finding, Verdict>();
  const notes: string[] = [];
  if (keyIds.length && secrets.length) {
    const checker = check ?? (await stsChecker(opts.timeoutMs ?? 10_000));
    const cache = new Map<string, Promise<{ verdict: Verdict; why?: string }>>();
    const why = new Set<string>();
    let calls = 0;
    const run = (p: Pair) => {
      const token = p.keyId.secret.startsWith('ASIA') ? p.token?.secret : undefined;
      const k = JSON.stringify([p.keyId.secret, p.secret.secret, token ?? '']);
      let r = cache.get(k);
      if (!r) {
        calls++;
        r = checker({ accessKeyId: p.keyId.secret, secretAccessKey: p.secret.secret, sessionToken: token });
        cache.set(k, r);
      }
      return r;
    };
    await mapLimit(keyIds, 4, async (keyId) => {
      const token = nearestToken(keyId, tokens);
      let verdict: Verdict | undefined;
      for (const secret of candidatesFor(keyId, secrets, opts.maxCandidates ?? 5)) {
        const r = await run({ keyId, secret, token });
        if (r.why) why.add(r.why);
        verdict = combine(verdict, r.verdict);
        verdicts.set(secret, combine(verdicts.get(secret), r.verdict));
        if (r.verdict === true) {
          if (token) verdicts.set(token, true);
          break;
        }
      }
      verdicts.set(keyId, verdict ?? 'unknown');
    });
    notes.push(`verify: ${calls} AWS key pair${calls === 1 ? '' : 's'} checked with STS GetCallerIdentity`);
    if (why.size) notes.push(`verify: some checks could not run (${[...why].slice(0, 3).join('; ')})`);
  } else if (keyIds.length) {
    notes.push('verify: no secret access key found to pair with the access key IDs; nothing checked');
  }
  for (const f of findings) {
    f.verified = verdicts.get(f) ?? 'unknown';
    if (f.verified === true) {
      // Live proof outweighs anything the judge saw.
      f.confidence = 'high';
      f.reasons = [...(f.reasons ?? []), 'verified live with AWS STS'];
    }
  }
  const kept = opts.onlyVerified ? findings.filter((f) => f.verified === true) : findings;
  return { findings: kept, summary: { ...result.summary, notes: [...result.summary.notes, ...notes] } };
}
