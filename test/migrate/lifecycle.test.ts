// `migrate --rotation-lambda ARN --rotate-after-days N` and `--replicate-to REGION,...` (issue 13,
// item 7): every stored secret gets its rotation schedule (without an immediate rotation) and its
// replicas, shown in the plan; a rerun makes no change; the IAM policy names the replicas' ARNs;
// bad flags are one line and exit 2. Built CLI against moto; the rotation function is created in
// moto's Lambda with boto3 (moto never runs it: RotateImmediately is false).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { passwordValue } from '../helpers/values.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { motoAvailable, motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { cleanupTemp, gitEnv, makeRepo } from '../helpers/git.js';
import { expectUserError, lg, requireBuild } from '../hardening/cli.js';
import { testClient } from './aws-helpers.js';

const pw = (): string => passwordValue('R', 16);

/** A Lambda function in moto to name as the rotation function (created with boto3, never invoked). */
function createRotationFunction(moto: Moto): string {
  const script = [
    'import boto3, io, json, sys, zipfile',
    'kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")',
    'role = boto3.client("iam", **kw).create_role(RoleName="rotation", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))["Role"]["Arn"]',
    'buf = io.BytesIO()',
    'with zipfile.ZipFile(buf, "w") as z: z.writestr("index.py", "def handler(event, context):\\n    return None\\n")',
    'fn = boto3.client("lambda", **kw).create_function(FunctionName="rotate-db", Runtime="python3.11", Role=role, Handler="index.handler", Code={"ZipFile": buf.getvalue()})',
    'print(fn["FunctionArn"])',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, moto.url], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`creating the rotation function in moto failed: ${r.stderr.slice(-500)}`);
  return r.stdout.trim();
}

describe.runIf(motoAvailable())('leakguard migrate --rotation-lambda / --replicate-to', () => {
  let moto: Moto;
  let client: SecretsManagerClient;
  let env: NodeJS.ProcessEnv;
  let lambdaArn = '';
  beforeAll(async () => {
    requireBuild();
    moto = await startMoto();
    client = testClient(moto.url);
    env = { ...gitEnv(), ...motoEnv(moto) };
    lambdaArn = createRotationFunction(moto);
  });
  afterAll(async () => {
    await moto?.stop();
    cleanupTemp();
  });

  it('turns on rotation and replicas for every stored secret, shows them in the plan, names the replicas in the policy, and a rerun changes nothing', async () => {
    const repo = makeRepo();
    repo.write('.env', `DB_PASSWORD=${pw()}\n`);
    repo.write('svc/config.json', `{\n  "db": { "password": "${pw()}" }\n}\n`);
    repo.commitAll('legacy');
    const args = ['migrate', '--prefix', 'shop/prod', '--region', 'us-east-1', '--rotation-lambda', lambdaArn, '--rotate-after-days', '14', '--replicate-to', 'eu-west-1,us-west-2'];
    const plan = lg(args, repo.dir, { env });
    expect(plan.err).toBe('');
    expect(plan.out).toContain(`rotation: every 14 day(s) by ${lambdaArn} (first rotation on that schedule, not now)`);
    expect(plan.out).toContain('replicas: eu-west-1, us-west-2');

    const r = lg([...args, '--apply', '--yes'], repo.dir, { env, timeoutMs: 90_000 });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const names = ['shop/prod/env', 'shop/prod/svc/config-json'];
    const arns: string[] = [];
    for (const name of names) {
      const d = await client.send(new DescribeSecretCommand({ SecretId: name }));
      expect(d.RotationEnabled, name).toBe(true);
      expect(d.RotationLambdaARN).toBe(lambdaArn);
      expect(d.RotationRules?.AutomaticallyAfterDays).toBe(14);
      expect((d.ReplicationStatus ?? []).map((x) => x.Region).sort()).toEqual(['eu-west-1', 'us-west-2']);
      arns.push(d.ARN!);
    }
    const policy = JSON.parse(readFileSync(join(repo.dir, '.git', 'leakguard', 'iam-policy.json'), 'utf8'));
    const read = policy.Statement.find((s: { Sid: string }) => s.Sid === 'ReadTheMigratedSecrets');
    const expected = arns.flatMap((a) => [a, a.replace(':us-east-1:', ':eu-west-1:'), a.replace(':us-east-1:', ':us-west-2:')]).sort();
    expect([read.Resource].flat().sort()).toEqual(expected);

    const again = lg([...args, '--apply', '--yes'], repo.dir, { env, timeoutMs: 90_000 });
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/nothing to do/);
    expect(again.out).not.toMatch(/rotation {2}|replicas {2}/);
  });

  it('refuses bad rotation and replication flags with one line (exit 2)', () => {
    const repo = makeRepo();
    repo.write('.env', `DB_PASSWORD=${pw()}\n`);
    repo.commitAll('legacy');
    expectUserError(lg(['migrate', '--rotate-after-days', '7'], repo.dir, { env }), 'needs --rotation-lambda');
    expectUserError(lg(['migrate', '--rotation-lambda', 'not-an-arn'], repo.dir, { env }), 'Lambda function ARN');
    expectUserError(lg(['migrate', '--rotation-lambda', lambdaArn, '--rotate-after-days', '0'], repo.dir, { env }), '1 to 1000');
    expectUserError(lg(['migrate', '--replicate-to', 'eu-west-1,Mars'], repo.dir, { env }), 'not an AWS region');
  });
});
