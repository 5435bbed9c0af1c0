// `scan --verify` against moto's STS with IAM authentication switched on (moto's reset-auth API), so
// GetCallerIdentity really checks the key pair: a pair created with IAM CreateAccessKey is accepted,
// a made-up pair is rejected, and an unreachable endpoint leaves the verdict 'unknown'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { join, resolve } from 'node:path';
import { freePort, motoAvailable, startMoto, type Moto } from '../helpers/moto.js';
import { cleanupTemp, gitEnv, tempDir } from '../helpers/git.js';
import { candidatesFor } from '../../src/verify/aws.js';
import type { Finding } from '../../src/types.js';

const BIN = resolve(__dirname, '../../bin/leakguard.js');
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKeyId(): string {
  let s = 'AKIA';
  for (let i = 0; i < 16; i++) s += B32[randomInt(32)];
  return s;
}

function randomSecret(): string {
  let s = '';
  while (s.length < 40) s += randomBytes(40).toString('base64').replace(/[^A-Za-z0-9]/g, '');
  return s.slice(0, 20) + '/' + s.slice(21, 40);
}

/** Creates IAM users and access keys in moto (boto3) until a key ID has the base32 shape real AWS keys have. */
function createAccessKey(url: string): { id: string; secret: string } {
  const py = `
import boto3, json, re
iam = boto3.client('iam', endpoint_url=${JSON.stringify(url)}, region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing')
for i in range(40):
    name = 'leakguard-verify-%d' % i
    iam.create_user(UserName=name)
    k = iam.create_access_key(UserName=name)['AccessKey']
    if re.fullmatch(r'AKIA[A-Z2-7]{16}', k['AccessKeyId']):
        print(json.dumps({'id': k['AccessKeyId'], 'secret': k['SecretAccessKey']}))
        break
`;
  const r = spawnSync('python3', ['-c', py], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`boto3 CreateAccessKey failed: ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout);
}

let moto: Moto | undefined;
let real: { id: string; secret: string };

beforeAll(async () => {
  if (!existsSync(resolve(__dirname, '../../dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
  if (!motoAvailable()) return;
  moto = await startMoto();
  real = createAccessKey(moto.url);
  // From now on moto authenticates every request against its IAM users and checks the signature.
  const res = await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: '0' });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await fetch(`${moto?.url}/moto-api/reset-auth`, { method: 'POST', body: 'inf' }).catch(() => undefined);
  await moto?.stop();
  cleanupTemp();
});

function lg(args: string[], cwd: string, endpoint: string) {
  const env = gitEnv({
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
  });
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonFinding {
  path: string;
  line: number;
  kind: string;
  verified?: boolean | 'unknown';
}

function repo(fake: { id: string; secret: string }): string {
  const dir = tempDir('lg-verify-');
  spawnSync('git', ['init', '-q'], { cwd: dir, env: gitEnv() });
  writeFileSync(join(dir, '.env'), `AWS_ACCESS_KEY_ID=${real.id}\nAWS_SECRET_ACCESS_KEY=${real.secret}\nDB_PASSWORD=Summer${'2024!'}\n`);
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(join(dir, 'deploy', 'credentials'), `[default]\naws_access_key_id = ${fake.id}\naws_secret_access_key = ${fake.secret}\n`);
  return dir;
}

function verdicts(out: string): string[] {
  const r = JSON.parse(out);
  const list: JsonFinding[] = r.findings ?? r;
  return list.map((f) => `${f.path}:${f.line}:${f.kind}:${String(f.verified)}`).sort();
}

describe('scan --verify (moto STS)', () => {
  it('marks the IAM-created pair verified and a made-up pair not, without printing either secret', (ctx) => {
    if (!moto) return ctx.skip();
    const fake = { id: randomKeyId(), secret: randomSecret() };
    const dir = repo(fake);
    const r = lg(['scan', '--verify', '--format', 'json', '.'], dir, moto.url);
    expect(r.code).toBe(1);
    expect(verdicts(r.out)).toEqual([
      '.env:1:aws-access-key-id:true',
      '.env:2:aws-secret-access-key:true',
      '.env:3:password:unknown',
      'deploy/credentials:2:aws-access-key-id:false',
      'deploy/credentials:3:aws-secret-access-key:false',
    ]);
    for (const text of [r.out, r.err]) {
      expect(text).not.toContain(real.secret);
      expect(text).not.toContain(fake.secret);
    }
    const t = lg(['scan', '--verify', '.'], dir, moto.url);
    expect(t.code).toBe(1);
    expect(t.out + t.err).not.toContain(real.secret);
  });

  it('--only-verified reports only the live pair', (ctx) => {
    if (!moto) return ctx.skip();
    const dir = repo({ id: randomKeyId(), secret: randomSecret() });
    const r = lg(['scan', '--verify', '--only-verified', '--format', 'json', '.'], dir, moto.url);
    expect(r.code).toBe(1);
    expect(verdicts(r.out)).toEqual(['.env:1:aws-access-key-id:true', '.env:2:aws-secret-access-key:true']);
  });

  it("says 'unknown' when STS cannot be reached, and --only-verified then reports nothing (exit 0)", async (ctx) => {
    if (!moto) return ctx.skip();
    const dir = repo({ id: randomKeyId(), secret: randomSecret() });
    const closed = `http://127.0.0.1:${await freePort()}`;
    const r = lg(['scan', '--verify', '--format', 'json', '.'], dir, closed);
    expect(r.code).toBe(1);
    const v = verdicts(r.out);
    expect(v).toHaveLength(5);
    for (const line of v) expect(line.endsWith(':unknown')).toBe(true);
    expect(r.out + r.err).not.toContain(real.secret);
    const only = lg(['scan', '--verify', '--only-verified', '--format', 'json', '.'], dir, closed);
    expect(only.code).toBe(0);
  });
});

describe('pairing key IDs with secrets', () => {
  const f = (path: string, line: number, secret: string, sha?: string): Finding => ({
    ruleId: 'x', description: 'x', kind: 'aws-secret-access-key', path, line, column: 1, endLine: line, endColumn: 2,
    secret, match: secret, lineText: '', entropy: 4, fingerprint: '',
    commit: sha ? { sha, author: 'a', email: 'e', date: '2024-01-01' } : undefined,
  });

  it('prefers the same file and commit, then the nearest line, then other files; each secret once', () => {
    const key = { ...f('a.env', 10, 'K', 'c1'), kind: 'aws-access-key-id' as const };
    const secrets = [f('b.env', 10, 's-other-file', 'c1'), f('a.env', 30, 's-far', 'c1'), f('a.env', 11, 's-near', 'c1'), f('a.env', 10, 's-other-commit', 'c2'), f('a.env', 12, 's-near', 'c1')];
    expect(candidatesFor(key, secrets, 10).map((s) => s.secret)).toEqual(['s-near', 's-far', 's-other-commit', 's-other-file']);
    expect(candidatesFor(key, secrets, 2).map((s) => s.secret)).toEqual(['s-near', 's-far']);
  });
});
