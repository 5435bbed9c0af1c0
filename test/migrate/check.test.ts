// `leakguard migrate --check` (CI): every reference in the repo resolves to an existing secret and
// key; exit 1 naming a broken one, 2 when AWS cannot be reached; no value printed. Built CLI, moto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomInt } from 'node:crypto';
import { CreateSecretCommand, DeleteSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { motoAvailable, motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { cleanupTemp, gitEnv, makeRepo, type TempRepo } from '../helpers/git.js';
import { expectUserError, lg, requireBuild } from '../hardening/cli.js';
import { testClient } from './aws-helpers.js';

const AN = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const pw = () => Array.from({ length: 18 }, () => AN[randomInt(AN.length)]).join('') + randomInt(10);

describe.runIf(motoAvailable())('leakguard migrate --check', () => {
  let moto: Moto;
  let client: SecretsManagerClient;
  let repo: TempRepo;
  let env: NodeJS.ProcessEnv;
  const values = { db: pw(), api: pw() };
  beforeAll(async () => {
    requireBuild();
    moto = await startMoto();
    client = testClient(moto.url);
    env = { ...gitEnv(), ...motoEnv(moto) };
    await client.send(new CreateSecretCommand({ Name: 'shop/prod/env', SecretString: JSON.stringify({ DB_PASSWORD: values.db }) }));
    await client.send(new CreateSecretCommand({ Name: 'shop/prod/settings-py', SecretString: JSON.stringify({ API_KEY: values.api }) }));
    repo = makeRepo();
    repo.write('.env', 'DB_PASSWORD=aws-sm://shop/prod/env#DB_PASSWORD\nDEBUG=1\n');
    repo.write('docker-compose.yml', 'services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?run under leakguard exec to set it from aws-sm://shop/prod/env#DB_PASSWORD}\n');
    repo.write('settings.py', 'from leakguard_secrets import get_secret\n\nAPI_KEY = get_secret("shop/prod/settings-py", "API_KEY")\n');
    repo.commitAll('migrated');
  });
  afterAll(async () => {
    await moto?.stop();
    cleanupTemp();
  });

  it('passes when every reference resolves, and shows rotation, KMS key and last access, no value', () => {
    const r = lg(['migrate', '--check'], repo.dir, { env });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok +\.env:1 +shop\/prod\/env#DB_PASSWORD +rotation: off +kms: \S+ +last accessed: \S+$/m);
    expect(r.out).toMatch(/^ok +docker-compose\.yml:4 +shop\/prod\/env#DB_PASSWORD/m);
    expect(r.out).toMatch(/^ok +settings\.py:3 +shop\/prod\/settings-py#API_KEY/m);
    expect(r.out).toMatch(/All 3 reference\(s\) resolve\./);
    for (const v of Object.values(values)) expect(r.out + r.err).not.toContain(v);
  });

  it('fails (exit 1) naming a missing key and a deleted secret', async () => {
    repo.write('config.yml', 'api:\n  other: aws-sm://shop/prod/settings-py#NO_SUCH_KEY\n');
    repo.commitAll('a broken reference');
    let r = lg(['migrate', '--check'], repo.dir, { env });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^BROKEN +config\.yml:2 +shop\/prod\/settings-py#NO_SUCH_KEY +\(the secret has no key "NO_SUCH_KEY"\)$/m);
    await client.send(new DeleteSecretCommand({ SecretId: 'shop/prod/env', ForceDeleteWithoutRecovery: true }));
    r = lg(['migrate', '--check'], repo.dir, { env });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^BROKEN +\.env:1 +shop\/prod\/env#DB_PASSWORD +\(no such secret\)$/m);
    expect(r.out).toMatch(/3 of 4 reference\(s\) do not resolve\./);
    for (const v of Object.values(values)) expect(r.out + r.err).not.toContain(v);
  });

  it('exits 2 with one line when Secrets Manager cannot be reached', () => {
    const r = lg(['migrate', '--check', '--endpoint-url', 'http://127.0.0.1:9'], repo.dir, { env: { ...env, AWS_ENDPOINT_URL_SECRETS_MANAGER: '' }, timeoutMs: 60_000 });
    expectUserError(r, 'unreachable');
    expect(r.err).toMatch(/cannot reach Secrets Manager/);
  });
});
