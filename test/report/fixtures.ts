// A ScanResult built at run time: fixture secrets are assembled here so the committed tree holds none.
import { randomBytes } from 'node:crypto';
import type { Finding, ScanResult } from '../../src/types.js';
import { emptySummary } from '../../src/types.js';
import { fingerprint } from '../../src/allow/fingerprint.js';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function keyId(): string {
  let s = 'AK' + 'IA';
  for (const b of randomBytes(16)) s += B32[b % 32];
  return s;
}

export function awsSecret(): string {
  return randomBytes(30).toString('base64').replace(/[+/]/g, 'x');
}

export function finding(partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'path' | 'secret' | 'lineText'>): Finding {
  const col = partial.lineText.indexOf(partial.secret.split('\n')[0]) + 1;
  const f: Finding = {
    description: partial.ruleId.replace(/-/g, ' '),
    kind: 'generic-secret',
    line: 1,
    column: col > 0 ? col : 1,
    endLine: partial.line ?? 1,
    endColumn: (col > 0 ? col : 1) + partial.secret.length,
    match: partial.secret,
    entropy: 4.2,
    fingerprint: '',
    confidence: 'high',
    reasons: ['the value\'s shape proves it (fixture)'],
    ...partial,
  };
  f.fingerprint = fingerprint(f);
  return f;
}

export interface Fixture {
  result: ScanResult;
  secrets: string[];
  /** Values that must never appear when redacting (the secrets and their long lines). */
  forbidden: string[];
}

export function fixture(): Fixture {
  const id = keyId();
  const sk = awsSecret();
  const pw = 'Tr0ub4dor&3<x>"' + randomBytes(3).toString('hex');
  const token = 'ghp_' + randomBytes(27).toString('base64url').slice(0, 36);
  const pemBody = randomBytes(48).toString('base64');
  const pem = `-----BEGIN RSA PRIVATE ${'KEY'}-----\n${pemBody}\n-----END RSA PRIVATE ${'KEY'}-----`;
  const decoded = 'Sup3r' + randomBytes(6).toString('hex');
  const b64 = Buffer.from(decoded).toString('base64');
  const findings: Finding[] = [
    finding({ ruleId: 'aws-access-key-id', kind: 'aws-access-key-id', path: 'src/config.py', line: 12, endLine: 12, secret: id, lineText: `AWS_KEY = "${id}"  # and again ${id}`, match: `"${id}"` }),
    finding({
      ruleId: 'aws-secret-access-key',
      kind: 'aws-secret-access-key',
      path: 'deploy/a,b:c%d.tf',
      line: 3,
      endLine: 3,
      secret: sk,
      lineText: `  secret_key = "${sk}"`,
      match: `secret_key = "${sk}"`,
      commit: { sha: 'a'.repeat(40), author: 'Dev One', email: 'dev@example.test', date: '2024-01-02T03:04:05Z', message: `add key ${sk}\n\nbody mentions ${pw}` },
    }),
    finding({
      ruleId: 'password-assignment',
      kind: 'password',
      path: 'conf/app.xml',
      line: 7,
      endLine: 7,
      secret: pw,
      lineText: `<password>${pw}</password>`,
      match: `<password>${pw}</password>`,
      commit: { sha: 'b'.repeat(40), author: 'Dev Two', email: 'two@example.test', date: '2024-02-03T04:05:06Z', message: 'config' },
    }),
    finding({ ruleId: 'github-pat', kind: 'token', path: 'x/long.js', line: 1, endLine: 1, secret: token, lineText: 'var a = 1;'.repeat(40) + `t="${token}";` + 'var b = 2;'.repeat(40), match: token }),
    finding({ ruleId: 'private-key', kind: 'private-key', path: 'keys/id_rsa', line: 1, endLine: 3, secret: pem, lineText: `-----BEGIN RSA PRIVATE ${'KEY'}-----`, match: pem }),
    {
      ...finding({ ruleId: 'k8s-secret-password', kind: 'password', path: 'k8s/secret.yaml', line: 5, endLine: 5, secret: decoded, lineText: `  password: ${b64}`, match: b64 }),
      column: 13,
      endColumn: 13 + b64.length,
      decodedFrom: 'base64',
      verified: false,
    },
  ];
  const summary = emptySummary();
  summary.scanned = 42;
  summary.commits = 7;
  summary.skipped.binary = 2;
  summary.skipped.tooLarge = 1;
  summary.suppressed.baseline = 3;
  summary.suppressed.inline = 1;
  summary.durationMs = 1234;
  summary.notes = ['history is shallow', `note mentioning ${token}`];
  const secrets = [id, sk, pw, token, pem, decoded];
  return { result: { findings, summary }, secrets, forbidden: [id, sk, pw, token, pemBody, decoded, b64] };
}
