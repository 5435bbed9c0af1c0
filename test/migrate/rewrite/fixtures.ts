// Test helpers for rewriters: run-time secrets (nothing credential-like is committed) and Findings built
// from where a secret sits in a text, the way the scanner reports them (1-based line/column).
import { randomBytes } from 'node:crypto';
import type { Finding } from '../../../src/types.js';
import type { RewriteRequest } from '../../../src/migrate/types.js';

/** A random password-like value that is unique per call. */
export function secretValue(prefix = 'Pw'): string {
  return prefix + randomBytes(12).toString('base64').replace(/[+/=]/g, 'x') + '9';
}

/** An AWS-access-key-ID-shaped value generated at run time. */
export function awsKeyId(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let s = 'AKIA';
  for (const b of randomBytes(16)) s += chars[b % chars.length];
  return s;
}

export function findingAt(path: string, text: string, secret: string, key?: string, nth = 0): Finding {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(secret, at + 1);
  if (at < 0) throw new Error('fixture: secret not in text');
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  return {
    ruleId: 'test-rule',
    description: 'test',
    kind: 'password',
    path,
    line,
    column: at - lineStart + 1,
    endLine: line,
    endColumn: at - lineStart + 1 + secret.length,
    secret,
    match: secret,
    lineText: text.slice(lineStart, lineEnd),
    entropy: 4,
    fingerprint: 'x',
    key,
  };
}

export function request(
  path: string,
  text: string,
  values: Array<{ secret: string; key: string; secretName?: string; nth?: number }>,
  root = '/nonexistent-root',
): RewriteRequest {
  return {
    root,
    path,
    text,
    items: values.map((v) => ({
      finding: findingAt(path, text, v.secret, v.key, v.nth ?? 0),
      secretName: v.secretName ?? 'myapp/dev/' + path.replace(/[^A-Za-z0-9]+/g, '-'),
      key: v.key,
    })),
  };
}

/** A counting pass-through HTTP proxy in front of moto: records the X-Amz-Target of every request. */
export async function countingProxy(targetUrl: string): Promise<{ url: string; targets: string[]; close(): Promise<void> }> {
  const { createServer, request: httpRequest } = await import('node:http');
  const target = new URL(targetUrl);
  const targets: string[] = [];
  const server = createServer((req, res) => {
    targets.push(String(req.headers['x-amz-target'] ?? ''));
    const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  return {
    url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    targets,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
