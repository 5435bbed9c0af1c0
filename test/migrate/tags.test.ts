// `migrate --tag KEY=VALUE`: the user's tags on every stored secret, beside created-by and
// source-path, shown in the plan; added to a secret that already existed; refused when malformed,
// reserved, or holding a found value. Built CLI, moto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomInt } from 'node:crypto';
import { CreateSecretCommand, DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { motoAvailable, motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { cleanupTemp, gitEnv, makeRepo } from '../helpers/git.js';
import { expectUserError, lg, requireBuild } from '../hardening/cli.js';
import { testClient } from './aws-helpers.js';

const AN = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const pw = () => 'T' + Array.from({ length: 16 }, () => AN[randomInt(AN.length)]).join('') + randomInt(10);

describe.runIf(motoAvailable())('leakguard migrate --tag', () => {
  let moto: Moto;
  let client: SecretsManagerClient;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    requireBuild();
    moto = await startMoto();
    client = testClient(moto.url);
    env = { ...gitEnv(), ...motoEnv(moto) };
  });
  afterAll(async () => {
    await moto?.stop();
    cleanupTemp();
  });

  const tagsOf = async (name: string) => Object.fromEntries(((await client.send(new DescribeSecretCommand({ SecretId: name }))).Tags ?? []).map((t) => [t.Key, t.Value]));

  it('tags new secrets and ones that already existed, shows the tags in the plan, and makes no write on a rerun', async () => {
    const repo = makeRepo();
    repo.write('.env', `DB_PASSWORD=${pw()}\n`);
    repo.write('app/.env', `API_TOKEN=${pw()}\n`);
    repo.commitAll('legacy');
    await client.send(new CreateSecretCommand({ Name: 'shop/prod/app/env', SecretString: '{}' })); // exists already, untagged
    const args = ['migrate', '--prefix', 'shop/prod', '--tag', 'team=payments', '--tag', 'cost center=42'];
    const plan = lg(args, repo.dir, { env });
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('tags on each: created-by=leakguard, source-path=<its file>, team=payments, cost center=42');
    const r = lg([...args, '--apply', '--yes'], repo.dir, { env, timeoutMs: 60_000 });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(await tagsOf('shop/prod/env')).toEqual({ 'created-by': 'leakguard', 'source-path': '.env', team: 'payments', 'cost center': '42' });
    expect(await tagsOf('shop/prod/app/env')).toMatchObject({ team: 'payments', 'cost center': '42' });
    const again = lg([...args, '--apply', '--yes'], repo.dir, { env, timeoutMs: 60_000 });
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/nothing to do/);
  });

  it('refuses a malformed, reserved or repeated tag, and one holding a found value (exit 2, one line)', () => {
    const repo = makeRepo();
    const v = pw();
    repo.write('.env', `DB_PASSWORD=${v}\n`);
    repo.commitAll('legacy');
    expectUserError(lg(['migrate', '--tag', 'novalue'], repo.dir, { env }), 'no =');
    expectUserError(lg(['migrate', '--tag', 'aws:owner=x'], repo.dir, { env }), 'aws: prefix');
    expectUserError(lg(['migrate', '--tag', 'created-by=me'], repo.dir, { env }), 'own tag');
    expectUserError(lg(['migrate', '--tag', 'a=1', '--tag', 'a=2'], repo.dir, { env }), 'twice');
    expectUserError(lg(['migrate', '--tag', 'x=semi;colon'], repo.dir, { env }), 'bad character');
    const held = lg(['migrate', '--tag', `note=${v}`], repo.dir, { env });
    expectUserError(held, 'found value');
    expect(held.out + held.err).not.toContain(v);
  });
});
