// `migrate --rotation-lambda ARN --rotate-after-days N` and `--replicate-to REGION,...`: what the
// AWS guides ask of a production secret beyond storing it. After a secret is stored, its rotation
// schedule and replica regions are made what the flags say, with no write when they already are.
// Rotation is turned on without an immediate rotation (RotateImmediately=false): the application
// is being switched over now, and its first rotation runs on the schedule, once it reads the secret.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { UserError } from '../../types.js';

export interface Lifecycle {
  rotation?: { lambdaArn: string; days: number };
  /** Regions to replicate every secret to (without the secret's own region). */
  replicaRegions: string[];
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$/;
const REGION = /^[a-z]{2}(?:-[a-z]+){1,2}-\d$/;

/** The flags, checked: one clear line for each mistake. */
export function parseLifecycle(lambdaArn: string | undefined, days: number | undefined, replicateTo: string[]): Lifecycle {
  if (days !== undefined && lambdaArn === undefined) throw new UserError('--rotate-after-days needs --rotation-lambda (the function that rotates the secret)');
  let rotation: Lifecycle['rotation'];
  if (lambdaArn !== undefined) {
    if (!LAMBDA_ARN.test(lambdaArn)) throw new UserError('--rotation-lambda: expected a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)');
    const d = days ?? 30;
    if (!Number.isInteger(d) || d < 1 || d > 1000) throw new UserError('--rotate-after-days: a whole number of days from 1 to 1000');
    rotation = { lambdaArn, days: d };
  }
  const replicaRegions: string[] = [];
  for (const r of replicateTo.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    if (!REGION.test(r)) throw new UserError(`--replicate-to: '${r.slice(0, 40)}' is not an AWS region name (e.g. eu-west-1)`);
    if (!replicaRegions.includes(r)) replicaRegions.push(r);
  }
  return { rotation, replicaRegions };
}

/** What the plan says about rotation and replicas. */
export function describeLifecycle(l: Lifecycle): string[] {
  const out: string[] = [];
  if (l.rotation) out.push(`  rotation: every ${l.rotation.days} day(s) by ${l.rotation.lambdaArn} (first rotation on that schedule, not now)`);
  if (l.replicaRegions.length) out.push(`  replicas: ${l.replicaRegions.join(', ')}`);
  return out;
}

export interface LifecycleOutcome {
  rotation: 'set' | 'unchanged' | 'none';
  replicasAdded: string[];
}

/** Make one stored secret's rotation and replicas what `l` says; returns what changed. */
export async function applyLifecycle(client: SecretsManagerClient, name: string, homeRegion: string | undefined, l: Lifecycle): Promise<LifecycleOutcome> {
  const out: LifecycleOutcome = { rotation: 'none', replicasAdded: [] };
  if (!l.rotation && !l.replicaRegions.length) return out;
  const sdk = await import('@aws-sdk/client-secrets-manager');
  const d = await client.send(new sdk.DescribeSecretCommand({ SecretId: name }));
  if (l.rotation) {
    const same = d.RotationEnabled && d.RotationLambdaARN === l.rotation.lambdaArn && d.RotationRules?.AutomaticallyAfterDays === l.rotation.days;
    if (same) out.rotation = 'unchanged';
    else {
      await client.send(
        new sdk.RotateSecretCommand({
          SecretId: name,
          RotationLambdaARN: l.rotation.lambdaArn,
          RotationRules: { AutomaticallyAfterDays: l.rotation.days },
          RotateImmediately: false,
        }),
      );
      out.rotation = 'set';
    }
  }
  const have = new Set((d.ReplicationStatus ?? []).map((r) => r.Region));
  const add = l.replicaRegions.filter((r) => r !== homeRegion && !have.has(r));
  if (add.length) {
    await client.send(new sdk.ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: add.map((Region) => ({ Region })) }));
    out.replicasAdded = add;
  }
  return out;
}

/** The ARN of a secret's replica in `region` (same account, name and suffix). */
export function replicaArn(arn: string, region: string): string {
  return arn.replace(/^(arn:aws[a-z-]*:secretsmanager:)[a-z0-9-]+:/, `$1${region}:`);
}
